/**
 * The lossless writer: StateSnapshot -> bytes.
 *
 * Rules (design §2): everything unchanged is copied from the original bytes;
 * what changed is serialised like the file's own writer (framing, Go escaping,
 * Terraform's key order); unknown fields are kept where they were.
 * A resource or instance object is "unchanged" when it still carries its
 * `origin` span (surgery drops `origin` on anything it rebuilds).
 */
import { InvariantError } from '../diag/index.js';
import { formatModuleInstance } from '../addr/index.js';
import type { InstanceKey } from '../addr/types.js';
import type { Framing, InstanceObject, RawField, RawJson, ResourceEntry, StateSnapshot } from '../state/types.js';
import { goEncode, goQuote, indentAt, keySep, reframe } from './go-json.js';
import { rawText } from './raw.js';

const encoder = new TextEncoder();
type Chunk = Uint8Array | string;

/**
 * Encodes a snapshot to the exact bytes to write. The top-level object is
 * spliced: the original bytes between field values (keys, whitespace) are
 * copied, and only the values of `serial`, `lineage`, `terraform_version` and
 * `resources` are regenerated when they changed.
 */
export function encodeState(snap: StateSnapshot): Uint8Array {
  const out: Chunk[] = [];
  const f = snap.framing;
  const b = snap.bytes;
  let pos = 0;
  for (const field of snap.topFields) {
    const v = field.value;
    if (v.bytes !== b) throw new InvariantError('encodeState: top-level field from another file');
    out.push(b.subarray(pos, v.span.start));
    switch (field.key) {
      case 'serial':
        out.push(rawText(v) === snap.meta.serial.toString() ? rawView(v) : snap.meta.serial.toString());
        break;
      case 'lineage':
        out.push(stringOrRaw(snap.meta.lineage, v));
        break;
      case 'terraform_version':
        out.push(stringOrRaw(snap.meta.terraformVersion, v));
        break;
      case 'resources':
        if (resourcesUnchanged(snap.resources, v)) out.push(rawView(v));
        else encodeResources(snap.resources, f, out);
        break;
      default:
        out.push(rawView(v));
    }
    pos = v.span.end;
  }
  const tail = b.subarray(pos, b.length - snap.trailer.length);
  out.push(tail, snap.trailer.length > 0 ? snap.trailer : '\n');
  return concat(out);
}

function concat(chunks: Chunk[]): Uint8Array {
  const parts = chunks.map((c) => (typeof c === 'string' ? encoder.encode(c) : c));
  let n = 0;
  for (const p of parts) n += p.length;
  const buf = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    buf.set(p, o);
    o += p.length;
  }
  return buf;
}

function rawView(raw: RawJson): Uint8Array {
  return raw.bytes.subarray(raw.span.start, raw.span.end);
}

/** A raw value laid out for `framing` at `depth`: verbatim when it already is. */
function rawAt(raw: RawJson, framing: Framing, depth: number): Chunk {
  if (raw.framing === framing && raw.depth === depth) return rawView(raw);
  return reframe(rawText(raw), framing, depth);
}

function stringOrRaw(value: string, raw: RawJson | undefined): Chunk {
  if (raw) {
    try {
      if (JSON.parse(rawText(raw)) === value) return rawView(raw);
    } catch {
      // fall through: re-encode
    }
  }
  return goQuote(value);
}

/**
 * True when `resources` reproduces the original array exactly: every entry is
 * unchanged and they sit back to back, in order, filling the array span.
 */
function resourcesUnchanged(resources: readonly ResourceEntry[], arr: RawJson): boolean {
  const b = arr.bytes;
  let pos = arr.span.start + 1; // after '['
  for (const r of resources) {
    if (!r.origin || r.origin.bytes !== b) return false;
    if (!onlyGap(b, pos, r.origin.span.start)) return false;
    pos = r.origin.span.end;
  }
  return onlyGap(b, pos, arr.span.end - 1);
}

