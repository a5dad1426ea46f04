/**
 * The order Terraform writes resources and instances in a state file
 * (stateV4.normalize, terraform-state.md §1.9). This is byte order on the raw
 * strings, which differs from `state list` order.
 */
import type { InstanceKey } from '../addr/types.js';

const enc = new TextEncoder();

/** Compares two strings by their UTF-8 bytes, as Go compares strings. */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  // Fast path: ASCII-only strings compare the same by UTF-16 code units.
  let ascii = true;
  for (let i = 0; i < a.length && ascii; i++) if (a.charCodeAt(i) > 0x7f) ascii = false;
  for (let i = 0; i < b.length && ascii; i++) if (b.charCodeAt(i) > 0x7f) ascii = false;
  if (ascii) return a < b ? -1 : 1;
  const x = enc.encode(a);
  const y = enc.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** Compares (module string, mode, type, name) tuples by bytes. */
export function compareStateFileResourceTuples(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareBytes(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/** Instance order within a resource: no key, then ints numerically, then strings by bytes. */
export function compareFileInstanceKeys(a: InstanceKey, b: InstanceKey): number {
  if (a.kind !== b.kind) {
    const rank = { none: 0, int: 1, string: 2 } as const;
    return rank[a.kind] - rank[b.kind];
  }
  if (a.kind === 'int' && b.kind === 'int') return a.value - b.value;
  if (a.kind === 'string' && b.kind === 'string') return compareBytes(a.value, b.value);
  return 0;
}
