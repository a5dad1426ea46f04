/**
 * Decoding: bytes -> StateSnapshot, collecting every problem found.
 *
 * v4 files are indexed by a single scan (json-scan.ts): small metadata fields
 * are decoded, payloads (`attributes`, `private`, `identity`, outputs) stay
 * raw. v1-v3 files are upgraded in memory (upgrade.ts) to v4 text first and
 * then indexed the same way. Nothing here throws for bad input: every refusal
 * is a diagnostic.
 */
import { error, fail, hasErrors, ok, warning, type Diagnostic, type Result } from '../diag/index.js';
import { formatAbsResource, formatKey, parseConfigResourceDependency, parseModuleInstance, parseProviderConfig } from '../addr/index.js';
import { intKey, NO_KEY, stringKey, type InstanceKey, type ModuleInstance } from '../addr/types.js';
import type { Framing, InstanceObject, OutputEntry, RawField, RawJson, ResourceEntry, Span, StateSnapshot } from '../state/types.js';
import { JsonScanner, JsonSyntaxError, lineColumn, spanText } from './json-scan.js';
import { binaryStateDiagnostic, encryptedStateDiagnostic, futureVersionDiagnostic, noStateDiagnostic, sniff } from './sniff.js';
import { upgradeLegacyState } from './upgrade.js';

/** Options for decoding. */
export interface DecodeOptions {
  /** How to name the file in messages (a path or s3:// URL). */
  readonly location: string;
}

const MAX_LOCATED = 200;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DEPOSED_RE = /^[0-9A-Za-z]{8}$/;
const encoder = new TextEncoder();

/**
 * Decodes a state file. Refuses (with diagnostics, never a throw) empty files,
 * the legacy binary format, encrypted OpenTofu envelopes, unknown format
 * versions, invalid JSON (with line and column) and structural errors; all
 * structural problems are reported, not only the first.
 */
export function decodeState(bytes: Uint8Array, options: DecodeOptions): Result<StateSnapshot> {
  const where = options.location;
  const kind = sniff(bytes);
  if (kind.kind === 'empty') return fail(noStateDiagnostic(where));
  if (kind.kind === 'binary') return fail(binaryStateDiagnostic(where));
  try {
    return decodeJson(bytes, where);
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      const { line, column } = lineColumn(bytes, e.offset);
      return fail(
        error(
          'state.invalid-json',
          'Invalid JSON in state file',
          `${where}:${line}:${column}: ${e.message}. The file is not valid JSON, so it is not a usable state; nothing was changed. Restore it from a backup (tfstate backups) or fix the syntax at that position.`,
        ),
      );
    }
    throw e;
  }
}

