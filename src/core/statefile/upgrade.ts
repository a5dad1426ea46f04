/**
 * The legacy upgrade chain (v1 -> v2 -> v3 -> v4), as Terraform performs it
 * in memory when it reads an old state (terraform-state.md §2). The result is
 * v4 text in Terraform's framing, which the v4 decoder then indexes.
 */
import { error, fail, ok, type Result } from '../diag/index.js';
import { compareStateFileResourceTuples } from './file-order.js';
import { goEncode, type GoValue } from './go-json.js';
import { bytesToBase64 } from './base64.js';

type Obj = Record<string, unknown>;

const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Upgrades a v1-v3 state to v4 text. `version` is the sniffed format version.
 * Returns diagnostics for states Terraform's upgrade would also refuse.
 */
export function upgradeLegacyState(bytes: Uint8Array, version: number, where: string): Result<string> {
  let doc: Obj;
  try {
    doc = JSON.parse(new TextDecoder().decode(bytes)) as Obj;
  } catch (e) {
    return fail(error('state.invalid-json', 'Invalid JSON in state file', `${where}: ${(e as Error).message}`));
  }
  if (version === 1) doc = upgradeV1ToV2(doc);
  if (version <= 2) doc = upgradeV2ToV3(doc);
  return upgradeV3ToV4(doc, where);
}

function upgradeV1ToV2(doc: Obj): Obj {
  const modules = Array.isArray(doc.modules) ? (doc.modules as Obj[]) : [];
  return {
    ...doc,
    version: 2,
    modules: modules.map((m) => {
      const outputs: Obj = {};
      for (const [k, v] of Object.entries((m.outputs as Obj) ?? {})) outputs[k] = { type: 'string', value: v, sensitive: false };
      const path = Array.isArray(m.path) && m.path.length > 0 ? m.path : ['root'];
      const resources: Obj = {};
      for (const [k, r] of Object.entries((m.resources as Obj) ?? {})) {
        const { tainted: _dropped, ...rest } = r as Obj;
        resources[k] = rest;
      }
      return { ...m, path, outputs, resources };
    }),
  };
}

function upgradeFlatmapCounts(attrs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...attrs };
  for (const k of Object.keys(attrs)) {
    if (!k.endsWith('.#')) continue;
    const prefix = k.slice(0, -1);
    const subs = Object.keys(attrs).filter((s) => s.startsWith(prefix) && s !== k);
    if (subs.length === 0) {
      delete out[k];
      continue;
    }
    const nonNumeric = subs.some((s) => !/^\d+$/.test(s.slice(prefix.length).split('.')[0] ?? ''));
    if (nonNumeric) {
      delete out[k];
      out[prefix + '%'] = attrs[k];
    }
  }
  return out;
}

function upgradeV2ToV3(doc: Obj): Obj {
  const modules = Array.isArray(doc.modules) ? (doc.modules as Obj[]) : [];
  const fix = (inst: unknown): unknown => {
    if (!inst || typeof inst !== 'object') return inst;
    const i = inst as Obj;
    return i.attributes ? { ...i, attributes: upgradeFlatmapCounts(i.attributes as Record<string, string>) } : i;
  };
  return {
    ...doc,
    version: 3,
    modules: modules.map((m) => {
      const resources: Obj = {};
      for (const [k, r] of Object.entries((m.resources as Obj) ?? {})) {
        const res = r as Obj;
        resources[k] = { ...res, primary: fix(res.primary), deposed: Array.isArray(res.deposed) ? res.deposed.map(fix) : res.deposed };
      }
      return { ...m, resources };
    }),
  };
}

interface V4Instance {
  key: number | string | null;
  deposed: string;
  obj: Map<string, GoValue>;
}
interface V4Resource {
  module: string;
  mode: string;
  type: string;
  name: string;
  provider: string;
  instances: V4Instance[];
}

