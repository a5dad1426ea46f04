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
import { ByteSink } from './byte-sink.js';
import type { ByteRope } from './byte-rope.js';
import { goEncode, goQuote, indentAt, keySep, reframe } from './go-json.js';
import { rawText } from './raw.js';
import { rebuiltFrom } from '../state/derivation.js';

/** A piece of output: generated text, or a raw value copied verbatim. */
type Chunk = RawJson | string;

function put(out: ByteSink, c: Chunk): void {
  if (typeof c === 'string') out.str(c);
  else out.bytes(c.bytes, c.span.start, c.span.end);
}

/**
 * Encodes a snapshot to the exact bytes to write, as one new array that
 * shares nothing with `snap.bytes` (see `encodeStateRope`).
 */
export function encodeState(snap: StateSnapshot): Uint8Array {
  const rope = encodeStateRope(snap);
  return rope.parts.length === 1 ? rope.parts[0]!.slice() : rope.toBytes();
}

/**
 * Encodes a snapshot to the exact bytes to write, as a rope whose parts are
 * mostly views of `snap.bytes` (so an edit of a big state does not hold a
 * second copy of it). The top-level object is spliced: the original bytes
 * between field values (keys, whitespace) are kept, and only the values of
 * `serial`, `lineage`, `terraform_version` and `resources` are regenerated
 * when they changed. Unchanged stretches are kept in as few pieces as
 * possible (byte-sink.ts). `snap.bytes` must not change while the rope is used.
 */
export function encodeStateRope(snap: StateSnapshot): ByteRope {
  const out = new ByteSink();
  const f = snap.framing;
  const b = snap.bytes;
  let pos = 0;
  for (const field of snap.topFields) {
    const v = field.value;
    if (v.bytes !== b) throw new InvariantError('encodeState: top-level field from another file');
    out.bytes(b, pos, v.span.start);
    switch (field.key) {
      case 'serial':
        put(out, rawText(v) === snap.meta.serial.toString() ? v : snap.meta.serial.toString());
        break;
      case 'lineage':
        put(out, stringOrRaw(snap.meta.lineage, v));
        break;
      case 'terraform_version':
        put(out, stringOrRaw(snap.meta.terraformVersion, v));
        break;
      case 'resources':
        if (resourcesUnchanged(snap.resources, v)) put(out, v);
        else encodeResources(snap.resources, f, out);
        break;
      default:
        put(out, v);
    }
    pos = v.span.end;
  }
  out.bytes(b, pos, b.length - snap.trailer.length);
  if (snap.trailer.length > 0) out.view(snap.trailer);
  else out.str('\n');
  return out.finishRope();
}

/** A raw value laid out for `framing` at `depth`: verbatim when it already is. */
function rawAt(raw: RawJson, framing: Framing, depth: number): Chunk {
  if (raw.framing === framing && raw.depth === depth) return raw;
  return reframe(rawText(raw), framing, depth);
}

