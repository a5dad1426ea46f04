/**
 * Content comparison of two snapshots, resource by resource (for restore
 * previews and undo): which resource entries differ in their bytes.
 */
import { formatAbsResource } from '../addr/index.js';
import type { AbsResource } from '../addr/types.js';
import type { ResourceEntry, StateSnapshot } from '../state/types.js';
import { resourceDiffText } from '../state/render.js';
import { addrOf } from './working.js';

function byAddress(s: StateSnapshot): Map<string, ResourceEntry> {
  return new Map(s.resources.map((r) => [formatAbsResource(addrOf(r)), r]));
}

/** Addresses whose entries differ between `a` and `b` (added, removed or changed). */
export function differingResources(a: StateSnapshot, b: StateSnapshot): AbsResource[] {
  const x = byAddress(a);
  const y = byAddress(b);
  const out: AbsResource[] = [];
  for (const [k, r] of x) {
    const other = y.get(k);
    if (!other || resourceDiffText(other) !== resourceDiffText(r)) out.push(addrOf(r));
  }
  for (const [k, r] of y) if (!x.has(k)) out.push(addrOf(r));
  return out;
}