function decodeJson(bytes: Uint8Array, where: string): Result<StateSnapshot> {
  const s = new JsonScanner(bytes);
  if (s.peek() !== 0x7b) {
    return fail(error('state.not-a-state', 'Not a state file', `${where} does not contain a JSON object, so it is not a Terraform state file.`));
  }
  const framing: Framing = bytes[s.pos + 1] === 0x0a || bytes[s.pos + 1] === 0x0d ? 'indent' : 'compact';
  const ctx = new DecodeContext(bytes, where, framing);
  const topFields: RawField[] = [];
  let version: unknown;
  let resources: ResourceEntry[] = [];
  let sawEncryption = false;
  let sawModules = false;
  s.object((key) => {
    if (key === 'resources' && (version === undefined || version === 4)) {
      const start = s.pos;
      resources = ctx.resources(s);
      topFields.push({ key, value: ctx.raw({ start, end: s.pos }, 1) });
      return;
    }
    const span = s.skipValue();
    topFields.push({ key, value: ctx.raw(span, 1) });
    if (key === 'version') version = parseAt(bytes, span);
    if (key === 'encryption_version' || key === 'encrypted_data') sawEncryption = true;
    if (key === 'modules') sawModules = true;
  });
  const afterTop = s.pos;
  if (s.ws() !== -1) s.fail(`invalid character ${s.describe(s.pos)} after top-level value`);
  const trailer = bytes.subarray(afterTop);

  if (version === undefined) {
    if (sawEncryption) return fail(encryptedStateDiagnostic(where));
    return fail(error('state.no-version', 'Not a state file', `${where} does not have a "version" attribute, so it is not a Terraform state file (or it is damaged). Check the path, or restore a backup.`));
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail(error('state.bad-version', 'Invalid state file format', `${where} has an invalid "version" attribute (${JSON.stringify(version)}); it must be an integer between 1 and 4.`));
  }
  const tfVersionField = topFields.find((f) => f.key === 'terraform_version')?.value;
  const tfVersion = tfVersionField ? safeString(bytes, tfVersionField.span) : null;
  if (version > 4) return fail(futureVersionDiagnostic(where, version, tfVersion));
  if (version < 4) {
    void sawModules;
    const upgraded = upgradeLegacyState(bytes, version, where);
    if (!upgraded.ok) return upgraded;
    const again = decodeState(encoder.encode(upgraded.value), { location: where });
    if (!again.ok) return again;
    return ok({ ...again.value, upgraded: true, meta: { ...again.value.meta, formatVersion: version } }, [...upgraded.diags, ...again.diags]);
  }

  const diags = ctx.diags;
  const field = (k: string): RawJson | undefined => topFields.find((f) => f.key === k)?.value;
  const terraformVersion = tfVersion ?? '';
  if (!tfVersionField || tfVersion === null || !/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(tfVersion)) {
    diags.push(error('state.bad-terraform-version', 'Invalid state file format', `${where} has an invalid "terraform_version" (${tfVersionField ? spanText(bytes, tfVersionField.span) : 'missing'}); it must be a version such as "1.11.4".`));
  }
  const serialField = field('serial');
  let serial = 0n;
  const serialText = serialField ? spanText(bytes, serialField.span) : '';
  if (/^\d+$/.test(serialText)) serial = BigInt(serialText);
  else diags.push(error('state.bad-serial', 'Invalid state file format', `${where} has an invalid "serial" (${serialText || 'missing'}); it must be a non-negative integer.`));
  const lineageField = field('lineage');
  const lineage = lineageField ? safeString(bytes, lineageField.span) : '';
  if (lineageField && lineage === null) diags.push(error('state.bad-lineage', 'Invalid state file format', `${where} has a "lineage" that is not a string.`));
  const outputsField = field('outputs');
  const outputs = outputsField ? ctx.outputs(outputsField) : [];

  if (hasErrors(diags)) return fail(diags);
  return ok(
    {
      meta: { formatVersion: 4, terraformVersion, serial, lineage: lineage ?? '' },
      framing,
      resources,
      outputs,
      bytes,
      topFields,
      trailer,
      upgraded: false,
    },
    diags,
  );
}

function parseAt(bytes: Uint8Array, span: Span): unknown {
  try {
    return JSON.parse(spanText(bytes, span));
  } catch (e) {
    throw new JsonSyntaxError((e as Error).message, span.start);
  }
}

