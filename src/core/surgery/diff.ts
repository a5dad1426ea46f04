/**
 * Per-resource unified diffs of a plan, with sensitive values masked. Diffs
 * are computed per touched resource, never over the whole file (which is
 * quadratic on big states).
 */
import { createTwoFilesPatch } from 'diff';
import { formatAbsResource } from '../addr/index.js';
import type { StateSnapshot } from '../state/types.js';
import { findResource } from '../state/query.js';
import { resourceDiffText } from '../state/render.js';
import type { Plan } from './plan.js';

/** One resource's diff. */
export interface ResourceDiff {
  readonly address: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly patch: string;
}

/** Diffs every resource the plan touched, before (`base`) against after (`plan.result`). */
export function planDiffs(base: StateSnapshot, plan: Plan): ResourceDiff[] {
  return plan.touched.map((addr) => {
    const before = findResource(base, addr);
    const after = findResource(plan.result, addr);
    const a = before ? resourceDiffText(before) : '';
    const b = after ? resourceDiffText(after) : '';
    const name = formatAbsResource(addr);
    const kind = !before ? 'added' : !after ? 'removed' : 'changed';
    const patch = createTwoFilesPatch(before ? name : '/dev/null', after ? name : '/dev/null', a, b, 'before', 'after', { context: 3 });
    return { address: name, kind, patch: patch.split('\n').slice(1).join('\n') };
  });
}
