/**
 * SHA-256 of state bytes on the background thread, while this one does
 * other work.
 *
 * An edit needs the hash of the bytes it read (for the backup index and the
 * write-ahead journal) and of the bytes it writes (for the journal and the
 * new version token); on a 100 MB state each is about 65 ms of CPU. The
 * local store reads states into shared memory, so the background thread
 * (runtime/background-thread.ts) can hash them without a copy: the bytes
 * read while the main thread decodes and plans, the bytes written while it
 * writes them and reads them back. Only bytes in a `SharedArrayBuffer` go to
 * the thread without a copy; an edit's new state is mostly views of the
 * bytes read, and its few new pieces are copied into shared memory first.
 */
import type { StateBytes } from '../../core/statefile/byte-rope.js';
import { hashOnBackgroundThread, isShared, LARGE_STATE_BYTES, sharedBuffer } from '../../runtime/background-thread.js';

/**
 * Starts hashing `content` on the background thread when that is worth it,
 * and resolves with its lower-case hex SHA-256: it is a large state and at
 * most a quarter of it lies outside shared memory (those parts are copied
 * into one shared array, in order; the bytes a store read need no copy).
 * Returns null when it is not worth it (hash in place then); the promise
 * rejects when there is no thread or it fails.
 */
export function hashInBackground(content: StateBytes): Promise<string> | null {
  const parts = content instanceof Uint8Array ? [content] : content.parts;
  if (content.length < LARGE_STATE_BYTES) return null;
  let unshared = 0;
  for (const p of parts) if (!isShared(p)) unshared += p.length;
  if (unshared > content.length / 4) return null;
  if (unshared === 0) return hashOnBackgroundThread(parts);
  const packed = sharedBuffer(unshared);
  let at = 0;
  const sent = parts.map((p) => {
    if (isShared(p)) return p;
    packed.set(p, at);
    at += p.length;
    return packed.subarray(at - p.length, at);
  });
  return hashOnBackgroundThread(sent);
}