function stringOrRaw(value: string, raw: RawJson | undefined): Chunk {
  if (raw) {
    try {
      if (JSON.parse(rawText(raw)) === value) return raw;
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

function encodeResources(resources: readonly ResourceEntry[], f: Framing, out: ByteSink): void {
  if (resources.length === 0) {
    out.str('[]');
    return;
  }
  out.str('[');
  const sep = indentAt(f, 2);
  const sepAfter = ',' + sep;
  for (let i = 0; i < resources.length; i++) {
    const r = resources[i];
    out.str(i > 0 ? sepAfter : sep);
    if (r.origin) put(out, rawAt(r.origin, f, 2));
    else encodeResource(r, f, out);
  }
  out.str(indentAt(f, 1) + ']');
}

const RESOURCE_ORDER = ['module', 'mode', 'type', 'name', 'each', 'provider', 'instances'];

function encodeResource(r: ResourceEntry, f: Framing, out: ByteSink): void {
  const sep = keySep(f);
  const fields = withCanonicalKeys(r.fields, ['module', 'mode', 'type', 'name', 'provider', 'instances'], RESOURCE_ORDER);
  const moduleStr = formatModuleInstance(r.module);
  out.str('{');
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
        out.str((first ? '' : ',') + indentAt(f, 3) + '"instances"' + sep);
        first = false;
        encodeInstances(r.instances, f, out);
        continue;
      default:
        value = raw ? rawAt(raw, f, 3) : null;
    }
    if (value === null) continue;
    out.str((first ? '' : ',') + indentAt(f, 3) + goQuote(key) + sep);
    put(out, value);
    first = false;
  }
  out.str(indentAt(f, 2) + '}');
}

function encodeInstances(instances: readonly InstanceObject[], f: Framing, out: ByteSink): void {
  if (instances.length === 0) {
    out.str('[]');
    return;
  }
  out.str('[');
  instances.forEach((inst, i) => {
    out.str((i > 0 ? ',' : '') + indentAt(f, 4));
    if (inst.origin) put(out, rawAt(inst.origin, f, 4));
    else if (!patchDependencies(inst, f, out)) encodeInstance(inst, f, out);
  });
  out.str(indentAt(f, 3) + ']');
}

/**
 * Writes a rebuilt instance object whose only change is its (non-empty)
 * `dependencies` list as the bytes of the object it was rebuilt from with
 * the new list in place of the old one, and returns true. Returns false
 * (writing nothing) when anything else changed, when the original had no
 * `dependencies` field, or when its bytes are laid out for another framing
 * or depth: then the object is encoded in full.
 */
function patchDependencies(inst: InstanceObject, f: Framing, out: ByteSink): boolean {
  const from = rebuiltFrom(inst);
  const origin = from?.origin;
  if (!from || !origin || origin.framing !== f || origin.depth !== 4 || inst.dependencies.length === 0) return false;
  if (inst.fields !== from.fields || inst.key !== from.key || inst.deposed !== from.deposed || inst.status !== from.status) return false;
  if (inst.schemaVersion !== from.schemaVersion || inst.createBeforeDestroy !== from.createBeforeDestroy || inst.provider !== from.provider) return false;
  const deps = from.fields.find((x) => x.key === 'dependencies')?.value;
  if (!deps || deps.bytes !== origin.bytes || deps.framing !== f || deps.depth !== 5) return false;
  out.bytes(origin.bytes, origin.span.start, deps.span.start);
  // The list it was decoded from stands for the old bytes (no need to parse them again).
  put(out, sameList(inst.dependencies, from.dependencies) ? deps : encodedDependencies(inst.dependencies, f));
  out.bytes(origin.bytes, deps.span.end, origin.span.end);
  return true;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}

/** Encoded dependency lists by list: renames give every dependent with the same old list one new list. */
const encodedLists = new WeakMap<readonly string[], { readonly f: Framing; readonly text: string }>();

function encodedDependencies(deps: readonly string[], f: Framing): string {
  const hit = encodedLists.get(deps);
  if (hit !== undefined && hit.f === f) return hit.text;
  const text = goEncode(deps as string[], f, 5);
  encodedLists.set(deps, { f, text });
  return text;
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

function encodeInstance(inst: InstanceObject, f: Framing, out: ByteSink): void {
  const sep = keySep(f);
  const fields = withCanonicalKeys(inst.fields, ['index_key', 'status', 'deposed', 'schema_version', 'dependencies', 'create_before_destroy'], INSTANCE_ORDER);
  out.str('{');
  let first = true;
  for (const field of fields) {
    const raw = field.value ?? undefined;
    let value: Chunk | null;
    switch (field.key) {
      case 'index_key': {
        const kv = keyValue(inst.key);
        value = kv === null ? null : raw && rawText(raw) === kv ? raw : kv;
        break;
      }
      case 'status':
        value = inst.status === 'tainted' ? stringOrRaw('tainted', raw) : null;
        break;
      case 'deposed':
        value = inst.deposed ? stringOrRaw(inst.deposed, raw) : null;
        break;
      case 'schema_version':
        value = raw && rawText(raw) === String(inst.schemaVersion) ? raw : String(inst.schemaVersion);
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
    out.str((first ? '' : ',') + indentAt(f, 5) + goQuote(field.key) + sep);
    put(out, value);
    first = false;
  }
  out.str(indentAt(f, 4) + '}');
}

function dependenciesValue(deps: readonly string[], raw: RawJson | undefined, f: Framing): Chunk {
  if (raw) {
    try {
      const old = JSON.parse(rawText(raw)) as unknown;
      if (Array.isArray(old) && sameList(old as string[], deps)) return rawAt(raw, f, 5);
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
