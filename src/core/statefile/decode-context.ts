/**
 * Decoding of a v4 file's `resources` and `outputs` (decode.ts does the top
 * level): one pass over the bytes that indexes resources and instance
 * objects, decodes their small metadata fields and keeps every payload raw.
 *
 * Built for large states: values are decoded straight from the bytes (no
 * `JSON.parse` for plain strings and small integers), fields are single
 * `RawSlice` objects, and what many resources share (strings, module paths,
 * provider addresses, dependency lists, instance keys) is decoded, parsed and
 * validated once per distinct spelling and then shared: all of it is
 * immutable.
 * Problems are collected as diagnostics; only JSON syntax errors throw
 * (`JsonSyntaxError`, turned into a diagnostic by the caller).
 */
import { error, warning, type Diagnostic } from '../diag/index.js';
import { formatKey, formatModuleInstance, formatResource, parseConfigResourceDependency, parseModuleInstance, parseProviderConfig } from '../addr/index.js';
import { intKey, NO_KEY, stringKey, type AbsProviderConfig, type InstanceKey, type ModuleInstance } from '../addr/types.js';
import type { Framing, InstanceObject, OutputEntry, RawField, RawJson, ResourceEntry, Span } from '../state/types.js';
import { decodeString, JsonScanner, JsonSyntaxError, lineColumn, utf8Text } from './json-scan.js';
import { DecodedInstance, FieldTable } from './decoded-instance.js';
import { rawSliceMaker, type RawSlice, type RawSliceMaker } from './raw-slice.js';
import { SpanCache } from './span-cache.js';
import { StringTable } from './string-table.js';

const MAX_LOCATED = 200;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DEPOSED_RE = /^[0-9A-Za-z]{8}$/;
const QUOTE = 0x22;
/** Integers with at most this many digits are exact doubles and parse without JSON.parse. */
const MAX_FAST_DIGITS = 15;
const NO_DEPENDENCIES: readonly string[] = Object.freeze([]);

/** A `module` value token (its exact bytes) decoded and, when a non-empty string, parsed once. */
interface ModuleToken {
  readonly value: unknown;
  readonly parse: ModuleParse | null;
}
/** A module string, parsed once. */
type ModuleParse = { readonly ok: true; readonly module: ModuleInstance; readonly formatted: string } | { readonly ok: false; readonly detail: string };
/** A provider string, parsed once. */
type ProviderParse = { readonly ok: true; readonly config: AbsProviderConfig; readonly legacy: boolean } | { readonly ok: false; readonly detail: string };
/** A `dependencies` value (by its exact bytes), parsed and validated once. */
type DependenciesParse =
  | { readonly kind: 'null' }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'list'; readonly list: readonly string[]; readonly problems: readonly string[] };

const BASE64 = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') BASE64[c.charCodeAt(0)] = 1;

/** True when bytes [start, end) spell padded base64 (BASE64_RE), checked without building a string. */
function isBase64(b: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (n % 4 !== 0) return false;
  let stop = end;
  if (n > 0 && b[end - 1] === 0x3d) stop = b[end - 2] === 0x3d ? end - 2 : end - 1;
  for (let i = start; i < stop; i++) if (BASE64[b[i]] !== 1) return false;
  return true;
}

