/**
 * Bytes held as an ordered list of parts.
 *
 * The writer's output for an edit of a big state is mostly long stretches of
 * the original file with a few regenerated pieces between them. Joining them
 * into one array would hold a second full copy of the state in memory; a
 * rope keeps views instead, and backends hash, write and compare it part by
 * part. Parts are views into arrays nobody changes (state bytes never are).
 */

/** An immutable sequence of bytes made of `parts` in order. */
export class ByteRope {
  /** Total number of bytes. */
  readonly length: number;

  /** `parts` are kept as given (views, not copies); empty parts are dropped. */
  constructor(parts: readonly Uint8Array[]) {
    const kept = parts.filter((p) => p.length > 0);
    this.parts = kept;
    this.length = kept.reduce((n, p) => n + p.length, 0);
  }

  /** The parts, in order, none empty. */
  readonly parts: readonly Uint8Array[];

  /** One array holding every byte: the only part itself when there is one, else a new copy. */
  toBytes(): Uint8Array {
    if (this.parts.length === 1) return this.parts[0]!;
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }

  /**
   * Calls `visit(part, start, end, at)` for the pieces of the parts that
   * cover rope offsets [from, to): bytes [start, end) of `part` sit at rope
   * offset `at`.
   */
  forRange(from: number, to: number, visit: (part: Uint8Array, start: number, end: number, at: number) => void): void {
    let o = 0;
    for (const p of this.parts) {
      const end = o + p.length;
      if (end > from && o < to) {
        const s = Math.max(from, o);
        const e = Math.min(to, end);
        visit(p, s - o, e - o, s);
      }
      if (end >= to) return;
      o = end;
    }
  }
}

/** Content as either one array or a rope. */
export type StateBytes = Uint8Array | ByteRope;

/** `content` as a rope (one part for a plain array). */
export function asRope(content: StateBytes): ByteRope {
  return content instanceof ByteRope ? content : new ByteRope([content]);
}

/** `content` as one array (joins a rope's parts: a full copy when it has several). */
export function asBytes(content: StateBytes): Uint8Array {
  return content instanceof ByteRope ? content.toBytes() : content;
}
