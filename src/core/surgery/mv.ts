/**
 * `mv SOURCE DESTINATION` with Terraform's semantics (terraform-state.md §5),
 * plus our documented differences: dependents' `dependencies` are rewritten,
 * not cleared, and the mixed-key quirks are refused (design §3).
 */
import { fail, ok, type Diagnostic, type Result } from '../diag/index.js';
import {
  compareModuleInstance,
  formatAbsResource,
  formatAbsResourceInstance,
  formatModuleInstance,
  formatTarget,
  goQuote,
  keyEquals,
  moduleEquals,
  moduleIsPrefixExact,
  toConfigModule,
} from '../addr/index.js';
import { NO_KEY, type AbsResource, type AbsResourceInstance, type InstanceKey, type ModuleInstance, type Target } from '../addr/types.js';
import type { ResourceEntry } from '../state/types.js';
import * as msg from './messages.js';
import type { PlanStep } from './plan.js';
import { addrOf, hasKey, newResource, rebuildInstance, rebuildResource, type WorkingState } from './working.js';

/** Terraform's `Move "a" to "b"` line pair for a step. */
export function moveStep(from: string, to: string): PlanStep {
  return { op: 'mv', line: `Move ${goQuote(from)} to ${goQuote(to)}`, dryLine: `Would move ${goQuote(from)} to ${goQuote(to)}`, from, to };
}

/**
 * Moves what `from` denotes in `src` to `to` in `dst` (the same object for an
 * in-state move). `toRaw` is the destination exactly as typed (Terraform
 * prints it for instance moves). On failure nothing in either working state
 * is changed.
 */
export function moveObjects(src: WorkingState, dst: WorkingState, from: Target, to: Target, toRaw: string): Result<PlanStep[]> {
  if (from.kind === 'module') return moveModule(src, dst, from.module, to);
  if (from.kind === 'resource') {
    const entry = src.find(from.addr);
    if (entry && hasKey(entry, NO_KEY)) return moveInstance(src, dst, { ...from.addr, key: NO_KEY }, to, toRaw);
    if (!entry) return fail(msg.noSourceMatch(formatTarget(from)));
    return moveResource(src, dst, entry, to);
  }
  const entry = src.find({ module: from.addr.module, resource: from.addr.resource });
  if (!entry || !hasKey(entry, from.addr.key)) return fail(msg.noSourceMatch(formatTarget(from)));
  return moveInstance(src, dst, from.addr, to, toRaw);
}

function moveModule(src: WorkingState, dst: WorkingState, fromModule: ModuleInstance, to: Target): Result<PlanStep[]> {
  const fromStr = formatModuleInstance(fromModule);
  const matched = src.moduleInstances().filter((m) => m.length > 0 && moduleIsPrefixExact(fromModule, m) && src.resources.some((r) => moduleEquals(r.module, m)));
  if (matched.length === 0) return fail(msg.noSourceMatch(fromStr));
  if (to.kind !== 'module') return fail(msg.targetKindMismatch(fromStr, formatTarget(to), 'module'));
  const toModule = to.module;
  const toStr = formatModuleInstance(toModule);
  matched.sort(compareModuleInstance);
  const diags: Diagnostic[] = [];
  const rel = (m: ModuleInstance): ModuleInstance => [...toModule, ...m.slice(fromModule.length)];
  const sameState = src === dst;
  for (const m of matched) {
    const target = rel(m);
    const occupied = dst.resources.some((r) => moduleEquals(r.module, target) && !(sameState && moduleIsPrefixExact(fromModule, r.module)));
    if (occupied) diags.push(msg.destinationModuleExists(formatModuleInstance(target)));
  }
  if (toModule.length > 0) {
    const last = toModule[toModule.length - 1];
    const parent = toModule.slice(0, -1);
    const siblings = new Set<string>();
    for (const r of dst.resources) {
      if (r.module.length < toModule.length) continue;
      if (sameState && moduleIsPrefixExact(fromModule, r.module)) continue;
      const step = r.module[toModule.length - 1];
      if (!moduleEquals(r.module.slice(0, parent.length), parent) || step.name !== last.name) continue;
      if ((step.key.kind === 'none') !== (last.key.kind === 'none')) siblings.add(formatModuleInstance(r.module.slice(0, toModule.length)));
    }
    if (siblings.size > 0) diags.push(msg.moduleKeyedSiblings(fromStr, toStr, [...siblings].sort().join(', ')));
  }
  if (diags.length > 0) return fail(diags);

  const moving = src.resources.filter((r) => moduleIsPrefixExact(fromModule, r.module));
  src.resources = src.resources.filter((r) => !moduleIsPrefixExact(fromModule, r.module));
  for (const r of moving) dst.insert(rebuildResource(r, { module: rel(r.module) }));
  const steps = matched.map((m) => moveStep(formatModuleInstance(m), formatModuleInstance(rel(m))));
  const configChanged = !moduleEquals(toConfigModule(fromModule), toConfigModule(toModule));
  if (configChanged) {
    const cfgFrom = toConfigModule(fromModule);
    const keepOld = src.resources.some((r) => r.module.length >= cfgFrom.length && moduleEquals(toConfigModule(r.module.slice(0, cfgFrom.length)), cfgFrom));
    dst.renames.add({ kind: 'module', from: fromModule, to: toModule, keepOld: sameState && keepOld });
  }
  return ok(steps);
}

