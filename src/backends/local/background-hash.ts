/**
 * SHA-256 of state bytes on another thread, while this one decodes them.
 *
 * An edit needs the hash of the bytes it read (for the backup index and the
 * write-ahead journal); on a 100 MB state that is about 65 ms of CPU. The
 * local store reads states into shared memory, so a worker thread can hash
 * them without a copy while the main thread decodes and plans. Only bytes in
 * a `SharedArrayBuffer` go to the worker: anything else is hashed here when
 * asked for (sending it would copy it).
 */
import { Worker } from 'node:worker_threads';

/** Below this size hashing in place is cheaper than a round trip to the worker. */
const MIN_BACKGROUND_BYTES = 4 << 20;

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
parentPort.on('message', ({ id, bytes }) => {
  try {
    parentPort.postMessage({ id, hex: createHash('sha256').update(bytes).digest('hex') });
  } catch (e) {
    parentPort.postMessage({ id, error: String(e && e.message || e) });
  }
});
`;

let worker: Worker | null = null;
let nextId = 0;
const waiting = new Map<number, { resolve: (hex: string) => void; reject: (e: Error) => void }>();

function hashWorker(): Worker {
  if (worker !== null) return worker;
  const w = new Worker(WORKER_SOURCE, { eval: true });
  w.unref(); // never keeps a finished command alive
  w.on('message', (m: { id: number; hex?: string; error?: string }) => {
    const p = waiting.get(m.id);
    waiting.delete(m.id);
    if (waiting.size === 0) w.unref();
    if (m.hex !== undefined) p?.resolve(m.hex);
    else p?.reject(new Error(`hashing failed: ${m.error}`));
  });
  const failAll = (e: Error): void => {
    worker = null;
    for (const p of waiting.values()) p.reject(e);
    waiting.clear();
  };
  w.on('error', failAll);
  w.on('exit', (code) => failAll(new Error(`the hashing thread exited (code ${code})`)));
  worker = w;
  return w;
}

/** True when `bytes` can be hashed by the worker without being copied. */
export function hashableInBackground(bytes: Uint8Array): boolean {
  return bytes.length >= MIN_BACKGROUND_BYTES && bytes.buffer instanceof SharedArrayBuffer;
}

/**
 * Starts hashing `bytes` (shared memory, see `hashableInBackground`) on the
 * worker thread and resolves with the lower-case hex SHA-256. Rejects when
 * the worker cannot be started or fails; callers then hash in place.
 */
export function hashInBackground(bytes: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    try {
      const w = hashWorker();
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      w.ref(); // a pending answer keeps the process alive until it arrives
      w.postMessage({ id, bytes });
    } catch (e) {
      reject(e as Error);
    }
  });
}
