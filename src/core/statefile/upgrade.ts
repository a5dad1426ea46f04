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
  const problems = legacyShapeProblems(doc, version);
  if (problems.length > 0) {
    return fail(
      error(
        'state.bad-legacy',
        'Invalid state file format',
        `${where} is a version ${version} state whose structure Terraform could not read either: ${problems.join('; ')}${problems.length === MAX_PROBLEMS ? '; …' : ''}. Restore it from a backup, or fix it by hand.`,
      ),
    );
  }
  if (version === 1) doc = upgradeV1ToV2(doc);
  if (version <= 2) doc = upgradeV2ToV3(doc);
  return upgradeV3ToV4(doc, where);
}

const MAX_PROBLEMS = 5;
/** How deep free-form values (outputs, meta) may nest: the upgrade walks them recursively. */
export const MAX_LEGACY_VALUE_DEPTH = 1000;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Nesting depth of a JSON value, without recursion. */
function depthOf(v: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[v, 1]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (typeof x !== 'object' || x === null) continue;
    max = Math.max(max, d);
    if (max > MAX_LEGACY_VALUE_DEPTH) return max;
    for (const y of Array.isArray(x) ? x : Object.values(x)) stack.push([y, d + 1]);
  }
  return max;
}

/** True when a JSON value holds a number that parsed as Infinity (Go refuses those too), without recursion. */
function hasNonFiniteNumber(v: unknown): boolean {
  const stack: unknown[] = [v];
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x === 'number' && !Number.isFinite(x)) return true;
    if (typeof x === 'object' && x !== null) stack.push(...(Array.isArray(x) ? x : Object.values(x)));
  }
  return false;
}

/**
 * Where a v1-v3 document does not have the types Terraform's Go structs
 * give it (an object of modules with `path` strings, outputs, and resources
 * whose instances hold `attributes` of strings), which the upgrade relies
 * on. Empty when the upgrade can run. At most `MAX_PROBLEMS` entries.
 */
function legacyShapeProblems(doc: Obj, version: number): string[] {
  const out: string[] = [];
  const bad = (where: string, v: unknown, want: string): void => void (out.length < MAX_PROBLEMS && out.push(`${where} is ${kindOf(v)}, not ${want}`));
  const optional = (o: Obj, key: string, check: (v: unknown) => boolean, where: string, want: string): void => {
    if (key in o && o[key] !== null && !check(o[key])) bad(`${where}.${key}`, o[key], want);
  };
  const strings = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');
  const instance = (v: unknown, where: string, optionalObject: boolean): void => {
    if (optionalObject && (v === null || v === undefined)) return;
    if (!isObj(v)) return bad(where, v, 'an object');
    optional(v, 'id', (x) => typeof x === 'string', where, 'a string');
    optional(v, 'attributes', (x) => isObj(x) && Object.values(x).every((a) => typeof a === 'string'), where, 'an object of strings');
    optional(v, 'meta', isObj, where, 'an object');
    if (version > 1) optional(v, 'tainted', (x) => typeof x === 'boolean', where, 'a boolean');
    if (isObj(v.meta) && depthOf(v.meta) > MAX_LEGACY_VALUE_DEPTH) out.push(`${where}.meta is nested deeper than ${MAX_LEGACY_VALUE_DEPTH} levels`);
  };
  if ('serial' in doc && doc.serial !== null && !(typeof doc.serial === 'number' && Number.isInteger(doc.serial) && doc.serial >= 0)) bad('serial', doc.serial, 'a non-negative integer');
  if (hasNonFiniteNumber(doc)) out.push('a number is too large to represent (such as 1e999)');
  if (!('modules' in doc) || doc.modules === null) return out.slice(0, MAX_PROBLEMS);
  if (!Array.isArray(doc.modules)) return bad('modules', doc.modules, 'an array'), out;
  doc.modules.forEach((m: unknown, i) => {
    const at = `modules[${i}]`;
    if (!isObj(m)) return bad(at, m, 'an object');
    optional(m, 'path', strings, at, 'an array of strings');
    if ('outputs' in m && m.outputs !== null) {
      if (!isObj(m.outputs)) bad(`${at}.outputs`, m.outputs, 'an object');
      else {
        for (const [name, o] of Object.entries(m.outputs)) {
          const where = `${at}.outputs[${JSON.stringify(name)}]`;
          if (version === 1 ? typeof o !== 'string' : !isObj(o)) bad(where, o, version === 1 ? 'a string' : 'an object');
          else if (isObj(o) && depthOf(o.value) > MAX_LEGACY_VALUE_DEPTH) out.push(`${where}.value is nested deeper than ${MAX_LEGACY_VALUE_DEPTH} levels`);
        }
      }
    }
    if ('resources' in m && m.resources !== null) {
      if (!isObj(m.resources)) return bad(`${at}.resources`, m.resources, 'an object');
      for (const [key, r] of Object.entries(m.resources)) {
        const where = `${at}.resources[${JSON.stringify(key)}]`;
        if (!isObj(r)) {
          bad(where, r, 'an object');
          continue;
        }
        optional(r, 'provider', (x) => typeof x === 'string', where, 'a string');
        instance(r.primary, `${where}.primary`, true);
        for (const list of ['deposed', 'tainted'] as const) {
          if (list === 'tainted' && version !== 1) continue;
          if (!(list in r) || r[list] === null) continue;
          if (!Array.isArray(r[list])) bad(`${where}.${list}`, r[list], 'an array');
          else (r[list] as unknown[]).forEach((d, j) => instance(d, `${where}.${list}[${j}]`, false));
        }
      }
    }
  });
  return out.slice(0, MAX_PROBLEMS);
}

function upgradeV1ToV2(doc: Obj): Obj {
  const modules = Array.isArray(doc.modules) ? (doc.modules as Obj[]) : [];
  return {
    ...doc,
    version: 2,
    modules: modules.map((m) => {
      // fromEntries, not assignment: a key named __proto__ stays a key.
      const outputs: Obj = Object.fromEntries(Object.entries((m.outputs as Obj) ?? {}).map(([k, v]) => [k, { type: 'string', value: v, sensitive: false }]));
      const path = Array.isArray(m.path) && m.path.length > 0 ? m.path : ['root'];
      const resources: Obj = Object.fromEntries(
        Object.entries((m.resources as Obj) ?? {}).map(([k, r]) => {
          const { tainted: _dropped, ...rest } = r as Obj;
          return [k, rest];
        }),
      );
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
      const resources: Obj = Object.fromEntries(
        Object.entries((m.resources as Obj) ?? {}).map(([k, r]) => {
          const res = r as Obj;
          return [k, { ...res, primary: fix(res.primary), deposed: Array.isArray(res.deposed) ? res.deposed.map(fix) : res.deposed }];
        }),
      );
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