function checkTypes(from: string, to: string, a: AbsResource, b: AbsResource): Diagnostic[] {
  return msg.resourceMoveMismatch(from, to, a.resource.mode, b.resource.mode, a.resource.type, b.resource.type);
}

function configAddrStillPresent(ws: WorkingState, a: AbsResource): boolean {
  return ws.hasConfigAddress(a);
}

function moveResource(src: WorkingState, dst: WorkingState, entry: ResourceEntry, to: Target): Result<PlanStep[]> {
  const fromAddr = addrOf(entry);
  const fromStr = formatAbsResource(fromAddr);
  if (to.kind !== 'resource') return fail(msg.targetKindMismatch(fromStr, formatTarget(to), to.kind === 'instance' ? 'whole-resource' : 'whole-resource'));
  const toStr = formatAbsResource(to.addr);
  const mismatch = checkTypes(fromStr, toStr, fromAddr, to.addr);
  if (mismatch.length > 0) return fail(mismatch);
  const existing = dst.find(to.addr);
  if (existing && existing !== entry) return fail(msg.destinationResourceExists(toStr));
  if (existing === entry) return ok([moveStep(fromStr, toStr)]);
  src.remove(fromAddr);
  dst.insert(rebuildResource(entry, { module: to.addr.module, name: to.addr.resource.name }));
  if (!moduleEquals(toConfigModule(fromAddr.module), toConfigModule(to.addr.module)) || fromAddr.resource.name !== to.addr.resource.name) {
    dst.renames.add({ kind: 'resource', from: fromAddr, to: to.addr, keepOld: src === dst && configAddrStillPresent(src, fromAddr) });
  }
  return ok([moveStep(fromStr, toStr)]);
}

function moveInstance(src: WorkingState, dst: WorkingState, from: AbsResourceInstance, to: Target, toRaw: string): Result<PlanStep[]> {
  const fromStr = formatAbsResourceInstance(from);
  if (to.kind === 'module') return fail(msg.targetKindMismatch(fromStr, formatTarget(to), 'instance'));
  const toInst: AbsResourceInstance = to.kind === 'instance' ? to.addr : { ...to.addr, key: NO_KEY };
  const toRes: AbsResource = { module: toInst.module, resource: toInst.resource };
  const fromRes: AbsResource = { module: from.module, resource: from.resource };
  const toStr = formatAbsResourceInstance(toInst);
  const mismatch = checkTypes(fromStr, toStr, fromRes, toRes);
  if (mismatch.length > 0) return fail(mismatch);
  const srcEntry = src.find(fromRes)!;
  const sameResource = src === dst && moduleEquals(fromRes.module, toRes.module) && fromRes.resource.name === toRes.resource.name;
  if (sameResource && keyEquals(from.key, toInst.key)) return ok([moveStep(fromStr, toRaw)]);
  const dstEntry = dst.find(toRes);
  if (dstEntry && hasKey(dstEntry, toInst.key)) return fail(msg.destinationInstanceExists(toStr));
  if (dstEntry) {
    const remaining = dstEntry.instances.filter((o) => !(sameResource && keyEquals(o.key, from.key)));
    if (remaining.some((o) => (o.key.kind === 'none') !== (toInst.key.kind === 'none'))) return fail(msg.mixedKeys(fromStr, toStr, formatAbsResource(toRes)));
  }
  const moving = srcEntry.instances.filter((o) => keyEquals(o.key, from.key));
  const staying = srcEntry.instances.filter((o) => !keyEquals(o.key, from.key));
  const moved = moving.map((o) => (keyEquals(o.key, toInst.key) ? o : rebuildInstance(o, { key: toInst.key })));
  if (staying.length === 0) src.remove(fromRes);
  else src.replace(rebuildResource(srcEntry, { instances: staying }));
  const target = dst.find(toRes);
  if (target) dst.replace(rebuildResource(target, { instances: [...target.instances, ...moved] }));
  else dst.insert(newResource(toRes, srcEntry.provider, moved, srcEntry.providerConfig, srcEntry.legacyProvider));
  const configChanged = !moduleEquals(toConfigModule(fromRes.module), toConfigModule(toRes.module)) || fromRes.resource.name !== toRes.resource.name;
  if (configChanged) dst.renames.add({ kind: 'resource', from: fromRes, to: toRes, keepOld: src === dst && configAddrStillPresent(src, fromRes) });
  return ok([moveStep(fromStr, toRaw)]);
}

/** The instance key kinds present in an entry (for messages and checks). */
export function keyKinds(e: ResourceEntry): Set<InstanceKey['kind']> {
  return new Set(e.instances.map((o) => o.key.kind));
}
