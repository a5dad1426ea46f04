/**
 * The in-memory state model produced by the codec (`core/statefile`).
 *
 * The model is an index over the original bytes: every resource and instance
 * object remembers the byte span it came from, so untouched parts are written
 * back verbatim. Attribute payloads stay raw (`RawJson`) and are decoded only
 * on demand. Objects are immutable: surgery builds new objects for what it
 * changes and reuses the rest by reference (the writer copies reused objects'
 * original bytes).
 */
import type { AbsProviderConfig, InstanceKey, ModuleInstance } from '../addr/types.js';

/** A span of the original file's bytes: `[start, end)`. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * A raw JSON value taken verbatim from a file. `bytes` is the whole file the
 * span points into (shared, never copied). `framing`/`depth` say how it is
 * indented so it can be re-framed when embedded elsewhere.
 */
export interface RawJson {
  readonly bytes: Uint8Array;
  readonly span: Span;
  readonly framing: Framing;
  /** Nesting depth of the value in its file (the top-level object is 0). */
  readonly depth: number;
}

/** How a file is laid out: Terraform's 2-space indent or OpenTofu 1.8-1.11 compact. */
export type Framing = 'indent' | 'compact';

/** An ordered object field whose value is kept raw. */
export interface RawField {
  readonly key: string;
  readonly value: RawJson;
}

/** One object of an instance: the current object (`deposed === ''`) or a deposed one. */
export interface InstanceObject {
  /** `index_key`: the instance key. */
  readonly key: InstanceKey;
  /** '' for the current object; the 8-character deposed key otherwise. */
  readonly deposed: string;
  readonly status: 'ready' | 'tainted';
  readonly schemaVersion: number;
  /** `dependencies` entries exactly as stored (config resource addresses). */
  readonly dependencies: readonly string[];
  readonly createBeforeDestroy: boolean;
  /** Tofu ≥1.9 per-instance `provider`, or '' when absent. */
  readonly provider: string;
  /** All fields in file order with raw values (includes the ones decoded above). */
  readonly fields: readonly RawField[];
  /** The object's own span in `origin.bytes` when it is unchanged from a file. */
  readonly origin: RawJson | null;
}

/** One resource entry (`resources[]`). */
export interface ResourceEntry {
  readonly module: ModuleInstance;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** The `provider` string exactly as stored ('' when omitted, Tofu ≥1.9). */
  readonly provider: string;
  /** Parsed provider config, or null when absent or unparseable. */
  readonly providerConfig: AbsProviderConfig | null;
  /** True when `provider` uses a legacy form (`provider.aws`, `-/aws`). */
  readonly legacyProvider: boolean;
  readonly instances: readonly InstanceObject[];
  /** All fields in file order, raw (instances included). */
  readonly fields: readonly RawField[];
  /** The entry's own span when it is unchanged from a file. */
  readonly origin: RawJson | null;
}

/** Snapshot metadata (Terraform's statefile.File without the state). */
export interface StateMeta {
  /** The format version as read (1-4); upgraded states report their original version here. */
  readonly formatVersion: number;
  readonly terraformVersion: string;
  /** `serial` (uint64). */
  readonly serial: bigint;
  readonly lineage: string;
}

/** A root output value, raw. */
export interface OutputEntry {
  readonly name: string;
  readonly sensitive: boolean;
  readonly value: RawJson | null;
  readonly type: RawJson | null;
}

/** A decoded state snapshot: metadata plus resources, indexed over the file's bytes. */
export interface StateSnapshot {
  readonly meta: StateMeta;
  readonly framing: Framing;
  readonly resources: readonly ResourceEntry[];
  readonly outputs: readonly OutputEntry[];
  /** The bytes the snapshot was decoded from (for v1-v3, the upgraded v4 text). */
  readonly bytes: Uint8Array;
  /** Top-level fields in file order, raw. */
  readonly topFields: readonly RawField[];
  /** Whatever followed the top-level value in the file (normally "\n"). */
  readonly trailer: Uint8Array;
  /** True when the snapshot was upgraded in memory from format v1-v3. */
  readonly upgraded: boolean;
}
