/**
 * Instance objects as the decoder makes them: metadata decoded, fields kept
 * as spans in one table per file and turned into `RawSlice` objects only
 * when something asks for them.
 *
 * Most instance objects of a big state are only listed, or copied verbatim
 * by an edit (through their `origin`); building a slice object for each of
 * their hundreds of thousands of fields was a fifth of decoding, most of it
 * garbage-collector time.
 */
import type { InstanceKey } from '../addr/types.js';
import type { InstanceObject, RawField, RawJson } from '../state/types.js';
import type { RawSliceMaker } from './raw-slice.js';

/** The instance fields of one file: the key and value span of each field, in file order. */
export class FieldTable {
  private readonly keys: string[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** @param Slice the file's slice maker; @param depth the nesting depth of instance field values */
  constructor(
    private readonly Slice: RawSliceMaker,
    private readonly depth: number,
  ) {}

  /** Number of fields recorded so far (the index the next one gets). */
  get size(): number {
    return this.keys.length;
  }

  /** Records field `key` whose value spans [start, end). */
  add(key: string, start: number, end: number): void {
    this.keys.push(key);
    this.starts.push(start);
    this.ends.push(end);
  }

  /** Fields [from, to) as raw fields (new objects on each call). */
  slices(from: number, to: number): RawField[] {
    const out = new Array<RawField>(to - from);
    for (let i = from; i < to; i++) out[i - from] = new this.Slice(this.keys[i]!, this.starts[i]!, this.ends[i]!, this.depth);
    return out;
  }
}

/**
 * A decoded instance object. `fields` is an own, enumerable accessor (so a
 * spread or a deep comparison sees it like any other property), shared by
 * all decoded instances: it builds the slices on first use and keeps them,
 * so the object reads as immutable.
 */
export class DecodedInstance implements InstanceObject {
  #table: FieldTable | null;
  readonly #from: number;
  readonly #to: number;
  #built: readonly RawField[] | null = null;
  declare readonly fields: readonly RawField[];

  static readonly #FIELDS: PropertyDescriptor = {
    enumerable: true,
    get(this: DecodedInstance): readonly RawField[] {
      if (this.#built === null) {
        this.#built = this.#table!.slices(this.#from, this.#to);
        this.#table = null;
      }
      return this.#built;
    },
  };

  constructor(
    readonly key: InstanceKey,
    readonly deposed: string,
    readonly status: 'ready' | 'tainted',
    readonly schemaVersion: number,
    readonly dependencies: readonly string[],
    readonly createBeforeDestroy: boolean,
    readonly provider: string,
    readonly origin: RawJson | null,
    table: FieldTable,
    from: number,
    to: number,
  ) {
    this.#table = table;
    this.#from = from;
    this.#to = to;
    Object.defineProperty(this, 'fields', DecodedInstance.#FIELDS);
  }
}
