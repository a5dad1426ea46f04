/**
 * Decoding the values of a state's metadata fields, once per distinct
 * spelling: module paths, provider addresses, dependency lists, instance
 * keys and short strings repeat across thousands of resources, so each is
 * decoded, parsed and validated the first time its exact bytes are seen and
 * then shared (all of it is immutable). Also the byte-level checks and
 * message helpers the decoder uses.
 */
import { formatModuleInstance, parseConfigResourceDependency, parseModuleInstance, parseProviderConfig, rememberModuleText } from '../addr/index.js';
import { parsePlainModuleInstance } from '../addr/plain-module.js';
import { intKey, stringKey, type AbsProviderConfig, type InstanceKey, type ModuleInstance } from '../addr/types.js';
import { decodeString, JsonSyntaxError, utf8Text, type JsonScanner } from './json-scan.js';
import { SpanCache } from './span-cache.js';
import { StringTable } from './string-table.js';

/** Padded base64, as Terraform writes an instance's `private`. */
export const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** A deposed object's key. */
export const DEPOSED_RE = /^[0-9A-Za-z]{8}$/;
const QUOTE = 0x22;
/** Integers with at most this many digits are exact doubles and parse without JSON.parse. */
const MAX_FAST_DIGITS = 15;

/** A `module` value token (its exact bytes) decoded and, when a non-empty string, parsed once. */
export interface ModuleToken {
  readonly value: unknown;
  readonly parse: ModuleParse | null;
}
/** A module string, parsed once. */
export type ModuleParse = { readonly ok: true; readonly module: ModuleInstance; readonly formatted: string } | { readonly ok: false; readonly detail: string };
/** A provider string, parsed once. */
export type ProviderParse = { readonly ok: true; readonly config: AbsProviderConfig; readonly legacy: boolean } | { readonly ok: false; readonly detail: string };
/** A `dependencies` value (by its exact bytes), parsed and validated once. */
export type DependenciesParse =
  | { readonly kind: 'null' }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'list'; readonly list: readonly string[]; readonly problems: readonly string[] };

const BASE64 = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') BASE64[c.charCodeAt(0)] = 1;

/** True when bytes [start, end) spell padded base64 (BASE64_RE), checked without building a string. */
export function isBase64(b: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (n % 4 !== 0) return false;
  let stop = end;
  if (n > 0 && b[end - 1] === 0x3d) stop = b[end - 2] === 0x3d ? end - 2 : end - 1;
  for (let i = start; i < stop; i++) if (BASE64[b[i]] !== 1) return false;
  return true;
}

/** The value of a token of 1-15 ASCII digits at [start, end), or -1 when it is anything else. */
export function smallInt(b: Uint8Array, start: number, end: number): number {
  if (end - start > MAX_FAST_DIGITS || end === start) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = b[i] - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * A decoded JSON value as quoted in messages: `missing` when absent, the kind
 * of an array or object (which may be huge or nested too deep to print), JSON
 * for strings (shortened when long), the text of other scalars.
 */
export function shown(v: unknown): string {
  if (v === undefined) return 'missing';
  if (Array.isArray(v)) return 'an array';
  if (v !== null && typeof v === 'object') return 'an object';
  return shorten(typeof v === 'string' ? JSON.stringify(v) : String(v));
}

/** Text quoted in a message, cut to 80 characters. */
export function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}


/** The per-file caches behind field decoding; every method takes a token the scanner has validated. */
export class FieldDecoder {
  private readonly modules: SpanCache<ModuleToken>;
  private readonly providers = new Map<string, ProviderParse>();
  private readonly dependencyLists: SpanCache<DependenciesParse>;
  private readonly escapedStrings: SpanCache<string>;
  private readonly stringKeys = new Map<string, InstanceKey>();
  private readonly intKeys: InstanceKey[] = [];
  /** Short strings (types, names, providers, keys), shared between resources. */
  private readonly strings: StringTable;

