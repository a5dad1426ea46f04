/**
 * A per-file cache of values computed from byte spans, looked up by the
 * bytes themselves: a span's value is computed once per distinct spelling
 * and found again without decoding the bytes to a string first.
 *
 * The decoder keeps the parsed module path of each distinct `module`
 * string and the validated list of each distinct `dependencies` value here:
 * a large state repeats a few hundred spellings tens of thousands of times.
 */

interface Entry<T> {
  readonly start: number;
  readonly end: number;
  readonly value: T;
  next: Entry<T> | null;
}

/** FNV-1a of bytes [start, end). */
function bytesHash(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h | 0;
}

/** True when bytes [a, a + n) and [c, c + n) of `b` are equal. */
function sameBytes(b: Uint8Array, a: number, c: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (b[a + i] !== b[c + i]) return false;
  return true;
}

/** Values of spans of one file's `bytes`, keyed by the spans' content. */
export class SpanCache<T> {
  private readonly entries = new Map<number, Entry<T>>();

  constructor(private readonly bytes: Uint8Array) {}

  /**
   * The value for bytes [start, end): the one computed for an earlier span
   * with the same bytes, or `compute(start, end)` (then remembered).
   */
  get(start: number, end: number, compute: (start: number, end: number) => T): T {
    const b = this.bytes;
    const n = end - start;
    const h = bytesHash(b, start, end);
    const first = this.entries.get(h) ?? null;
    for (let e = first; e !== null; e = e.next) if (e.end - e.start === n && sameBytes(b, e.start, start, n)) return e.value;
    const value = compute(start, end);
    this.entries.set(h, { start, end, value, next: first });
    return value;
  }
}
