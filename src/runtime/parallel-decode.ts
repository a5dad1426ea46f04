/**
 * Decoding a state with the background thread's help: it validates and
 * indexes the state's containers while this thread decodes the rest
 * (core/statefile/container-index.ts). The result is exactly
 * `decodeState`'s; only the time differs.
 */
import { availableParallelism } from 'node:os';
import { ContainerEnds, decodeState, newContainerIndexMemory, type DecodeOptions } from '../core/statefile/index.js';
import type { Result } from '../core/diag/index.js';
import type { StateSnapshot } from '../core/state/types.js';
import { indexOnBackgroundThread, isShared, LARGE_STATE_BYTES } from './background-thread.js';

/** Positions in the index are 32-bit. */
const MAX_INDEXED_BYTES = 0x7fffffff;
/** With one core the two threads would take turns: the index would only add its own cost. */
const CORES = availableParallelism();

/**
 * Starts indexing `bytes` on the background thread when that can help (a
 * large state in shared memory, a thread to do it, a second core) and returns the index to
 * give to `decodeState`; undefined otherwise. Call it as soon as the bytes
 * are read: the thread works while the caller does anything else.
 */
export function startContainerIndex(bytes: Uint8Array): ContainerEnds | undefined {
  if (CORES < 2 || bytes.length < LARGE_STATE_BYTES || bytes.length > MAX_INDEXED_BYTES || !isShared(bytes)) return undefined;
  const index = newContainerIndexMemory(bytes.length);
  return indexOnBackgroundThread(bytes, index) ? new ContainerEnds(bytes, index) : undefined;
}

/** `decodeState`, with the background thread indexing (see `startContainerIndex`) unless an index is given. */
export function decodeStateInParallel(bytes: Uint8Array, options: DecodeOptions): Result<StateSnapshot> {
  return decodeState(bytes, options.containerEnds ? options : { ...options, containerEnds: startContainerIndex(bytes) });
}
