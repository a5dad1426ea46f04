/**
 * SHA-256 of state content for the local backend: remembered per array (the
 * bytes read are hashed once for the backup index, the journal and the
 * version token) and, for a state read into shared memory, taken on a worker
 * thread while the main thread decodes (background-hash.ts).
 */
import { createHash } from 'node:crypto';
import type { StateBytes } from '../../core/statefile/byte-rope.js';
import { hashInBackground } from './background-hash.js';

/** Buffers at least this large remember their hash (see `sha256`). */
const MEMO_MIN_BYTES = 1 << 20;
const hashes = new WeakMap<Uint8Array, string>();

/**
 * Lower-case hex SHA-256 of `content` (a rope is hashed part by part). A
 * state-sized array (1 MiB or more) remembers its hash, so the same bytes
 * read, backed up, journaled and written are hashed once: callers must not
 * change an array's content after hashing it (state bytes never are).
 */
export function sha256(content: StateBytes): string {
  if (!(content instanceof Uint8Array)) {
    const h = createHash('sha256');
    for (const p of content.parts) h.update(p);
    return h.digest('hex');
  }
  if (content.length < MEMO_MIN_BYTES) return createHash('sha256').update(content).digest('hex');
  let hash = hashes.get(content);
  if (hash === undefined) {
    hash = createHash('sha256').update(content).digest('hex');
    hashes.set(content, hash);
  }
  return hash;
}

/** Hashes running on the worker thread, by the array hashed. */
const pending = new WeakMap<Uint8Array, Promise<string>>();

/**
 * Starts hashing `bytes` on the worker thread when that needs no copy (a
 * state read into shared memory, see background-hash.ts), so the hash is
 * ready when `sha256Async` asks for it; otherwise does nothing.
 */
export function prehash(bytes: Uint8Array): void {
  if (hashes.has(bytes) || pending.has(bytes)) return;
  const running = hashInBackground(bytes);
  if (running === null) return;
  const p = running.then(
    (hex) => {
      hashes.set(bytes, hex);
      return hex;
    },
    () => sha256(bytes),
  );
  pending.set(bytes, p);
}

/** `sha256(content)`, from the worker when `prehash` started it on these bytes. */
export async function sha256Async(content: StateBytes): Promise<string> {
  const running = content instanceof Uint8Array ? pending.get(content) : undefined;
  return running ?? sha256(content);
}

/**
 * `sha256(content)` for bytes about to be written: the hash itself when it
 * is quick to take here (a small state, or no background thread to help),
 * otherwise a promise of it from the background thread, so the caller can
 * write meanwhile. The promise never rejects (a failing thread means the
 * hash is taken here after all).
 */
export function sha256Soon(content: StateBytes): string | Promise<string> {
  if (content instanceof Uint8Array && hashes.has(content)) return hashes.get(content)!;
  const running = hashInBackground(content);
  return running === null ? sha256(content) : running.catch(() => sha256(content));
}

/** The SHA-256 of no bytes: the hash of a missing or zero-byte state. */
export const EMPTY_SHA256 = sha256(new Uint8Array(0));
