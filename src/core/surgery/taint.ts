/**
 * `taint ADDRESS` / `untaint ADDRESS` (terraform-state.md §8.2): the current
 * object's status only; nothing else changes.
 */
import { error, fail, ok, type Result } from '../diag/index.js';
import { formatAbsResourceInstance, formatTarget, keyEquals } from '../addr/index.js';
import { NO_KEY, type AbsResourceInstance, type Target } from '../addr/types.js';
import type { PlanStep } from './plan.js';
import { rebuildInstance, rebuildResource, type WorkingState } from './working.js';

/**
 * Sets (taint) or clears (untaint) the `tainted` status of an instance's
 * current object. Tainting a tainted object is a successful no-op (`done`).
 */
export function setTainted(ws: WorkingState, target: Target, tainted: boolean): Result<PlanStep[]> {
  const verb = tainted ? 'tainted' : 'untainted';
  if (target.kind === 'module') {
    return fail(error('taint.not-instance', 'Invalid resource instance address', `${formatTarget(target)} is a module; ${tainted ? 'taint' : 'untaint'} needs a single resource instance address.`, formatTarget(target)));
  }
  const addr: AbsResourceInstance = target.kind === 'instance' ? target.addr : { ...target.addr, key: NO_KEY };
  const s = formatAbsResourceInstance(addr);
  if (addr.resource.mode !== 'managed') {
    return fail(error('taint.data-resource', 'Invalid resource instance address', `Resource instance ${s} cannot be ${verb}: only managed resources can be ${verb}.`, s));
  }
  if (ws.resources.length === 0) {
    return fail(error('taint.empty-state', 'No such resource instance', `The state currently contains no resource instances whatsoever. This may occur if the configuration has never been applied or if it has recently been destroyed.`, s));
  }
  const entry = ws.find({ module: addr.module, resource: addr.resource });
  const objects = entry ? entry.instances.filter((o) => keyEquals(o.key, addr.key)) : [];
  if (!entry || objects.length === 0) {
    return fail(error('taint.no-instance', 'No such resource instance', `There is no resource instance in the state with the address ${s}. If the resource configuration has just been added, you must run "terraform apply" first to create the object before using ${tainted ? 'taint' : 'untaint'}.`, s));
  }
  const current = objects.find((o) => o.deposed === '');
  if (!current) {
    return fail(error('taint.deposed-only', 'No such resource instance', `Resource instance ${s} is currently part-way through a create_before_destroy replacement action. Run "terraform apply" to complete its replacement before using ${tainted ? 'taint' : 'untaint'}.`, s));
  }
  const want = tainted ? 'tainted' : 'ready';
  const line = tainted ? `Resource instance ${s} has been marked as tainted.` : `Resource instance ${s} has been successfully untainted.`;
  if (current.status === want) {
    if (!tainted) return fail(error('untaint.not-tainted', 'Resource instance is not tainted', `Resource instance ${s} is not currently tainted, and so it cannot be untainted.`, s));
    return ok([{ op: 'taint', line, dryLine: `Would mark ${s} as tainted (it already is).`, from: s, done: true }]);
  }
  ws.replace(rebuildResource(entry, { instances: entry.instances.map((o) => (o === current ? rebuildInstance(o, { status: want }) : o)) }));
  return ok([{ op: tainted ? 'taint' : 'untaint', line, dryLine: tainted ? `Would mark ${s} as tainted.` : `Would untaint ${s}.`, from: s }]);
}
