/**
 * The decoder's compact representation of a raw field: one object that is at
 * once the `RawField` (`key`, `value`), its `RawJson` (`bytes`, `span`,
 * `framing`, `depth`) and its `Span` (`start`, `end`).
 *
 * A large state has hundreds of thousands of fields; three objects per field
 * (field, raw value, span) were most of the decoder's memory and of its
 * garbage-collection time. Here each field is one object with four own
 * properties (`key`, `start`, `end`, `depth`): `value` and `span` are the
 * object itself, and `bytes` and `framing`, the same for every field of a
 * file, live on a per-file prototype (`rawSliceMaker`). Consumers see the
 * ordinary interfaces. Like every model object a slice never changes after
 * construction; copy fields by building new objects, not by spreading a slice
 * (a spread copies only the own properties).
 */
import type { Framing, RawField, RawJson, Span } from '../state/types.js';

/** A raw JSON value taken from a file, which is also its own span and (with `key`) a field. */
export interface RawSlice extends RawField, RawJson, Span {
  /** The field's key ('' for values that are not object members, such as `origin`). */
  readonly key: string;
  /** The slice itself. */
  readonly value: RawJson;
  /** The slice itself. */
  readonly span: Span;
}

/** Builds the slices of one file: `key`'s value spans [start, end) at nesting `depth`. */
export type RawSliceMaker = new (key: string, start: number, end: number, depth: number) => RawSlice;

/**
 * The slice constructor for a file's `bytes` laid out with `framing`. A
 * class of its own per file (not a subclass: a derived constructor costs
 * more per object while the code is still cold), with `bytes` and `framing`
 * on its prototype.
 */
export function rawSliceMaker(bytes: Uint8Array, framing: Framing): RawSliceMaker {
  class FileSlice implements RawSlice {
    // `declare`: assigned in the constructor only, so each object is built in one step.
    declare readonly key: string;
    declare readonly start: number;
    declare readonly end: number;
    declare readonly depth: number;
    declare readonly bytes: Uint8Array;
    declare readonly framing: Framing;

    constructor(key: string, start: number, end: number, depth: number) {
      this.key = key;
      this.start = start;
      this.end = end;
      this.depth = depth;
    }

    get value(): RawJson {
      return this;
    }

    get span(): Span {
      return this;
    }
  }
  Object.defineProperties(FileSlice.prototype, {
    bytes: { value: bytes, enumerable: true },
    framing: { value: framing, enumerable: true },
  });
  return FileSlice;
}