function providerFqn(type: string): string {
  return type === 'terraform' ? 'terraform.io/builtin/terraform' : `registry.terraform.io/-/${type}`;
}

function legacyProviderToV4(raw: string, resourceType: string, modulePath: string[]): Result<string> {
  const moduleDot = modulePath.map((m) => `module.${m}.`).join('');
  let modPrefix = moduleDot;
  let body: string;
  if (raw.includes('provider.')) {
    const idx = raw.indexOf('provider.');
    modPrefix = raw.slice(0, idx);
    body = raw.slice(idx + 'provider.'.length);
  } else if (raw !== '') {
    body = raw;
  } else {
    body = resourceType.split('_')[0] ?? resourceType;
  }
  if (body.includes('${')) {
    return fail(error('state.bad-provider', 'Invalid provider address in legacy state', `The provider ${JSON.stringify(raw)} uses an interpolation sequence in its alias, which Terraform never supported in provider references; fix the state by hand.`));
  }
  const [type, alias] = body.split('.', 2);
  if (!type || !IDENT_RE.test(type.trim())) return fail(error('state.bad-provider', 'Invalid provider address in legacy state', `The provider ${JSON.stringify(raw)} is not a valid provider reference.`));
  return ok(`${modPrefix}provider["${providerFqn(type.trim())}"]${alias ? '.' + alias : ''}`);
}

function impliedType(v: unknown): GoValue {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) {
    const types = v.map(impliedType);
    const first = JSON.stringify(types[0]);
    if (types.length > 0 && types.every((t) => JSON.stringify(t) === first)) return ['list', types[0]];
    return ['tuple', types];
  }
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    const types = keys.map((k) => impliedType((v as Obj)[k]));
    const first = JSON.stringify(types[0]);
    if (keys.length > 0 && types.every((t) => JSON.stringify(t) === first)) return ['map', types[0]];
    return ['object', new Map(keys.map((k, i) => [k, types[i]]))];
  }
  return 'dynamic';
}

function sortedMap(o: Obj): Map<string, GoValue> {
  return new Map(Object.keys(o).sort().map((k) => [k, toGo(o[k])]));
}

function toGo(v: unknown): GoValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(toGo);
  if (typeof v === 'object') return sortedMap(v as Obj);
  return null;
}

function instanceObject(src: Obj, key: number | string | null, deposed: string, tainted: boolean): Map<string, GoValue> {
  const o = new Map<string, GoValue>();
  if (key !== null) o.set('index_key', key);
  if (tainted || src.tainted === true) o.set('status', 'tainted');
  if (deposed) o.set('deposed', deposed);
  const meta = { ...((src.meta as Obj) ?? {}) };
  let schemaVersion = 0;
  if ('schema_version' in meta) {
    schemaVersion = Number(meta.schema_version) || 0;
    delete meta.schema_version;
  }
  o.set('schema_version', schemaVersion);
  const attrs: Record<string, string> = { ...((src.attributes as Record<string, string>) ?? {}) };
  if (!('id' in attrs) && typeof src.id === 'string') attrs.id = src.id;
  o.set('attributes_flat', new Map(Object.keys(attrs).sort().map((k) => [k, String(attrs[k])])));
  o.set('sensitive_attributes', []);
  if (Object.keys(meta).length > 0) {
    const json = JSON.stringify(Object.fromEntries(Object.keys(meta).sort().map((k) => [k, meta[k]])));
    o.set('private', bytesToBase64(new TextEncoder().encode(json)));
  }
  return o;
}

