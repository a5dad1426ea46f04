/**
 * A container index: where the objects and arrays of a state end, found by
 * one thread while another decodes the same bytes.
 *
 * Decoding a large state is mostly skipping (and so validating) the payloads
 * it keeps raw: `attributes`, `identity`, output values. A second thread can
 * do that skipping for the whole file ahead of the decoder
 * (`indexContainers`), publishing each container's start and end in shared
 * memory; the decoder (`ContainerEnds.endOf`) then jumps over a container the
 * other thread has already validated instead of scanning it again. The index
 * is only ever a shortcut: whatever it does not know yet (or ever), the
 * decoder scans itself, so results and error messages are the same with or
 * without it.
 *
 * Layout of the shared `Int32Array`: a header (entries published, status,
 * which slot the reader waits on, whether the writer has begun, whether the
 * reader gave up), then one (start, end) pair per entry, in the order
 * containers open, so starts ascend. `end` is 0 until the container closes.
 * Only containers at the depths in `INDEXED` (below the top value, which is
 * depth 0) are entered: in a v4 state the top-level fields such as
 * `outputs` (1), the instance lists (3) and the instance objects' fields
 * (5), which are what the decoder skips; not resources or instance objects
 * (2, 4), which it walks itself.
 *
 * No I/O here: the threads and the memory are the caller's (runtime/).
 */
import { FAST_SKIP_FAILED, fastSkipContainer, fastSkipWs, type SkipRecorder } from './json-fast-skip.js';

const COUNT = 0;
const STATUS = 1;
/** 0, or 1 + the index the reader is blocked on (so the writer wakes it). */
const WAITING = 2;
/** 1 once the writer has begun (before that the reader never waits for it). */
const STARTED = 3;
/** Set by a reader that gave up on the index: the writer stops (its work would be wasted). */
const ABORT = 4;
const HEADER = 6;
/** Bit d set: containers at depth d are indexed (1, 3 and 5). */
const INDEXED = 0b101010;
const MAX_DEPTH = 5;

const RUNNING = 0;
const DONE = 1;
/** The writer stopped early: invalid JSON, or the index is full. */
const STOPPED = 2;

/**
 * The reader waits for the writer while it makes progress (on a loaded
 * machine too: waiting costs the reader nothing, and the writer gets the
 * core). It waits at most this long at a time...
 */
const WAIT_SLICE_MS = 50;
/**
 * ...and gives up on the index, telling the writer to stop, after this many
 * waits in a row without the progress it waits for (a stalled writer).
 */
const MAX_IDLE_WAITS = 4;

/** Thrown by the writer's recorder to stop the skip when the reader gave up. */
const ABORTED = new Error('container index aborted by its reader');

/** Entries an index for `byteLength` bytes of state has room for (far more than a Terraform-written state needs; a full index stops growing). */
function capacityFor(byteLength: number): number {
  return Math.max(64, Math.ceil(byteLength / 48));
}

/**
 * The shared memory for an index of `byteLength` bytes: a zeroed
 * `Int32Array` over a `SharedArrayBuffer`. Pages never written are never
 * touched, so room for unused entries costs address space, not memory.
 */
export function newContainerIndexMemory(byteLength: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer((HEADER + 2 * capacityFor(byteLength)) * 4));
}

/** Records containers at the indexed depths into the shared index (the writer's side). */
class IndexWriter implements SkipRecorder {
  private count = 0;
  private readonly capacity: number;
  /** The entry of the open container at each indexed depth (-1: not recorded). */
  private readonly entryAt = new Int32Array(MAX_DEPTH + 1).fill(-1);

  constructor(private readonly ix: Int32Array) {
    this.capacity = (ix.length - HEADER) >> 1;
  }

  open(at: number, depth: number): void {
    if (depth > MAX_DEPTH || ((INDEXED >> depth) & 1) === 0) return;
    if (this.ix[ABORT] !== 0) throw ABORTED;
    if (this.count === this.capacity) {
      this.entryAt[depth] = -1;
      return;
    }
    const k = this.count++;
    this.ix[HEADER + 2 * k] = at;
    Atomics.store(this.ix, COUNT, this.count); // publishes the start written above
    this.entryAt[depth] = k;
    if (Atomics.load(this.ix, WAITING) === COUNT + 1) Atomics.notify(this.ix, COUNT);
  }

