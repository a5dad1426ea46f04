/**
 * String forms of addresses, exactly as Terraform prints them (`state list`,
 * messages, the state file's `module` field; §4.2). Each formatted string is
 * also the address's unique key: two addresses of the same type are equal
 * exactly when their strings are, so the `*Key` aliases below are what to
 * use for `Map`/`Set` membership.
 */

import { hclQuote } from './hcl-string.js';
import type { AbsResource, AbsResourceInstance, InstanceKey, ModuleInstance, Resource, Target } from './types.js';

/** `''` for no key, `[0]` for an int key, `["x"]` (HCL-quoted) for a string key. */
export function formatKey(k: InstanceKey): string {
  switch (k.kind) {
    case 'none':
      return '';
    case 'int':
      return `[${k.value}]`;
    case 'string':
      return `[${hclQuote(k.value)}]`;
  }
}

/** Text of module paths that will never change, by the array (see `rememberModuleText`). */
const remembered = new WeakMap<ModuleInstance, string>();

/**
 * Records that `m` formats as `text`, so `formatModuleInstance(m)` answers
 * without formatting. For module arrays nobody changes: the decoder's,
 * which many resources share (one per distinct spelling).
 */
export function rememberModuleText(m: ModuleInstance, text: string): void {
  remembered.set(m, text);
}

/** `module.a["x"].module.b[0]`; the root module is `''`. */
export function formatModuleInstance(m: ModuleInstance): string {
  if (m.length === 0) return '';
  const known = remembered.get(m);
  if (known !== undefined) return known;
  let out = '';
  for (let i = 0; i < m.length; i++) {
    const step = m[i]!;
    if (i > 0) out += '.';
    out += 'module.' + step.name;
    if (step.key.kind !== 'none') out += formatKey(step.key);
  }
  return out;
}

/**
 * `aws_x.a`, `data.aws_x.a`, `ephemeral.aws_x.a`, `list.aws_x.a`. Like
 * Terraform, a managed resource whose type is a reserved word or a mode
 * keyword (`count`, `data`…) is printed without the `resource.` prefix it
 * would need to parse back.
 */
export function formatResource(r: Resource): string {
  const base = r.type + '.' + r.name;
  return r.mode === 'managed' ? base : r.mode + '.' + base;
}

/** `module.a.aws_x.a`, or just `aws_x.a` in the root module. */
export function formatAbsResource(r: AbsResource): string {
  const res = formatResource(r.resource);
  return r.module.length === 0 ? res : formatModuleInstance(r.module) + '.' + res;
}

/** `module.a.aws_x.a["k"]`; no key prints like the resource. */
export function formatAbsResourceInstance(r: AbsResourceInstance): string {
  const res = formatResource(r.resource) + formatKey(r.key);
  return r.module.length === 0 ? res : formatModuleInstance(r.module) + '.' + res;
}

/** The string form of whichever address the target holds. */
export function formatTarget(t: Target): string {
  switch (t.kind) {
    case 'module':
      return formatModuleInstance(t.module);
    case 'resource':
      return formatAbsResource(t.addr);
    case 'instance':
      return formatAbsResourceInstance(t.addr);
  }
}

/** Unique key of a module instance (its string form). */
export const moduleInstanceKey: (m: ModuleInstance) => string = formatModuleInstance;
/** Unique key of a resource (its string form). */
export const absResourceKey: (r: AbsResource) => string = formatAbsResource;
/** Unique key of a resource instance (its string form). */
export const absResourceInstanceKey: (r: AbsResourceInstance) => string = formatAbsResourceInstance;
