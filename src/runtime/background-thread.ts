/**
 * The one background thread a command may use: it hashes state bytes and
 * indexes their containers (see core/statefile/container-index.ts) while the
 * main thread decodes. Work goes to it only as shared memory, never copied.
 *
 * The thread runs `background-main.js`, whose location the program's entry
 * point gives (`configureBackgroundThread`): the bundle puts it beside the
 * programs. Without a location, or when the thread cannot start, everything
 * is done on the main thread instead: slower, never different.
 */
import { Worker } from 'node:worker_threads';

/** A request to the thread, as `background-main.ts` receives it. */
export type BackgroundRequest =
  | { readonly kind: 'hash'; readonly id: number; readonly parts: readonly Uint8Array[] }
  | { readonly kind: 'index'; readonly bytes: Uint8Array; readonly index: Int32Array };

/** An answer to a `hash` request. */
export interface BackgroundReply {
  readonly id: number;
  readonly hex?: string;
  readonly error?: string;
}

/**
 * States at least this large get the thread's help (hashing, indexing):
 * below it, the work is done faster in place than it takes to hand over.
 * Stores read such states into shared memory (`sharedBuffer`) and start the
 * thread (`warmBackgroundThread`) while reading.
 */
export const LARGE_STATE_BYTES = 4 << 20;

/** A zeroed buffer of `size` bytes in shared memory (so the thread can use it without a copy), never pooled. */
export function sharedBuffer(size: number): Buffer {
  return Buffer.from(new SharedArrayBuffer(size));
}

let script: URL | null = null;
let worker: Worker | null = null;
let failed = false;
let nextId = 0;
const waiting = new Map<number, { resolve: (hex: string) => void; reject: (e: Error) => void }>();

/**
 * Sets where the thread's script is (a file URL of background-main.js).
 * Called once by each program's entry point before any work is sent.
 */
export function configureBackgroundThread(url: URL): void {
  script = url;
}

/** The thread, started on first use; null when there is none (not configured, or it failed). */
function thread(): Worker | null {
  if (worker !== null) return worker;
  if (script === null || failed) return null;
  let w: Worker;
  try {
    w = new Worker(script);
  } catch {
    failed = true;
    return null;
  }
  w.unref(); // never keeps a finished command alive
  w.on('message', (m: BackgroundReply) => {
    const p = waiting.get(m.id);
    waiting.delete(m.id);
    if (waiting.size === 0) w.unref();
    if (m.hex !== undefined) p?.resolve(m.hex);
    else p?.reject(new Error(`hashing failed: ${m.error}`));
  });
  const stop = (e: Error): void => {
    failed = true;
    worker = null;
    for (const p of waiting.values()) p.reject(e);
    waiting.clear();
  };
  w.on('error', stop);
  w.on('exit', (code) => stop(new Error(`the background thread exited (code ${code})`)));
  worker = w;
  return w;
}

/**
 * Starts the thread now, so it is ready when a large state has been read
 * (starting takes a few tens of milliseconds). Does nothing when there is
 * no thread to start.
 */
export function warmBackgroundThread(): void {
  thread();
}

/** Whether `bytes` can go to the thread without a copy: they are in shared memory. */
export function isShared(bytes: Uint8Array): boolean {
  return bytes.buffer instanceof SharedArrayBuffer;
}

/**
 * SHA-256 (lower-case hex) of the concatenated `parts` (each in shared
 * memory) on the thread. Rejects when there is no thread or it fails;
 * callers then hash in place.
 */
export function hashOnBackgroundThread(parts: readonly Uint8Array[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const w = thread();
    if (w === null) return reject(new Error('no background thread'));
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    w.ref(); // a pending answer keeps the process alive until it arrives
    w.postMessage({ kind: 'hash', id, parts } satisfies BackgroundRequest);
  });
}

/**
 * Asks the thread to index the containers of `bytes` (shared memory) into
 * `index` (shared memory too). No answer: the index itself tells its
 * progress. Returns false when there is no thread to ask.
 */
export function indexOnBackgroundThread(bytes: Uint8Array, index: Int32Array): boolean {
  const w = thread();
  if (w === null) return false;
  w.postMessage({ kind: 'index', bytes, index } satisfies BackgroundRequest);
  return true;
}
