/**
 * Which decoded instance object a rebuilt one was made from.
 *
 * Surgery rebuilds instance objects to change their metadata (most often a
 * `dependencies` list rewritten after a move). The writer re-serialises a
 * rebuilt object; when only its `dependencies` changed, it can instead copy
 * the original bytes around the new list (encode.ts), which is both faster
 * and a smaller diff. Recorded out of band so the model types stay plain
 * data; a WeakMap, so nothing here keeps a snapshot alive.
 */
import type { InstanceObject } from './types.js';

const origins = new WeakMap<InstanceObject, InstanceObject>();

/**
 * Records that `next` was rebuilt from `from`. The nearest ancestor that
 * still has its bytes (`origin`) is kept, so chains of rebuilds (batches)
 * lead back to the decoded object.
 */
export function recordRebuild(next: InstanceObject, from: InstanceObject): void {
  const decoded = from.origin ? from : origins.get(from);
  if (decoded) origins.set(next, decoded);
}

/** The decoded object (with `origin`) that `inst` was rebuilt from, if any. */
export function rebuiltFrom(inst: InstanceObject): InstanceObject | undefined {
  return origins.get(inst);
}