  close(end: number, depth: number): void {
    if (depth > MAX_DEPTH || ((INDEXED >> depth) & 1) === 0) return;
    const k = this.entryAt[depth];
    if (k < 0) return;
    const slot = HEADER + 2 * k + 1;
    Atomics.store(this.ix, slot, end);
    if (Atomics.load(this.ix, WAITING) === slot + 1) Atomics.notify(this.ix, slot);
  }
}

/**
 * The writer: validates the JSON document in `bytes` with the fast skipper
 * and publishes every indexed container into `ix` (from
 * `newContainerIndexMemory(bytes.length)`) as it closes. Always ends by
 * marking the index finished, also when it throws, so a reader never waits
 * for it in vain; stops early when the reader gave up on it.
 */
export function indexContainers(bytes: Uint8Array, ix: Int32Array): void {
  let status = STOPPED;
  Atomics.store(ix, STARTED, 1);
  try {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const p = fastSkipWs(bytes, view, 0);
    if (bytes[p] === 0x7b && fastSkipContainer(bytes, view, p, new IndexWriter(ix)) !== FAST_SKIP_FAILED) status = DONE;
  } catch (e) {
    if (e !== ABORTED) throw e;
  } finally {
    Atomics.store(ix, STATUS, status);
    const waiting = Atomics.load(ix, WAITING);
    if (waiting !== 0) Atomics.notify(ix, waiting - 1);
  }
}

/**
 * The reader's side of an index over `bytes`, for the decoder's scanner:
 * `endOf(at)` is the end of the container opening at `at` when the writer
 * has validated it, waiting for the writer when it is behind.
 */
export class ContainerEnds {
  private cursor = 0;
  private abandoned = false;
  private hits = 0;
  private waited = 0;

  /** How many `endOf` calls the index answered (for tests and measurements). */
  get answered(): number {
    return this.hits;
  }

  /** Milliseconds spent waiting for the writer (for measurements). */
  get waitedMs(): number {
    return this.waited;
  }

  /** `ix` is the index (shared memory, from `newContainerIndexMemory`) the writer fills for exactly these `bytes`. */
  constructor(
    readonly bytes: Uint8Array,
    private readonly ix: Int32Array,
  ) {}

  /**
   * The position just after the container (object or array) whose opening
   * bracket is at `at`, or -1 when the index does not know it: not indexed,
   * invalid, or the writer stopped, stalled or has not begun (the caller
   * then scans it itself). Positions must be asked for in ascending order.
   */
  endOf(at: number): number {
    if (this.abandoned) return -1;
    const ix = this.ix;
    let idle = 0;
    let finished = false;
    for (;;) {
      const n = Atomics.load(ix, COUNT);
      let k = this.cursor;
      while (k < n && ix[HEADER + 2 * k] < at) k++;
      this.cursor = k;
      let slot: number;
      let expected: number;
      if (k < n) {
        if (ix[HEADER + 2 * k] !== at) return -1; // the writer went past `at` without indexing it
        const end = Atomics.load(ix, HEADER + 2 * k + 1);
        if (end !== 0) {
          this.hits++;
          return end;
        }
        slot = HEADER + 2 * k + 1;
        expected = 0;
      } else {
        slot = COUNT;
        expected = n;
      }
      if (Atomics.load(ix, STARTED) === 0) return -1; // not begun yet (or never will): no waiting
      if (Atomics.load(ix, STATUS) !== RUNNING) {
        if (finished) return -1;
        finished = true; // everything is published now: look once more
        continue;
      }
      Atomics.store(ix, WAITING, slot + 1);
      const t0 = performance.now();
      const woke = Atomics.wait(ix, slot, expected, WAIT_SLICE_MS);
      this.waited += performance.now() - t0;
      Atomics.store(ix, WAITING, 0);
      if (woke !== 'timed-out') idle = 0;
      else if (++idle >= MAX_IDLE_WAITS) return this.abandon();
    }
  }

  /** Gives up on the index for good and stops the writer. */
  private abandon(): number {
    this.abandoned = true;
    Atomics.store(this.ix, ABORT, 1);
    return -1;
  }
}
