/**
 * Resources and instance objects as the decoder makes them: metadata
 * decoded, fields kept as spans in one table per file and turned into
 * `RawSlice` objects only when something asks for them.
 *
 * Most instance objects of a big state are only listed, or copied verbatim
 * by an edit (through their `origin`); building a slice object for each of
 * their hundreds of thousands of fields was a fifth of decoding, most of it
 * garbage-collector time.
 */
import type { AbsProviderConfig, InstanceKey, ModuleInstance } from '../addr/types.js';
import type { InstanceObject, RawField, RawJson, ResourceEntry } from '../state/types.js';
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
 * Fields built on first use: `fields` is an own, enumerable accessor (so a
 * spread or a deep comparison sees it like any other property), shared by
 * all decoded objects of a kind: it builds the slices on first use and keeps
 * them, so the object reads as immutable.
 */
abstract class LazyFields {
  #table: FieldTable | null = null;
  #from = 0;
  #to = 0;
  #built: readonly RawField[] | null = null;
  declare readonly fields: readonly RawField[];

  static readonly #FIELDS: PropertyDescriptor = {
    enumerable: true,
    get(this: LazyFields): readonly RawField[] {
      if (this.#built === null) {
        this.#built = this.#table!.slices(this.#from, this.#to);
        this.#table = null;
      }
      return this.#built;
    },
  };

  /** Makes `fields` the entries [from, to) of `table` (call last in the constructor: it is the last own property). */
  protected fieldsFrom(table: FieldTable, from: number, to: number): void {
    this.#table = table;
    this.#from = from;
    this.#to = to;
    Object.defineProperty(this, 'fields', LazyFields.#FIELDS);
  }
}

/** A decoded instance object, its fields built on first use. */
export class DecodedInstance extends LazyFields implements InstanceObject {
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
    super();
    this.fieldsFrom(table, from, to);
  }
}

/**
 * A decoded resource, its fields built on first use: only a resource an
 * edit rebuilds needs them (an unchanged one is copied through its
 * `origin`), and a large state has some 100k of them.
 */
export class DecodedResource extends LazyFields implements ResourceEntry {
  constructor(
    readonly module: ModuleInstance,
    readonly mode: 'managed' | 'data',
    readonly type: string,
    readonly name: string,
    readonly provider: string,
    readonly providerConfig: AbsProviderConfig | null,
    readonly legacyProvider: boolean,
    readonly instances: readonly InstanceObject[],
    readonly origin: RawJson | null,
    table: FieldTable,
    from: number,
    to: number,
  ) {
    super();
    this.fieldsFrom(table, from, to);
  }
}