function safeString(bytes: Uint8Array, span: Span): string | null {
  try {
    const v = JSON.parse(spanText(bytes, span));
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** Per-file decoding state: the bytes, framing, and collected diagnostics. */
class DecodeContext {
  readonly diags: Diagnostic[] = [];
  private located = 0;
  private readonly seenResources = new Set<string>();
  /** Instance objects whose own metadata was invalid (left out of duplicate checks). */
  private readonly badInstances = new Set<InstanceObject>();

  constructor(
    readonly bytes: Uint8Array,
    readonly where: string,
    readonly framing: Framing,
  ) {}

  raw(span: Span, depth: number): RawJson {
    return { bytes: this.bytes, span, framing: this.framing, depth };
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

  resources(s: JsonScanner): ResourceEntry[] {
    const list: ResourceEntry[] = [];
    s.array(() => {
      const r = this.resource(s);
      if (r) list.push(r);
    });
    return list;
  }

  private value(span: Span): unknown {
    try {
      return JSON.parse(spanText(this.bytes, span));
    } catch (e) {
      throw new JsonSyntaxError((e as Error).message, span.start);
    }
  }

  private resource(s: JsonScanner): ResourceEntry | null {
    const start = s.pos;
    const fields: RawField[] = [];
    let moduleStr = '';
    let mode: unknown = undefined;
    let type: unknown = undefined;
    let name: unknown = undefined;
    let provider: unknown = '';
    let rawInstances: InstanceObject[] = [];
    s.object((key) => {
      if (key === 'instances') {
        const istart = s.pos;
        rawInstances = [];
        s.array(() => rawInstances.push(this.instance(s)));
        fields.push({ key, value: this.raw({ start: istart, end: s.pos }, 3) });
        return;
      }
      const span = s.skipValue();
      fields.push({ key, value: this.raw(span, 3) });
      switch (key) {
        case 'module':
          moduleStr = this.value(span) as string;
          break;
        case 'mode':
          mode = this.value(span);
          break;
        case 'type':
          type = this.value(span);
          break;
        case 'name':
          name = this.value(span);
          break;
        case 'provider':
          provider = this.value(span);
          break;
      }
    });
    const span = { start, end: s.pos };
    const label = `${typeof moduleStr === 'string' && moduleStr ? moduleStr + '.' : ''}${mode === 'data' ? 'data.' : ''}${String(type)}.${String(name)}`;
    let ok = true;
    let module: ModuleInstance = [];
    if (typeof moduleStr !== 'string') {
      this.problem('state.bad-module', `resource ${label} has a "module" that is not a string.`, start);
      ok = false;
    } else if (moduleStr !== '') {
      const m = parseModuleInstance(moduleStr);
      if (!m.ok) {
        this.problem('state.bad-module', `resource ${label} has an invalid module address ${JSON.stringify(moduleStr)}: ${m.diags[0]?.detail ?? 'unparseable'}`, start);
        ok = false;
      } else module = m.value;
    }
    if (mode !== 'managed' && mode !== 'data') {
      this.problem('state.bad-mode', `resource ${label} has invalid mode ${JSON.stringify(mode)}; it must be "managed" or "data".`, start);
      ok = false;
    }
    if (typeof type !== 'string' || type === '' || typeof name !== 'string' || name === '') {
      this.problem('state.bad-resource-name', `a resource has a missing or invalid "type" or "name" (${JSON.stringify(type)}, ${JSON.stringify(name)}).`, start);
      ok = false;
    }
    let providerConfig = null;
    let legacy = false;
    if (typeof provider !== 'string') {
      this.problem('state.bad-provider', `resource ${label} has a "provider" that is not a string.`, start);
      ok = false;
    } else if (provider !== '') {
      const p = parseProviderConfig(provider);
      if (!p.ok) {
        this.problem('state.bad-provider', `resource ${label} has an invalid provider address ${JSON.stringify(provider)}: ${p.diags[0]?.detail ?? 'unparseable'}`, start);
        ok = false;
      } else {
        providerConfig = p.value.config;
        legacy = p.value.legacy;
      }
    } else if (!rawInstances.some((i) => i.provider !== '')) {
      this.problem('state.missing-provider', `resource ${label} has no provider address, neither on the resource nor on its instances.`, start);
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
      origin: this.raw(span, 2),
    };
    const addr = formatAbsResource({ module, resource: { mode: entry.mode, type: entry.type, name: entry.name } });
    if (this.seenResources.has(addr)) this.problem('state.duplicate-resource', `resource ${addr} appears more than once.`, start, addr);
    this.seenResources.add(addr);
    const seen = new Set<string>();
    for (const inst of rawInstances) {
      if (this.badInstances.has(inst)) continue;
      const k = formatKey(inst.key) + '\u0000' + inst.deposed;
      if (seen.has(k)) {
        const what = inst.deposed ? `deposed object ${inst.deposed} of ${addr}${formatKey(inst.key)}` : `current object of ${addr}${formatKey(inst.key)}`;
        this.problem('state.duplicate-instance', `the ${what} appears more than once.`, inst.origin?.span.start ?? start, addr + formatKey(inst.key));
      }
      seen.add(k);
    }
    return entry;
  }

  private instance(s: JsonScanner): InstanceObject {
    const start = s.pos;
    const fields: RawField[] = [];
    let key: InstanceKey = NO_KEY;
    let status: 'ready' | 'tainted' = 'ready';
    let deposed = '';
    let schemaVersion = 0;
    let dependencies: string[] = [];
    let cbd = false;
    let provider = '';
    const problemsBefore = this.diags.length;
    s.object((k) => {
      const span = s.skipValue();
      fields.push({ key: k, value: this.raw(span, 5) });
      switch (k) {
        case 'index_key': {
          const v = this.value(span);
          if (typeof v === 'string') key = stringKey(v);
          else if (typeof v === 'number' && Number.isFinite(v)) {
            if (!Number.isInteger(v)) this.diags.push(warning('state.fractional-index-key', 'Fractional index key', `${this.at(span.start)}: index_key ${v} is not an integer; Terraform truncates it to ${Math.trunc(v)}.`));
            key = intKey(Math.trunc(v));
          } else this.problem('state.bad-index-key', `instance has an invalid index_key ${spanText(this.bytes, span)}; it must be an integer or a string.`, span.start);
          break;
        }
        case 'status': {
          const v = this.value(span);
          if (v === 'tainted') status = 'tainted';
          else if (v !== '') this.problem('state.bad-status', `instance has invalid status ${JSON.stringify(v)}; it must be "tainted" or absent.`, span.start);
          break;
        }
        case 'deposed': {
          const v = this.value(span);
          if (typeof v === 'string' && (v === '' || DEPOSED_RE.test(v))) deposed = v;
          else this.problem('state.bad-deposed', `instance has invalid deposed key ${JSON.stringify(v)}; it must be 8 characters.`, span.start);
          break;
        }
        case 'schema_version': {
          const v = this.value(span);
          if (typeof v === 'number' && Number.isInteger(v) && v >= 0) schemaVersion = v;
          else this.problem('state.bad-schema-version', `instance has invalid schema_version ${spanText(this.bytes, span)}.`, span.start);
          break;
        }
        case 'dependencies': {
          const v = this.value(span);
          if (v === null) break;
          if (!Array.isArray(v) || v.some((d) => typeof d !== 'string')) {
            this.problem('state.bad-dependencies', `instance has "dependencies" that is not a list of strings.`, span.start);
            break;
          }
          for (const d of v as string[]) {
            const p = parseConfigResourceDependency(d);
            if (!p.ok) this.problem('state.bad-dependency', `instance has an invalid dependency ${JSON.stringify(d)}: ${p.diags[0]?.detail ?? 'unparseable'}`, span.start);
          }
          dependencies = v as string[];
          break;
        }
        case 'create_before_destroy':
          cbd = this.value(span) === true;
          break;
        case 'provider': {
          const v = this.value(span);
          if (typeof v === 'string') provider = v;
          break;
        }
        case 'private': {
          const v = this.value(span);
          if (v !== null && (typeof v !== 'string' || !BASE64_RE.test(v))) this.problem('state.bad-private', `instance has a "private" value that is not valid base64.`, span.start);
          break;
        }
      }
    });
    const obj: InstanceObject = { key, deposed, status, schemaVersion, dependencies, createBeforeDestroy: cbd, provider, fields, origin: this.raw({ start, end: s.pos }, 4) };
    if (this.diags.length > problemsBefore) this.badInstances.add(obj);
    return obj;
  }

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
        else if (k === 'sensitive') sensitive = spanText(this.bytes, span) === 'true';
      });
      out.push({ name, sensitive, value, type });
    });
    return out;
  }
}
