/**
 * Equality, containment and small conversions between addresses.
 *
 * Two containment rules exist in Terraform and the commands differ:
 * - `state mv` expands a module source with **exact** key matching
 *   (`moduleIsPrefixExact`, §5.2): `module.k` does not match `module.k["one"]`.
 * - `state list` and `state rm` match module targets the way Terraform's
 *   `lookupResourceInstanceAddr` does (`moduleMatchesTarget`, §4.4, §6):
 *   an unkeyed step can stand for any instance of that module call.
 *
 * All functions are pure and never modify their arguments; results may
 * share structure with the inputs.
 */

import { NO_KEY, ROOT_MODULE } from './types.js';
import type {
  AbsResource,
  AbsResourceInstance,
  InstanceKey,
  ModuleInstance,
  ModuleInstanceStep,
  Resource,
  Target,
} from './types.js';

/** True when both keys are absent, or of the same kind with the same value. */
export function keyEquals(a: InstanceKey, b: InstanceKey): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind === 'none' || a.value === (b as typeof a).value;
}

function stepEquals(a: ModuleInstanceStep, b: ModuleInstanceStep): boolean {
  return a.name === b.name && keyEquals(a.key, b.key);
}

/** True when the paths have the same steps (names and keys). */
export function moduleEquals(a: ModuleInstance, b: ModuleInstance): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!stepEquals(a[i]!, b[i]!)) return false;
  return true;
}

/** True for the root module (the empty path). */
export function moduleIsRoot(m: ModuleInstance): boolean {
  return m.length === 0;
}

/** The parent module instance; the root's parent is the root. */
export function moduleParent(m: ModuleInstance): ModuleInstance {
  return m.length <= 1 ? ROOT_MODULE : m.slice(0, -1);
}

/** The child instance `m.module.name[key]`. */
export function moduleChild(m: ModuleInstance, name: string, key: InstanceKey = NO_KEY): ModuleInstance {
  return [...m, { name, key }];
}

/** The module path with every instance key removed (Terraform's `ModuleInstance.Module()`, as an instance path). */
export function toConfigModule(m: ModuleInstance): ModuleInstance {
  if (m.every((s) => s.key.kind === 'none')) return m;
  return m.map((s) => (s.key.kind === 'none' ? s : { name: s.name, key: NO_KEY }));
}

/**
 * `state mv` source expansion (§5.2): true when `m` is `prefix` or one of
 * its descendants, comparing names **and keys exactly**. The root prefix
 * contains every module.
 */
export function moduleIsPrefixExact(prefix: ModuleInstance, m: ModuleInstance): boolean {
  if (prefix.length > m.length) return false;
  for (let i = 0; i < prefix.length; i++) if (!stepEquals(prefix[i]!, m[i]!)) return false;
  return true;
}

/**
 * `state list` / `state rm` module matching (§4.4, §6), reproducing
 * Terraform 1.11's `Equal || IsAncestor || TargetContains`:
 * - `m` is the target itself, or a **descendant**: every target step must
 *   have the same name, and a target step with a key must have that key,
 *   while an unkeyed target step matches any key (`module.a` contains
 *   `module.a[0].module.b`);
 * - `m` is at the **same depth**: all steps equal, except that an unkeyed
 *   **last** step matches any key (`module.a` matches `module.a["x"]`).
 *   Terraform does not relax earlier steps here, so `module.a.module.b`
 *   does not match `module.a[0].module.b` although it matches
 *   `module.a[0].module.b.module.c` [verified against terraform 1.11.4].
 */
export function moduleMatchesTarget(target: ModuleInstance, m: ModuleInstance): boolean {
  if (m.length < target.length) return false;
  const sameDepth = m.length === target.length;
  for (let i = 0; i < target.length; i++) {
    const t = target[i]!;
    const s = m[i]!;
    if (t.name !== s.name) return false;
    if (t.key.kind === 'none') {
      if (sameDepth && i < target.length - 1 && s.key.kind !== 'none') return false;
      continue;
    }
    if (!keyEquals(t.key, s.key)) return false;
  }
  return true;
}

/** True when mode, type and name are equal. */
export function resourceEquals(a: Resource, b: Resource): boolean {
  return a.mode === b.mode && a.type === b.type && a.name === b.name;
}

/** True when module path and resource are equal. */
export function absResourceEquals(a: AbsResource, b: AbsResource): boolean {
  return resourceEquals(a.resource, b.resource) && moduleEquals(a.module, b.module);
}

/** True when module path, resource and key are equal. */
export function absResourceInstanceEquals(a: AbsResourceInstance, b: AbsResourceInstance): boolean {
  return keyEquals(a.key, b.key) && resourceEquals(a.resource, b.resource) && moduleEquals(a.module, b.module);
}

/** The resource an instance belongs to (drops the key). */
export function absResourceOf(inst: AbsResourceInstance): AbsResource {
  return { module: inst.module, resource: inst.resource };
}

/** The instance of `res` with `key` (NO_KEY for the single unkeyed instance). */
export function instanceOf(res: AbsResource, key: InstanceKey): AbsResourceInstance {
  return { module: res.module, resource: res.resource, key };
}

/**
 * `state list` / `state rm` selection: does `target` select `inst`? A module
 * target uses `moduleMatchesTarget`; a resource target selects all of that
 * resource's instances (exact module path); an instance target selects only
 * itself.
 */
export function targetMatchesInstance(target: Target, inst: AbsResourceInstance): boolean {
  switch (target.kind) {
    case 'module':
      return moduleMatchesTarget(target.module, inst.module);
    case 'resource':
      return absResourceEquals(target.addr, absResourceOf(inst));
    case 'instance':
      return absResourceInstanceEquals(target.addr, inst);
  }
}
