/**
 * `rm ADDRESS...` (terraform-state.md §6): each address resolved with
 * allowMissing, sorted on its own, concatenated (duplicates kept); current and
 * deposed objects dropped; resources disappear with their last instance.
 * Dependencies of others are left as they are, as Terraform does.
 */
import { formatAbsResourceInstance, keyEquals } from '../addr/index.js';
import type { AbsResourceInstance, Target } from '../addr/types.js';
import { resolveTarget } from '../state/query.js';
import type { PlanStep } from './plan.js';
import { rebuildResource, type WorkingState } from './working.js';

/**
 * Removes every instance the targets denote. Returns one step per resolved
 * instance (duplicates included, as Terraform counts them); an empty list
 * means nothing matched (the caller decides whether that is an error).
 */
export function removeObjects(ws: WorkingState, targets: readonly Target[]): PlanStep[] {
  const steps: PlanStep[] = [];
  const snap = ws.toSnapshot();
  const doomed: AbsResourceInstance[] = [];
  for (const t of targets) {
    for (const inst of resolveTarget(snap, t, true).instances) {
      const s = formatAbsResourceInstance(inst);
      steps.push({ op: 'rm', line: `Removed ${s}`, dryLine: `Would remove ${s}`, from: s });
      doomed.push(inst);
    }
  }
  for (const inst of doomed) {
    const entry = ws.find({ module: inst.module, resource: inst.resource });
    if (!entry) continue; // already removed by a duplicate
    const staying = entry.instances.filter((o) => !keyEquals(o.key, inst.key));
    if (staying.length === entry.instances.length) continue;
    if (staying.length === 0) ws.remove({ module: inst.module, resource: inst.resource });
    else ws.replace(rebuildResource(entry, { instances: staying }));
  }
  return steps;
}