  constructor(private readonly bytes: Uint8Array) {
    this.strings = new StringTable(bytes);
    this.modules = new SpanCache(bytes);
    this.dependencyLists = new SpanCache(bytes);
    this.escapedStrings = new SpanCache(bytes);
  }

  /** The JSON value of [start, end) (already validated by the scanner). */
  value(start: number, end: number): unknown {
    try {
      return JSON.parse(utf8Text(this.bytes, start, end));
    } catch (e) {
      throw new JsonSyntaxError((e as Error).message, start);
    }
  }

  /**
   * The JSON value of the token [start, end) just skipped by `s`: plain
   * strings are decoded straight from the bytes; anything else goes through
   * `value`.
   */
  scalar(s: JsonScanner, start: number, end: number): unknown {
    return this.bytes[start] === QUOTE ? this.text(s, start, end) : this.value(start, end);
  }

  /** The text of the string token [start, end) just skipped by `s`. */
  text(s: JsonScanner, start: number, end: number): string {
    return s.lastEscaped ? this.escapedStrings.get(start, end, this.decodeEscaped) : this.strings.text(start + 1, end - 1);
  }

  private readonly decodeEscaped = (start: number, end: number): string => decodeString(this.bytes, start, end, true);

  /** A `module` value token, decoded and parsed once per spelling. */
  module(start: number, end: number): ModuleToken {
    return this.modules.get(start, end, this.moduleToken);
  }

  private readonly moduleToken = (start: number, end: number): ModuleToken => {
    const value = this.value(start, end);
    if (typeof value !== 'string' || value === '') return { value, parse: null };
    // The plain shape (nearly every module path of a state) is already canonical text: nothing to format.
    const plain = parsePlainModuleInstance(value);
    if (plain !== null) {
      rememberModuleText(plain, value);
      return { value, parse: { ok: true, module: plain, formatted: value } };
    }
    const m = parseModuleInstance(value);
    if (!m.ok) return { value, parse: { ok: false, detail: m.diags[0]?.detail ?? 'unparseable' } };
    const formatted = formatModuleInstance(m.value);
    // Resources share this array and nobody changes it: later formatting (encoding, surgery, the TUI) is a lookup.
    rememberModuleText(m.value, formatted);
    return { value, parse: { ok: true, module: m.value, formatted } };
  };

  /** A provider address, parsed once per spelling. */
  provider(text: string): ProviderParse {
    let p = this.providers.get(text);
    if (p === undefined) {
      const r = parseProviderConfig(text);
      p = r.ok ? { ok: true, config: r.value.config, legacy: r.value.legacy } : { ok: false, detail: r.diags[0]?.detail ?? 'unparseable' };
      this.providers.set(text, p);
    }
    return p;
  }

  /** A `dependencies` value, decoded and validated once per spelling. */
  dependencies(start: number, end: number): DependenciesParse {
    return this.dependencyLists.get(start, end, this.parseDependencies);
  }

  private readonly parseDependencies = (start: number, end: number): DependenciesParse => {
    const v = this.value(start, end);
    if (v === null) return { kind: 'null' };
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return { kind: 'invalid' };
    const problems: string[] = [];
    for (const dep of v as string[]) {
      const p = parseConfigResourceDependency(dep);
      if (!p.ok) problems.push(`instance has an invalid dependency ${shown(dep)}: ${p.diags[0]?.detail ?? 'unparseable'}`);
    }
    return { kind: 'list', list: Object.freeze(v as string[]), problems };
  };

  /** The instance key for a string index, one object per spelling. */
  stringKey(text: string): InstanceKey {
    let k = this.stringKeys.get(text);
    if (k === undefined) this.stringKeys.set(text, (k = stringKey(text)));
    return k;
  }

  /** The instance key for a non-negative integer index (small ones shared). */
  intKey(n: number): InstanceKey {
    return n < 1024 ? (this.intKeys[n] ??= intKey(n)) : intKey(n);
  }
}
