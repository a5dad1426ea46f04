/**
 * Decoding of a v4 file's `resources` and `outputs` (decode.ts does the top
 * level): one pass over the bytes that indexes resources and instance
 * objects, decodes their small metadata fields and keeps every payload raw.
 *
 * Built for large states: values are decoded straight from the bytes (no
 * `JSON.parse` for plain strings and small integers), fields are single
 * `RawSlice` objects, and what many resources share (strings, module paths,
 * provider addresses, dependency lists, instance keys) is decoded, parsed and
 * validated once per distinct spelling (decode-values.ts).
 * Problems are collected as diagnostics; only JSON syntax errors throw
 * (`JsonSyntaxError`, turned into a diagnostic by the caller).
 */
import { error, warning, type Diagnostic } from '../diag/index.js';
import { formatKey, formatResource, keyEquals } from '../addr/index.js';
import { intKey, NO_KEY, type AbsProviderConfig, type InstanceKey, type ModuleInstance } from '../addr/types.js';
import type { Framing, InstanceObject, OutputEntry, RawField, RawJson, ResourceEntry, Span } from '../state/types.js';
import { JsonScanner, lineColumn, utf8Text } from './json-scan.js';
import { DecodedInstance, DecodedResource, FieldTable } from './decoded-instance.js';
import { rawSliceMaker, type RawSlice, type RawSliceMaker } from './raw-slice.js';
import { BASE64_RE, DEPOSED_RE, FieldDecoder, isBase64, shown, smallInt, type ModuleParse } from './decode-values.js';

export { shorten, shown } from './decode-values.js';

const MAX_LOCATED = 200;
const QUOTE = 0x22;
const NO_DEPENDENCIES: readonly string[] = Object.freeze([]);
/** Up to this many instance objects, duplicates are found by comparing pairs. */
const FEW_INSTANCES = 8;

/** How a resource is named in messages (its fields may be invalid): `resource module.a.aws_x.y`, or a description when it has no usable type and name. */
function resourceLabel(moduleStr: unknown, mode: unknown, type: unknown, name: unknown): string {
  if (typeof type !== 'string' || type === '' || typeof name !== 'string' || name === '') return 'a resource without a valid "type" and "name"';
  return `resource ${typeof moduleStr === 'string' && moduleStr ? moduleStr + '.' : ''}${mode === 'data' ? 'data.' : ''}${type}.${name}`;
}

/** Per-file decoding state: the bytes, framing, collected diagnostics and field decoder. */
export class DecodeContext {
  readonly diags: Diagnostic[] = [];
  private located = 0;
  private readonly seenResources = new Set<string>();
  /** Instance objects whose own metadata was invalid (left out of duplicate checks). */
  private readonly badInstances = new Set<InstanceObject>();
  /** Field values, decoded once per spelling. */
  private readonly values: FieldDecoder;
  private readonly Slice: RawSliceMaker;
  /** The fields of every resource (built into slices only when asked for). */
  private readonly resourceFields: FieldTable;
  /** The fields of every instance object (built into slices only when asked for). */
  private readonly instanceFields: FieldTable;

