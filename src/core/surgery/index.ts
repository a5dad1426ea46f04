/**
 * State surgery: pure planning of mv, rm, import, taint, untaint and
 * replace-provider, single or batched, with Terraform's semantics.
 */
export { planOperations, touchedResources, type PlanOptions } from './planner.js';
export { parseBatch, shellWords, type Batch } from './batch-file.js';
export { formatOperation, operationFromWords, type Operation } from './operation.js';
export { planDiffs, type ResourceDiff } from './diff.js';
export { renderHcl } from './hcl.js';
export { moveObjects, moveStep } from './mv.js';
export { WorkingState } from './working.js';
export type { HclBlock, Plan, PlanStep } from './plan.js';
export { differingResources } from './compare.js';
export { planCrossState, type CrossStatePlan } from './cross-state.js';
