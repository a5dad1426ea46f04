/**
 * Queries over a StateSnapshot: addresses of entries, lookups, and target
 * resolution with Terraform's `state list` / `state rm` semantics (§4.4, §6).
 */
import { error, type Diagnostic } from '../diag/index.js';
import {
  compareAbsResourceInstance,
  formatAbsResource,
  formatAbsResourceInstance,
  formatModuleInstance,
  formatTarget,
  keyEquals,
  moduleEquals,
  moduleMatchesTarget,
} from '../addr/index.js';
import type { AbsResource, AbsResourceInstance, InstanceKey, ModuleInstance, Target } from '../addr/types.js';
import type { InstanceObject, ResourceEntry, StateSnapshot } from './types.js';
import { findField, rawValue } from '../statefile/raw.js';

/** The AbsResource of an entry. */
export function resourceAddr(r: ResourceEntry): AbsResource {
  return { module: r.module, resource: { mode: r.mode, type: r.type, name: r.name } };
}

/** The AbsResourceInstance of one of an entry's instance keys. */
export function instanceAddr(r: ResourceEntry, key: InstanceKey): AbsResourceInstance {
  return { module: r.module, resource: { mode: r.mode, type: r.type, name: r.name }, key };
}

/** The distinct instance keys of a resource, in file order. */
export function instanceKeys(r: ResourceEntry): InstanceKey[] {
  const keys: InstanceKey[] = [];
  for (const o of r.instances) if (!keys.some((k) => keyEquals(k, o.key))) keys.push(o.key);
  return keys;
}

/** The current object of an instance, or undefined (absent or deposed-only). */
export function currentObject(r: ResourceEntry, key: InstanceKey): InstanceObject | undefined {
  return r.instances.find((o) => o.deposed === '' && keyEquals(o.key, key));
}

/** Every object (current and deposed) of one instance key. */
export function objectsOf(r: ResourceEntry, key: InstanceKey): InstanceObject[] {
  return r.instances.filter((o) => keyEquals(o.key, key));
}

/** Finds the entry for a resource address; undefined when absent. */
export function findResource(snap: StateSnapshot, addr: AbsResource): ResourceEntry | undefined {
  const r = addr.resource;
  return snap.resources.find((e) => e.name === r.name && e.type === r.type && e.mode === r.mode && moduleEquals(e.module, addr.module));
}

/** True when some resource lives in exactly this module instance or below it. */
export function moduleExists(snap: StateSnapshot, m: ModuleInstance): boolean {
  return snap.resources.some((e) => e.module.length >= m.length && moduleEquals(e.module.slice(0, m.length), m));
}

/** Every resource instance address in the state (any object), sorted in `state list` order. */
export function allInstances(snap: StateSnapshot): AbsResourceInstance[] {
  const out: AbsResourceInstance[] = [];
  for (const r of snap.resources) for (const k of instanceKeys(r)) out.push(instanceAddr(r, k));
  return out.sort(compareAbsResourceInstance);
}

/** The result of resolving targets: instances in order, plus diagnostics for unknown ones. */
export interface Resolved {
  readonly instances: AbsResourceInstance[];
  readonly diags: Diagnostic[];
}

/**
 * Resolves one target to the instances it denotes, sorted in `state list`
 * order. A module target matches its descendants, and an unkeyed module step
 * also matches keyed instances (list/rm semantics). With `allowMissing`
 * (rm), an unknown target resolves to nothing without a diagnostic.
 */
export function resolveTarget(snap: StateSnapshot, target: Target, allowMissing: boolean): Resolved {
  const diags: Diagnostic[] = [];
  const out: AbsResourceInstance[] = [];
  if (target.kind === 'module') {
    for (const r of snap.resources) {
      if (!moduleMatchesTarget(target.module, r.module)) continue;
      for (const k of instanceKeys(r)) out.push(instanceAddr(r, k));
    }
    if (out.length === 0 && !allowMissing && !snap.resources.some((r) => moduleMatchesTarget(target.module, r.module))) {
      const m = formatModuleInstance(target.module);
      diags.push(error('state.unknown-module', 'Unknown module', `The current state contains no module at ${m}. If you've just added this module to the configuration, you must run "terraform apply" first to create the module's entry in the state.`, m));
    }
  } else if (target.kind === 'resource') {
    const matches = snap.resources.filter((r) => r.name === target.addr.resource.name && r.type === target.addr.resource.type && r.mode === target.addr.resource.mode && moduleEquals(r.module, target.addr.module));
    for (const r of matches) for (const k of instanceKeys(r)) out.push(instanceAddr(r, k));
    if (matches.length === 0 && !allowMissing) {
      const a = formatAbsResource(target.addr);
      diags.push(error('state.unknown-resource', 'Unknown resource', `The current state contains no resource ${a}. If you've just added this resource to the configuration, you must run "terraform apply" first to create the resource's entry in the state.`, a));
    }
  } else {
    const a = target.addr;
    const r = findResource(snap, { module: a.module, resource: a.resource });
    if (r && r.instances.some((o) => keyEquals(o.key, a.key))) out.push(a);
    else if (!allowMissing) {
      const s = formatAbsResourceInstance(a);
      diags.push(error('state.unknown-instance', 'Unknown resource instance', `The current state contains no resource instance ${s}. If you've just added its resource to the configuration or have changed the count or for_each arguments, you must run "terraform apply" first to update the resource's entry in the state.`, s));
    }
  }
  out.sort(compareAbsResourceInstance);
  return { instances: out, diags };
}

/**
 * `terraform state list` semantics: no targets lists everything; otherwise
 * each target is resolved and sorted on its own and the lists concatenated
 * (duplicates kept). `id` keeps instances whose current object's `id`
 * attribute equals it.
 */
export function listInstances(snap: StateSnapshot, targets: readonly Target[], id?: string): Resolved {
  let instances: AbsResourceInstance[];
  const diags: Diagnostic[] = [];
  if (targets.length === 0) instances = allInstances(snap);
  else {
    instances = [];
    for (const t of targets) {
      const r = resolveTarget(snap, t, false);
      instances.push(...r.instances);
      diags.push(...r.diags);
    }
  }
  if (id !== undefined) instances = instances.filter((a) => instanceId(snap, a) === id);
  return { instances, diags };
}

/** The `id` attribute of an instance's current object, when it is a string. */
export function instanceId(snap: StateSnapshot, a: AbsResourceInstance): string | undefined {
  const r = findResource(snap, { module: a.module, resource: a.resource });
  const obj = r && currentObject(r, a.key);
  if (!obj) return undefined;
  const attrs = findField(obj.fields, 'attributes');
  if (attrs) {
    const id = idFromAttributes(attrs);
    if (id !== undefined) return id;
  }
  const flat = findField(obj.fields, 'attributes_flat');
  if (flat) {
    const v = rawValue(flat) as Record<string, unknown> | null;
    if (v && typeof v.id === 'string') return v.id;
  }
  return undefined;
}

function idFromAttributes(raw: Parameters<typeof rawValue>[0]): string | undefined {
  // Avoid decoding large attribute objects just for the id: a quick scan for the top-level key first.
  const v = rawValue(raw) as Record<string, unknown> | null;
  return v && typeof v.id === 'string' ? v.id : undefined;
}

/** Human-readable target (for messages). */
export function describeTarget(t: Target): string {
  return formatTarget(t);
}