function upgradeV3ToV4(doc: Obj, where: string): Result<string> {
  const serial = typeof doc.serial === 'number' ? doc.serial : 0;
  if (serial < 0) return fail(error('state.bad-serial', 'Invalid state file format', `${where} has a negative serial.`));
  const resources = new Map<string, V4Resource>();
  const outputs = new Map<string, GoValue>();
  for (const m of Array.isArray(doc.modules) ? (doc.modules as Obj[]) : []) {
    const path = (m.path as string[]) ?? ['root'];
    if (path[0] !== 'root') return fail(error('state.bad-module', 'Invalid legacy module path', `${where}: module path ${JSON.stringify(path)} does not start with "root".`));
    const modulePath = path.slice(1);
    for (const step of modulePath) if (!IDENT_RE.test(step)) return fail(error('state.bad-module', 'Invalid legacy module path', `${where}: module path ${JSON.stringify(path)} has an invalid step ${JSON.stringify(step)}.`));
    const moduleStr = modulePath.map((s) => `module.${s}`).join('.');
    if (modulePath.length === 0) {
      for (const name of Object.keys((m.outputs as Obj) ?? {}).sort()) {
        const out = (m.outputs as Obj)[name] as Obj;
        const o = new Map<string, GoValue>([['value', toGo(out.value)], ['type', impliedType(out.value)]]);
        if (out.sensitive === true) o.set('sensitive', true);
        outputs.set(name, o);
      }
    }
    for (const [rkey, rv] of Object.entries((m.resources as Obj) ?? {})) {
      const r = rv as Obj;
      const parts = rkey.split('.');
      let mode = 'managed';
      if (parts[0] === 'data') {
        mode = 'data';
        parts.shift();
      }
      if (parts.length < 2 || parts.length > 3 || (parts.length === 3 && !/^\d+$/.test(parts[2]))) {
        return fail(error('state.bad-resource-name', 'Invalid legacy resource address', `${where}: resource key ${JSON.stringify(rkey)} is not of the form type.name[.N].`));
      }
      const [type, name] = parts;
      const index = parts.length === 3 ? Number(parts[2]) : null;
      const id = `${moduleStr}\u0000${mode}\u0000${type}\u0000${name}`;
      let res = resources.get(id);
      if (!res) {
        const p = legacyProviderToV4(typeof r.provider === 'string' ? r.provider : '', type, modulePath);
        if (!p.ok) return fail(p.diags);
        res = { module: moduleStr, mode, type, name, provider: p.value, instances: [] };
        resources.set(id, res);
      }
      if (r.primary && typeof r.primary === 'object') res.instances.push({ key: index, deposed: '', obj: instanceObject(r.primary as Obj, index, '', false) });
      const deposed = Array.isArray(r.deposed) ? (r.deposed as Obj[]) : [];
      deposed.forEach((d, i) => {
        const dk = (i + 1).toString(16).padStart(8, '0');
        res!.instances.push({ key: index, deposed: dk, obj: instanceObject(d, index, dk, false) });
      });
    }
  }
  const sorted = [...resources.values()].sort((a, b) => compareStateFileResourceTuples([a.module, a.mode, a.type, a.name], [b.module, b.mode, b.type, b.name]));
  const resList: GoValue[] = sorted.map((r) => {
    r.instances.sort((a, b) => compareLegacyKeys(a.key, b.key) || (a.deposed < b.deposed ? -1 : a.deposed > b.deposed ? 1 : 0));
    const o = new Map<string, GoValue>();
    if (r.module) o.set('module', r.module);
    o.set('mode', r.mode);
    o.set('type', r.type);
    o.set('name', r.name);
    o.set('provider', r.provider);
    o.set('instances', r.instances.map((i) => i.obj));
    return o;
  });
  const tfv = typeof doc.terraform_version === 'string' && doc.terraform_version !== '' ? doc.terraform_version : '0.0.0';
  const top = new Map<string, GoValue>([
    ['version', 4],
    ['terraform_version', tfv],
    ['serial', serial],
    ['lineage', typeof doc.lineage === 'string' ? doc.lineage : ''],
    ['outputs', outputs],
    ['resources', resList],
    ['check_results', null],
  ]);
  return ok(goEncode(top, 'indent', 0) + '\n');
}

function compareLegacyKeys(a: number | string | null, b: number | string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}
