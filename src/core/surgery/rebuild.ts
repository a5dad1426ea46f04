/**
 * Copies of state entries with changes. A rebuilt entry loses its `origin`,
 * so the writer re-serialises it; everything else is copied verbatim.
 */
import type { InstanceObject, ResourceEntry } from '../state/types.js';
import { recordRebuild } from '../state/derivation.js';
import { compareFileInstanceKeys } from '../statefile/file-order.js';

/** A copy of an entry with changes; it loses its origin (it will be re-serialised). */
export function rebuildResource(e: ResourceEntry, changes: Partial<Omit<ResourceEntry, 'origin'>>): ResourceEntry {
  const next: ResourceEntry = { ...e, ...changes, origin: null };
  if (changes.instances) return { ...next, instances: sortInstances(changes.instances) };
  return next;
}

/** A copy of an instance object with changes; it loses its origin. */
export function rebuildInstance(o: InstanceObject, changes: Partial<Omit<InstanceObject, 'origin'>>): InstanceObject {
  const next: InstanceObject = { ...o, ...changes, origin: null };
  recordRebuild(next, o);
  return next;
}

/** Instance objects in Terraform's file order: by key, then current before deposed. Stable. */
export function sortInstances(list: readonly InstanceObject[]): InstanceObject[] {
  return [...list].sort((a, b) => compareFileInstanceKeys(a.key, b.key) || (a.deposed < b.deposed ? -1 : a.deposed > b.deposed ? 1 : 0));
}