/** The value of a token of 1-15 ASCII digits at [start, end), or -1 when it is anything else. */
function smallInt(b: Uint8Array, start: number, end: number): number {
  if (end - start > MAX_FAST_DIGITS || end === start) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = b[i] - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** How a resource is named in messages about it (its fields may be invalid). */
/** How a resource is named in messages: `resource module.a.aws_x.y`, or a description when it has no usable type and name. */
function resourceLabel(moduleStr: unknown, mode: unknown, type: unknown, name: unknown): string {
  if (typeof type !== 'string' || type === '' || typeof name !== 'string' || name === '') return 'a resource without a valid "type" and "name"';
  return `resource ${typeof moduleStr === 'string' && moduleStr ? moduleStr + '.' : ''}${mode === 'data' ? 'data.' : ''}${type}.${name}`;
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

/** Per-file decoding state: the bytes, framing, collected diagnostics and parse caches. */
export class DecodeContext {
  readonly diags: Diagnostic[] = [];
  private located = 0;
  private readonly seenResources = new Set<string>();
  /** Instance objects whose own metadata was invalid (left out of duplicate checks). */
  private readonly badInstances = new Set<InstanceObject>();
  private readonly modules: SpanCache<ModuleToken>;
  private readonly providers = new Map<string, ProviderParse>();
  private readonly dependencyLists: SpanCache<DependenciesParse>;
  private readonly escapedStrings: SpanCache<string>;
  private readonly stringKeys = new Map<string, InstanceKey>();
  private readonly intKeys: InstanceKey[] = [];
  /** Short strings (types, names, providers, keys), shared between resources. */
  private readonly strings: StringTable;
  private readonly Slice: RawSliceMaker;
  /** Scratch lists of the fields of the resource and instance being decoded (copied out at their exact size). */
  private readonly resourceFields: RawField[] = [];
  /** The fields of every instance object (built into slices only when asked for). */
  private readonly instanceFields: FieldTable;

  constructor(
    readonly bytes: Uint8Array,
    readonly where: string,
    readonly framing: Framing,
  ) {
    this.Slice = rawSliceMaker(bytes, framing);
    this.instanceFields = new FieldTable(this.Slice, 5);
    this.strings = new StringTable(bytes);
    this.modules = new SpanCache(bytes);
    this.dependencyLists = new SpanCache(bytes);
    this.escapedStrings = new SpanCache(bytes);
  }

  /** A raw value [start, end) at nesting `depth`. */
  raw(span: Span, depth: number): RawJson {
    return new this.Slice('', span.start, span.end, depth);
  }

  /** A raw field `key` whose value is [start, end) at nesting `depth`. */
  private field(key: string, start: number, end: number, depth: number): RawSlice {
    return new this.Slice(key, start, end, depth);
  }

  /** "file:line" of an offset, for the first MAX_LOCATED problems (the scan is linear). */
  at(offset: number): string {
    if (this.located++ >= MAX_LOCATED) return this.where;
    const { line } = lineColumn(this.bytes, offset);
    return `${this.where}:${line}`;
  }

  problem(code: string, detail: string, offset: number, address?: string): void {
    this.diags.push(error(code, 'Invalid resource in state', `${this.at(offset)}: ${detail}`, address));
  }

  /** Decodes the `resources` array at the scanner's position. */
  resources(s: JsonScanner): ResourceEntry[] {
    const list: ResourceEntry[] = [];
    if (s.enterArray()) {
      do {
        const r = this.resource(s);
        if (r) list.push(r);
      } while (s.nextElement());
    }
    return list;
  }

  /** The JSON value of [start, end) (already validated by the scanner). */
  private value(start: number, end: number): unknown {
    try {
      return JSON.parse(utf8Text(this.bytes, start, end));
    } catch (e) {
      throw new JsonSyntaxError((e as Error).message, start);
    }
  }

  /**
   * The JSON value of the token [start, end) just skipped: plain strings are
   * decoded straight from the bytes; anything else goes through `value`.
   */
  private scalar(s: JsonScanner, start: number, end: number): unknown {
    const b = this.bytes;
    if (b[start] !== QUOTE) return this.value(start, end);
    return s.lastEscaped ? this.escapedString(start, end) : this.strings.text(start + 1, end - 1);
  }

  /** The value of a string token with escapes (`provider["…"]` has them), decoded once per spelling. */
  private escapedString(start: number, end: number): string {
    return this.escapedStrings.get(start, end, this.decodeEscaped);
  }

  private readonly decodeEscaped = (start: number, end: number): string => decodeString(this.bytes, start, end, true);

  /** Decodes and parses a `module` value token (once per distinct spelling, see `modules`). */
  private readonly moduleToken = (start: number, end: number): ModuleToken => {
    const value = this.value(start, end);
    if (typeof value !== 'string' || value === '') return { value, parse: null };
    const m = parseModuleInstance(value);
    return { value, parse: m.ok ? { ok: true, module: m.value, formatted: formatModuleInstance(m.value) } : { ok: false, detail: m.diags[0]?.detail ?? 'unparseable' } };
  };

  private parseProvider(text: string): ProviderParse {
    let p = this.providers.get(text);
    if (p === undefined) {
      const r = parseProviderConfig(text);
      p = r.ok ? { ok: true, config: r.value.config, legacy: r.value.legacy } : { ok: false, detail: r.diags[0]?.detail ?? 'unparseable' };
      this.providers.set(text, p);
    }
    return p;
  }

  private resource(s: JsonScanner): ResourceEntry | null {
    const start = s.pos;
    const scratch = this.resourceFields;
    let n = 0;
    let moduleStr: unknown = '';
    let moduleParse: ModuleParse | null = null;
    let mode: unknown = undefined;
    let type: unknown = undefined;
    let name: unknown = undefined;
    let provider: unknown = '';
    let rawInstances: InstanceObject[] = [];
    if (s.enterObject()) {
      do {
        const key = s.memberKey();
        const vstart = s.pos;
        if (key === 'instances') {
          const list: InstanceObject[] = [];
          if (s.enterArray()) {
            do list.push(this.instance(s));
            while (s.nextElement());
          }
          rawInstances = list.slice(); // at its exact size
          scratch[n++] = this.field(key, vstart, s.pos, 3);
          continue;
        }
        const vend = s.skipValueEnd();
        scratch[n++] = this.field(key, vstart, vend, 3);
        switch (key) {
          case 'module': {
            const m = this.modules.get(vstart, vend, this.moduleToken);
            moduleStr = m.value;
            moduleParse = m.parse;
            break;
          }
          case 'mode':
            mode = this.scalar(s, vstart, vend);
            break;
          case 'type':
            type = this.scalar(s, vstart, vend);
            break;
          case 'name':
            name = this.scalar(s, vstart, vend);
            break;
          case 'provider':
            provider = this.scalar(s, vstart, vend);
            break;
        }
      } while (s.nextMember());
    }
    const end = s.pos;
    const fields = scratch.slice(0, n);
    let ok = true;
    let module: ModuleInstance = [];
    let moduleText = '';
    if (typeof moduleStr !== 'string') {
      this.problem('state.bad-module', `${resourceLabel(moduleStr, mode, type, name)} has a "module" that is not a string.`, start);
      ok = false;
    } else if (moduleStr !== '') {
      const m = moduleParse!;
      if (!m.ok) {
        this.problem('state.bad-module', `${resourceLabel(moduleStr, mode, type, name)} has an invalid module address ${shown(moduleStr)}: ${m.detail}`, start);
        ok = false;
      } else {
        module = m.module;
        moduleText = m.formatted;
      }
    }
    if (mode !== 'managed' && mode !== 'data') {
      this.problem('state.bad-mode', `${resourceLabel(moduleStr, mode, type, name)} has ${mode === undefined ? 'no "mode"' : `invalid mode ${shown(mode)}`}; it must be "managed" or "data".`, start);
      ok = false;
    }
    if (typeof type !== 'string' || type === '' || typeof name !== 'string' || name === '') {
      this.problem('state.bad-resource-name', `a resource has a missing or invalid "type" or "name" (type ${shown(type)}, name ${shown(name)}).`, start);
      ok = false;
    }
    let providerConfig: AbsProviderConfig | null = null;
    let legacy = false;
    if (typeof provider !== 'string') {
      this.problem('state.bad-provider', `${resourceLabel(moduleStr, mode, type, name)} has a "provider" that is not a string.`, start);
      ok = false;
    } else if (provider !== '') {
      const p = this.parseProvider(provider);
      if (!p.ok) {
        this.problem('state.bad-provider', `${resourceLabel(moduleStr, mode, type, name)} has an invalid provider address ${shown(provider)}: ${p.detail}`, start);
        ok = false;
      } else {
        providerConfig = p.config;
        legacy = p.legacy;
      }
    } else if (!rawInstances.some((i) => i.provider !== '')) {
      this.problem('state.missing-provider', `${resourceLabel(moduleStr, mode, type, name)} has no provider address, neither on the resource nor on its instances.`, start);
      ok = false;
    }
    if (!ok) return null;
    const entry: ResourceEntry = {
      module,
      mode: mode as 'managed' | 'data',
      type: type as string,
      name: name as string,
      provider: provider as string,
      providerConfig,
      legacyProvider: legacy,
      instances: rawInstances,
      fields,
      origin: this.field('', start, end, 2),
    };
    // formatAbsResource, with the module part formatted once per module string.
    // formatAbsResource, with the module part formatted once per module spelling.
    const res = formatResource(entry);
    const addr = moduleText === '' ? res : moduleText + '.' + res;
    if (this.seenResources.has(addr)) this.problem('state.duplicate-resource', `resource ${addr} appears more than once.`, start, addr);
    this.seenResources.add(addr);
    if (rawInstances.length > 1) this.duplicateInstances(addr, rawInstances, start);
    return entry;
  }

  private duplicateInstances(addr: string, instances: readonly InstanceObject[], start: number): void {
    const seen = new Set<string>();
    for (const inst of instances) {
      if (this.badInstances.has(inst)) continue;
      const k = formatKey(inst.key) + '\u0000' + inst.deposed;
      if (seen.has(k)) {
        const what = inst.deposed ? `deposed object ${inst.deposed} of ${addr}${formatKey(inst.key)}` : `current object of ${addr}${formatKey(inst.key)}`;
        this.problem('state.duplicate-instance', `the ${what} appears more than once.`, inst.origin?.span.start ?? start, addr + formatKey(inst.key));
      }
      seen.add(k);
    }
  }

  private instanceKey(s: JsonScanner, start: number, end: number): InstanceKey | null {
    const b = this.bytes;
    if (b[start] === QUOTE) {
      const text = s.lastEscaped ? this.escapedString(start, end) : this.strings.text(start + 1, end - 1);
      let k = this.stringKeys.get(text);
      if (k === undefined) this.stringKeys.set(text, (k = stringKey(text)));
      return k;
    }
    const n = smallInt(b, start, end);
    if (n >= 0 && n < 1024) return (this.intKeys[n] ??= intKey(n));
    if (n >= 0) return intKey(n);
    const v = this.value(start, end);
    if (typeof v === 'number' && Number.isFinite(v)) {
      if (!Number.isInteger(v)) this.diags.push(warning('state.fractional-index-key', 'Fractional index key', `${this.at(start)}: index_key ${v} is not an integer; Terraform truncates it to ${Math.trunc(v)}.`));
      return intKey(Math.trunc(v));
    }
    this.problem('state.bad-index-key', `instance has an invalid index_key ${utf8Text(b, start, end)}; it must be an integer or a string.`, start);
    return null;
  }

  /** Decodes and validates a `dependencies` value (once per distinct spelling, see `dependencyLists`). */
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

  private instance(s: JsonScanner): InstanceObject {
    const b = this.bytes;
    const start = s.pos;
    const table = this.instanceFields;
    const firstField = table.size;
    let key: InstanceKey = NO_KEY;
    let status: 'ready' | 'tainted' = 'ready';
    let deposed = '';
    let schemaVersion = 0;
    let dependencies: readonly string[] = NO_DEPENDENCIES;
    let cbd = false;
    let provider = '';
    const problemsBefore = this.diags.length;
    if (s.enterObject()) {
      do {
        const k = s.memberKey();
        const vstart = s.pos;
        const vend = s.skipValueEnd();
        table.add(k, vstart, vend);
        switch (k) {
          case 'index_key': {
            const ik = this.instanceKey(s, vstart, vend);
            if (ik !== null) key = ik;
            break;
          }
          case 'status': {
            const v = this.scalar(s, vstart, vend);
            if (v === 'tainted') status = 'tainted';
            else if (v !== '') this.problem('state.bad-status', `instance has invalid status ${shown(v)}; it must be "tainted" or absent.`, vstart);
            break;
          }
          case 'deposed': {
            const v = this.scalar(s, vstart, vend);
            if (typeof v === 'string' && (v === '' || DEPOSED_RE.test(v))) deposed = v;
            else this.problem('state.bad-deposed', `instance has invalid deposed key ${shown(v)}; it must be 8 characters.`, vstart);
            break;
          }
          case 'schema_version': {
            const n = smallInt(b, vstart, vend);
            const v = n >= 0 ? n : this.value(vstart, vend);
            if (typeof v === 'number' && Number.isInteger(v) && v >= 0) schemaVersion = v;
            else this.problem('state.bad-schema-version', `instance has invalid schema_version ${utf8Text(b, vstart, vend)}.`, vstart);
            break;
          }
          case 'dependencies': {
            const d = this.dependencyLists.get(vstart, vend, this.parseDependencies);
            if (d.kind === 'null') break;
            if (d.kind === 'invalid') {
              this.problem('state.bad-dependencies', `instance has "dependencies" that is not a list of strings.`, vstart);
              break;
            }
            for (const p of d.problems) this.problem('state.bad-dependency', p, vstart);
            dependencies = d.list;
            break;
          }
          case 'create_before_destroy':
            // The only token whose value is `true` is `true` itself.
            cbd = vend - vstart === 4 && b[vstart] === 0x74;
            break;
          case 'provider': {
            const v = this.scalar(s, vstart, vend);
            if (typeof v === 'string') provider = v;
            break;
          }
          case 'private': {
            if (b[vstart] === QUOTE && !s.lastEscaped) {
              if (!isBase64(b, vstart + 1, vend - 1)) this.problem('state.bad-private', `instance has a "private" value that is not valid base64.`, vstart);
              break;
            }
            const v = this.value(vstart, vend);
            if (v !== null && (typeof v !== 'string' || !BASE64_RE.test(v))) this.problem('state.bad-private', `instance has a "private" value that is not valid base64.`, vstart);
            break;
          }
        }
      } while (s.nextMember());
    }
    const obj = new DecodedInstance(key, deposed, status, schemaVersion, dependencies, cbd, provider, this.field('', start, s.pos, 4), table, firstField, table.size);
    if (this.diags.length > problemsBefore) this.badInstances.add(obj);
    return obj;
  }

  /** Decodes the top-level `outputs` object held by `raw`. */
  outputs(raw: RawJson): OutputEntry[] {
    const s = new JsonScanner(this.bytes);
    s.pos = raw.span.start;
    const out: OutputEntry[] = [];
    if (s.peek() !== 0x7b) {
      this.diags.push(error('state.bad-outputs', 'Invalid state file format', `${this.where}: "outputs" must be an object.`));
      return out;
    }
    s.object((name) => {
      if (s.peek() !== 0x7b) {
        this.diags.push(error('state.bad-output', 'Invalid state file format', `${this.at(s.pos)}: output ${JSON.stringify(name)} must be an object.`));
        s.skipValue();
        return;
      }
      let value: RawJson | null = null;
      let type: RawJson | null = null;
      let sensitive = false;
      s.object((k) => {
        const span = s.skipValue();
        if (k === 'value') value = this.raw(span, 3);
        else if (k === 'type') type = this.raw(span, 3);
        else if (k === 'sensitive') sensitive = utf8Text(this.bytes, span.start, span.end) === 'true';
      });
      out.push({ name, sensitive, value, type });
    });
    return out;
  }
}
