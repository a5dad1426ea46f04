/**
 * Terraform configuration, as far as the audit needs it: blocks that put
 * resources in state or account for them, references with file and line,
 * the module tree through local sources, the comparison with a state, and
 * configuration reference cycles. Pure: the HCL parser and the directory
 * reader are passed in (see `session/config-loader.ts`).
 */
export * from './types.js';
export { childOfType, firstSyntaxError, nodeText, type HclNode, type HclParse } from './hcl-node.js';
export { collectReferences, referencesIn, type ReferenceContext } from './references.js';
export { at, CONFIG_CODES, mergeConfigFiles, readConfigFile } from './extract.js';
export { isLocalModuleSource, joinModuleDir, loadConfigTree, type ModuleDirReader } from './tree.js';
export { blockTarget } from './block-address.js';
export { importCandidates, skeleton, type ImportCandidate } from './import-candidates.js';
export {
  compareStateWithConfig,
  type KeyMismatch,
  type OrphanDisposition,
  type StateConfigComparison,
  type StateOrphan,
  type UncheckedModule,
} from './compare.js';
export { buildReferenceGraph, findConfigCycles, type ConfigCycle, type ReferenceEdge, type ReferenceGraph } from './reference-graph.js';
