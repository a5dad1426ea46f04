/**
 * SHA-256 of state bytes on the background thread, while this one decodes
 * them.
 *
 * An edit needs the hash of the bytes it read (for the backup index and the
 * write-ahead journal); on a 100 MB state that is about 65 ms of CPU. The
 * local store reads states into shared memory, so the background thread
 * (runtime/background-thread.ts) can hash them without a copy while the main
 * thread decodes and plans. Only bytes in a `SharedArrayBuffer` go to it:
 * anything else is hashed here when asked for (sending it would copy it).
 */
import { hashOnBackgroundThread, isShared, LARGE_STATE_BYTES } from '../../runtime/background-thread.js';

/** True when `bytes` can be hashed by the background thread without being copied. */
export function hashableInBackground(bytes: Uint8Array): boolean {
  return bytes.length >= LARGE_STATE_BYTES && isShared(bytes);
}

/**
 * Starts hashing `bytes` (shared memory, see `hashableInBackground`) on the
 * background thread and resolves with the lower-case hex SHA-256. Rejects
 * when there is no thread or it fails; callers then hash in place.
 */
export function hashInBackground(bytes: Uint8Array): Promise<string> {
  return hashOnBackgroundThread(bytes);
}
