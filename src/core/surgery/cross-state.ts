/**
 * Moving or copying objects between two states (`mv --to-state`,
 * `import --from`): the same move semantics as an in-state `mv`, with the
 * source and destination in different working states.
 */
import { fail, ok, type Result } from '../diag/index.js';
import { parseTarget } from '../addr/index.js';
import type { StateSnapshot } from '../state/types.js';
import { moveObjects } from './mv.js';
import type { Plan, PlanStep } from './plan.js';
import { movedBlock } from './hcl.js';
import { touchedResources } from './planner.js';
import { WorkingState } from './working.js';

/** Plans for both sides of a cross-state edit. */
export interface CrossStatePlan {
  /** The source's plan; null when the source is only read (copy). */
  readonly source: Plan | null;
  readonly destination: Plan;
  readonly steps: readonly PlanStep[];
  readonly summary: string;
}

function planOf(base: StateSnapshot, ws: WorkingState, steps: PlanStep[], summary: string, hcl: Plan['hcl'] = []): Plan {
  const result = ws.toSnapshot();
  const touched = touchedResources(base.resources, result.resources);
  return { steps, base, result, touched, hcl, summary, changed: touched.length > 0, warnings: [] };
}

/**
 * Moves (`copy: false`) or copies (`copy: true`) what `from` denotes in
 * `source` to `to` in `destination`. `destination` must already be a
 * snapshot (the caller creates an empty one for a new state).
 */
export function planCrossState(source: StateSnapshot, destination: StateSnapshot, from: string, to: string, copy: boolean): Result<CrossStatePlan> {
  const f = parseTarget(from);
  if (!f.ok) return fail(f.diags);
  const t = parseTarget(to);
  if (!t.ok) return fail(t.diags);
  const src = new WorkingState(source);
  const dst = new WorkingState(destination);
  const r = moveObjects(src, dst, f.value, t.value, to);
  if (!r.ok) return fail(r.diags);
  const steps = copy ? r.value.map((s) => ({ ...s, op: 'import', line: s.line.replace(/^Move /, 'Copy '), dryLine: s.dryLine.replace(/^Would move /, 'Would copy ') })) : r.value;
  const n = steps.length;
  const summary = copy ? `Successfully copied ${n} object(s).` : `Successfully moved ${n} object(s).`;
  const isData = f.value.kind !== 'module' && f.value.addr.resource.mode === 'data';
  const hcl = copy ? [] : r.value.map((s) => movedBlock(s.from ?? from, s.to ?? to, isData));
  return ok({
    source: copy ? null : planOf(source, src, steps, summary),
    destination: planOf(destination, dst, steps, summary, hcl),
    steps,
    summary,
  });
}