function onlyGap(b: Uint8Array, from: number, to: number): boolean {
  if (to < from) return false;
  let commas = 0;
  for (let i = from; i < to; i++) {
    const c = b[i];
    if (c === 0x2c) commas++;
    else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  return commas <= 1;
}

function encodeResources(resources: readonly ResourceEntry[], f: Framing, out: Chunk[]): void {
  if (resources.length === 0) {
    out.push('[]');
    return;
  }
  out.push('[');
  resources.forEach((r, i) => {
    out.push((i > 0 ? ',' : '') + indentAt(f, 2));
    if (r.origin) out.push(rawAt(r.origin, f, 2));
    else encodeResource(r, f, out);
  });
  out.push(indentAt(f, 1) + ']');
}

const RESOURCE_ORDER = ['module', 'mode', 'type', 'name', 'each', 'provider', 'instances'];

function encodeResource(r: ResourceEntry, f: Framing, out: Chunk[]): void {
  const sep = keySep(f);
  const fields = withCanonicalKeys(r.fields, ['module', 'mode', 'type', 'name', 'provider', 'instances'], RESOURCE_ORDER);
  const moduleStr = formatModuleInstance(r.module);
  out.push('{');
  let first = true;
  for (const field of fields) {
    const key = field.key;
    const raw = field.value ?? undefined;
    let value: Chunk | null;
    switch (key) {
      case 'module':
        value = moduleStr === '' ? null : stringOrRaw(moduleStr, raw);
        break;
      case 'mode':
        value = stringOrRaw(r.mode, raw);
        break;
      case 'type':
        value = stringOrRaw(r.type, raw);
        break;
      case 'name':
        value = stringOrRaw(r.name, raw);
        break;
      case 'each':
        value = null; // Terraform drops the legacy `each` whenever it writes a resource.
        break;
      case 'provider':
        value = r.provider === '' ? null : stringOrRaw(r.provider, raw);
        break;
      case 'instances':
        value = null;
        out.push((first ? '' : ',') + indentAt(f, 3) + '"instances"' + sep);
        first = false;
        encodeInstances(r.instances, f, out);
        continue;
      default:
        value = raw ? rawAt(raw, f, 3) : null;
    }
    if (value === null) continue;
    out.push((first ? '' : ',') + indentAt(f, 3) + goQuote(key) + sep);
    out.push(value);
    first = false;
  }
  out.push(indentAt(f, 2) + '}');
}

function encodeInstances(instances: readonly InstanceObject[], f: Framing, out: Chunk[]): void {
  if (instances.length === 0) {
    out.push('[]');
    return;
  }
  out.push('[');
  instances.forEach((inst, i) => {
    out.push((i > 0 ? ',' : '') + indentAt(f, 4));
    if (inst.origin) out.push(rawAt(inst.origin, f, 4));
    else encodeInstance(inst, f, out);
  });
  out.push(indentAt(f, 3) + ']');
}

/** Terraform ≤1.11 / OpenTofu instance key order, used to place fields we add. */
const INSTANCE_ORDER = [
  'index_key',
  'status',
  'deposed',
  'provider',
  'schema_version',
  'attributes',
  'attributes_flat',
  'sensitive_attributes',
  'identity_schema_version',
  'identity',
  'private',
  'dependencies',
  'depends_on',
  'create_before_destroy',
  'skip_destroy',
];

function keyValue(k: InstanceKey): string | null {
  if (k.kind === 'none') return null;
  return k.kind === 'int' ? String(k.value) : goQuote(k.value);
}

function encodeInstance(inst: InstanceObject, f: Framing, out: Chunk[]): void {
  const sep = keySep(f);
  const fields = withCanonicalKeys(inst.fields, ['index_key', 'status', 'deposed', 'schema_version', 'dependencies', 'create_before_destroy'], INSTANCE_ORDER);
  out.push('{');
  let first = true;
  for (const field of fields) {
    const raw = field.value ?? undefined;
    let value: Chunk | null;
    switch (field.key) {
      case 'index_key': {
        const kv = keyValue(inst.key);
        value = kv === null ? null : raw && rawText(raw) === kv ? rawView(raw) : kv;
        break;
      }
      case 'status':
        value = inst.status === 'tainted' ? stringOrRaw('tainted', raw) : null;
        break;
      case 'deposed':
        value = inst.deposed ? stringOrRaw(inst.deposed, raw) : null;
        break;
      case 'schema_version':
        value = raw && rawText(raw) === String(inst.schemaVersion) ? rawView(raw) : String(inst.schemaVersion);
        break;
      case 'dependencies':
        value = inst.dependencies.length === 0 ? null : dependenciesValue(inst.dependencies, raw, f);
        break;
      case 'create_before_destroy':
        value = inst.createBeforeDestroy ? 'true' : null;
        break;
      default:
        value = raw ? rawAt(raw, f, 5) : null;
    }
    if (value === null) continue;
    out.push((first ? '' : ',') + indentAt(f, 5) + goQuote(field.key) + sep);
    out.push(value);
    first = false;
  }
  out.push(indentAt(f, 4) + '}');
}

function dependenciesValue(deps: readonly string[], raw: RawJson | undefined, f: Framing): Chunk {
  if (raw) {
    try {
      const old = JSON.parse(rawText(raw)) as unknown;
      if (Array.isArray(old) && old.length === deps.length && old.every((d, i) => d === deps[i])) return rawAt(raw, f, 5);
    } catch {
      // re-encode
    }
  }
  return goEncode(deps as string[], f, 5);
}

interface MaybeField {
  readonly key: string;
  readonly value: RawJson | null;
}

/**
 * The object's fields in file order, plus any of `managed` keys that are
 * missing, inserted where `order` puts them (before the first later key).
 */
function withCanonicalKeys(fields: readonly RawField[], managed: readonly string[], order: readonly string[]): MaybeField[] {
  const list: MaybeField[] = fields.map((f) => ({ key: f.key, value: f.value }));
  for (const key of managed) {
    if (list.some((f) => f.key === key)) continue;
    const rank = order.indexOf(key);
    let at = list.length;
    for (let i = 0; i < list.length; i++) {
      const r = order.indexOf(list[i].key);
      if (r > rank) {
        at = i;
        break;
      }
    }
    list.splice(at, 0, { key, value: null });
  }
  return list;
}
