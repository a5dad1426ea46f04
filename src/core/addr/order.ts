/**
 * Orderings of addresses. Two different orders exist in Terraform and both
 * matter to a byte-compatible tool:
 *
 * - the **list order** (`AbsResourceInstance.Less`, §4.4): what `state
 *   list`, `state rm` and messages use. Shallower module paths first, then
 *   step by step (name, then key), then data before managed, type, name, key.
 * - the **file order** (`stateV4.normalize`, §1.9): how resources are laid
 *   out in a written state file. Raw strings compared as bytes, so
 *   `module.a.module.b` sorts before `module.a[0]` (`.` < `[`).
 *
 * Strings compare like Go's `<` on UTF-8 bytes, which is code point order,
 * not JavaScript's UTF-16 order (they differ for characters above U+FFFF
 * against U+E000–U+FFFF).
 *
 * All comparators return a negative number, zero or a positive number, for
 * `Array.prototype.sort`.
 */

import type { AbsResource, AbsResourceInstance, InstanceKey, ModuleInstance, Resource, ResourceMode } from './types.js';

/**
 * Compares two strings by their UTF-8 bytes (Go's string `<`). Well-formed
 * strings only; a lone surrogate sorts as if it were its own code point.
 */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Map UTF-16 code units onto code point order: surrogates (D800–DFFF)
    // encode code points above FFFF, so they must sort after E000–FFFF.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Instance key order: no key, then int keys numerically, then string keys
 * by bytes (Terraform's `InstanceKeyLess`).
 */
export function compareKeys(a: InstanceKey, b: InstanceKey): number {
  if (a.kind !== b.kind) return keyRank(a) - keyRank(b);
  if (a.kind === 'int') return a.value - (b as typeof a).value;
  if (a.kind === 'string') return compareUtf8(a.value, (b as typeof a).value);
  return 0;
}

function keyRank(k: InstanceKey): number {
  return k.kind === 'none' ? 0 : k.kind === 'int' ? 1 : 2;
}

/**
 * Module instance list order (Terraform's `ModuleInstance.Less`): a shorter
 * path sorts first; paths of equal length compare step by step, each step by
 * name (bytes) and then key. So `module.b` < `module.a.module.a`, and
 * `module.a` < `module.a[9]` < `module.a[10]` < `module.a["x"]`.
 */
export function compareModuleInstance(a: ModuleInstance, b: ModuleInstance): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    const s = a[i]!;
    const t = b[i]!;
    if (s.name !== t.name) return compareUtf8(s.name, t.name);
    const k = compareKeys(s.key, t.key);
    if (k !== 0) return k;
  }
  return 0;
}

const MODE_RANK: Readonly<Record<ResourceMode, number>> = { data: 0, managed: 1, ephemeral: 2, list: 3 };

/**
 * Resource list order: data resources before managed ones, then type, then
 * name (bytes). Terraform orders only data vs. the rest; ephemeral and list
 * resources (never in state) follow managed ones here so the order is total.
 */
export function compareResource(a: Resource, b: Resource): number {
  if (a.mode !== b.mode) return MODE_RANK[a.mode] - MODE_RANK[b.mode];
  if (a.type !== b.type) return compareUtf8(a.type, b.type);
  return compareUtf8(a.name, b.name);
}

/** Whole-resource list order: module, then resource. */
export function compareAbsResource(a: AbsResource, b: AbsResource): number {
  return compareModuleInstance(a.module, b.module) || compareResource(a.resource, b.resource);
}

/**
 * `terraform state list` order (Terraform's `AbsResourceInstance.Less`):
 * module, then resource, then instance key.
 */
export function compareAbsResourceInstance(a: AbsResourceInstance, b: AbsResourceInstance): number {
  return compareModuleInstance(a.module, b.module) || compareResource(a.resource, b.resource) || compareKeys(a.key, b.key);
}

/** The raw strings a state file resource is sorted by. `module` is `''` for the root. */
export interface StateFileResourceSortKey {
  readonly module: string;
  readonly mode: string;
  readonly type: string;
  readonly name: string;
}

/**
 * File order of resources in a written v4 state (§1.9): raw `module`
 * string, `mode` string (`data` < `managed`), `type`, `name`, each compared
 * as bytes. Use the `module` string as Terraform would write it (the
 * canonical `formatModuleInstance` form), not as it was read.
 */
export function compareStateFileResources(a: StateFileResourceSortKey, b: StateFileResourceSortKey): number {
  return compareUtf8(a.module, b.module) || compareUtf8(a.mode, b.mode) || compareUtf8(a.type, b.type) || compareUtf8(a.name, b.name);
}

/**
 * File order of instance objects by `index_key` (§1.9): no key first, ints
 * numerically, strings by bytes. Terraform leaves mixed int/string keys
 * unordered (its comparator is inconsistent there); this puts ints first so
 * the result is deterministic. Objects with equal keys are ordered by their
 * deposed key by the caller.
 */
export function compareStateFileInstanceKeys(a: InstanceKey, b: InstanceKey): number {
  return compareKeys(a, b);
}