  constructor(
    readonly bytes: Uint8Array,
    readonly where: string,
    readonly framing: Framing,
  ) {
    this.Slice = rawSliceMaker(bytes, framing);
    this.instanceFields = new FieldTable(this.Slice, 5);
    this.resourceFields = new FieldTable(this.Slice, 3);
    this.values = new FieldDecoder(bytes);
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

  private resource(s: JsonScanner): ResourceEntry | null {
    const start = s.pos;
    const table = this.resourceFields;
    const firstField = table.size;
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
          table.add(key, vstart, s.pos);
          continue;
        }
        const vend = s.skipValueEnd();
        table.add(key, vstart, vend);
        switch (key) {
          case 'module': {
            const m = this.values.module(vstart, vend);
            moduleStr = m.value;
            moduleParse = m.parse;
            break;
          }
          case 'mode':
            mode = this.values.scalar(s, vstart, vend);
            break;
          case 'type':
            type = this.values.scalar(s, vstart, vend);
            break;
          case 'name':
            name = this.values.scalar(s, vstart, vend);
            break;
          case 'provider':
            provider = this.values.scalar(s, vstart, vend);
            break;
        }
      } while (s.nextMember());
    }
    const end = s.pos;
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
      const p = this.values.provider(provider);
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
    const entry = new DecodedResource(module, mode as 'managed' | 'data', type as string, name as string, provider as string, providerConfig, legacy, rawInstances, this.field('', start, end, 2), table, firstField, table.size);
    // formatAbsResource, with the module part formatted once per module spelling.
    const res = formatResource(entry);
    const addr = moduleText === '' ? res : moduleText + '.' + res;
    if (this.seenResources.has(addr)) this.problem('state.duplicate-resource', `resource ${addr} appears more than once.`, start, addr);
    this.seenResources.add(addr);
    if (rawInstances.length > 1) this.duplicateInstances(addr, rawInstances, start);
    return entry;
  }

  /** Reports every instance object whose key and deposed key an earlier one of the resource already has. */
  private duplicateInstances(addr: string, instances: readonly InstanceObject[], start: number): void {
    const report = (inst: InstanceObject): void => {
      const what = inst.deposed ? `deposed object ${inst.deposed} of ${addr}${formatKey(inst.key)}` : `current object of ${addr}${formatKey(inst.key)}`;
      this.problem('state.duplicate-instance', `the ${what} appears more than once.`, inst.origin?.span.start ?? start, addr + formatKey(inst.key));
    };
    const ok = instances.filter((i) => !this.badInstances.has(i));
    if (ok.length <= FEW_INSTANCES) {
      // Few objects (the common case): compare pairs, no strings built.
      for (let j = 1; j < ok.length; j++) {
        for (let i = 0; i < j; i++) {
          if (ok[i]!.deposed === ok[j]!.deposed && keyEquals(ok[i]!.key, ok[j]!.key)) {
            report(ok[j]!);
            break;
          }
        }
      }
      return;
    }
    const seen = new Set<string>();
    for (const inst of ok) {
      // Identity without formatting: the kind's initial, the value, the deposed key.
      const k = inst.key.kind === 'none' ? '\u0000' + inst.deposed : inst.key.kind[0] + String(inst.key.value) + '\u0000' + inst.deposed;
      if (seen.has(k)) report(inst);
      seen.add(k);
    }
  }

  private instanceKey(s: JsonScanner, start: number, end: number): InstanceKey | null {
    const b = this.bytes;
    if (b[start] === QUOTE) {
      return this.values.stringKey(this.values.text(s, start, end));
    }
    const n = smallInt(b, start, end);
    if (n >= 0) return this.values.intKey(n);
    const v = this.values.value(start, end);
    if (typeof v === 'number' && Number.isFinite(v)) {
      if (!Number.isInteger(v)) this.diags.push(warning('state.fractional-index-key', 'Fractional index key', `${this.at(start)}: index_key ${v} is not an integer; Terraform truncates it to ${Math.trunc(v)}.`));
      return intKey(Math.trunc(v));
    }
    this.problem('state.bad-index-key', `instance has an invalid index_key ${utf8Text(b, start, end)}; it must be an integer or a string.`, start);
    return null;
  }

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
            const v = this.values.scalar(s, vstart, vend);
            if (v === 'tainted') status = 'tainted';
            else if (v !== '') this.problem('state.bad-status', `instance has invalid status ${shown(v)}; it must be "tainted" or absent.`, vstart);
            break;
          }
          case 'deposed': {
            const v = this.values.scalar(s, vstart, vend);
            if (typeof v === 'string' && (v === '' || DEPOSED_RE.test(v))) deposed = v;
            else this.problem('state.bad-deposed', `instance has invalid deposed key ${shown(v)}; it must be 8 characters.`, vstart);
            break;
          }
          case 'schema_version': {
            const n = smallInt(b, vstart, vend);
            const v = n >= 0 ? n : this.values.value(vstart, vend);
            if (typeof v === 'number' && Number.isInteger(v) && v >= 0) schemaVersion = v;
            else this.problem('state.bad-schema-version', `instance has invalid schema_version ${utf8Text(b, vstart, vend)}.`, vstart);
            break;
          }
          case 'dependencies': {
            const d = this.values.dependencies(vstart, vend);
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
            const v = this.values.scalar(s, vstart, vend);
            if (typeof v === 'string') provider = v;
            break;
          }
          case 'private': {
            if (b[vstart] === QUOTE && !s.lastEscaped) {
              if (!isBase64(b, vstart + 1, vend - 1)) this.problem('state.bad-private', `instance has a "private" value that is not valid base64.`, vstart);
              break;
            }
            const v = this.values.value(vstart, vend);
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
