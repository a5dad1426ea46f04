/**
 * The browsing index of a snapshot: every resource instance in `state list`
 * order with the strings the screens need, built once per snapshot and
 * cached (a snapshot is immutable, so a WeakMap keyed on it is safe).
 */
import { compareAbsResourceInstance, formatKey, formatResource } from '../../core/addr/index.js';
import type { AbsResourceInstance, InstanceKey, ModuleInstance } from '../../core/addr/types.js';
import { buildResourceGraph } from '../../core/graph/index.js';
import type { ResourceGraph } from '../../core/graph/index.js';
import type { ResourceEntry, StateSnapshot } from '../../core/state/types.js';

/** One resource instance of the state. */
export interface InstanceEntry {
  /** `module.a["x"].aws_instance.web[0]`. */
  readonly address: string;
  /** The resource's address (no instance key). */
  readonly resourceAddress: string;
  /** The configuration resource (graph node key): module keys dropped. */
  readonly configKey: string;
  /** Cumulative module instance prefixes: `['module.a["x"]', 'module.a["x"].module.b']`; empty in the root module. */
  readonly modules: readonly string[];
  readonly type: string;
  readonly resource: ResourceEntry;
  readonly key: InstanceKey;
  /** The current object is tainted. */
  readonly tainted: boolean;
  /** Number of deposed objects. */
  readonly deposed: number;
}

/** The index over one snapshot. */
export interface StateIndex {
  readonly snapshot: StateSnapshot;
  /** Instances in `state list` order. */
  readonly entries: readonly InstanceEntry[];
  /** Entry position by instance address. */
  readonly byAddress: ReadonlyMap<string, number>;
  /** Every module instance address present (with ancestors), in list order. */
  readonly modules: readonly string[];
}

const cache = new WeakMap<StateSnapshot, StateIndex>();
const graphs = new WeakMap<StateSnapshot, ResourceGraph>();

/** The strings of one module path: its cumulative instance prefixes and its configuration address. */
interface ModuleStrings {
  /** `['module.a["x"]', 'module.a["x"].module.b']`; the last one is the module instance address. */
  readonly prefixes: string[];
  /** `module.a.module.b` (keys dropped), '' in the root module. */
  readonly config: string;
}

/**
 * The strings of module paths, built once per path: the decoder shares one
 * path array among the resources of a module instance.
 */
function moduleStringsCache(): (m: ModuleInstance) => ModuleStrings {
  const byPath = new Map<ModuleInstance, ModuleStrings>();
  return (m) => {
    let out = byPath.get(m);
    if (!out) {
      const prefixes: string[] = [];
      let prefix = '';
      let config = '';
      for (const step of m) {
        prefix += (prefix === '' ? 'module.' : '.module.') + step.name + formatKey(step.key);
        config += (config === '' ? 'module.' : '.module.') + step.name;
        prefixes.push(prefix);
      }
      out = { prefixes, config };
      byPath.set(m, out);
    }
    return out;
  };
}

/** `prefix.res`, or `res` in the root module. */
function inModule(prefix: string, res: string): string {
  return prefix === '' ? res : prefix + '.' + res;
}

/** The (cached) index of `snap`. Linear in instances plus a sort. */
export function indexState(snap: StateSnapshot): StateIndex {
  const hit = cache.get(snap);
  if (hit) return hit;
  const items: { addr: AbsResourceInstance; r: ResourceEntry; tainted: boolean; deposed: number }[] = [];
  for (const r of snap.resources) {
    const resource = { mode: r.mode, type: r.type, name: r.name };
    const only = r.instances.length === 1 ? r.instances[0]! : null;
    if (only) {
      items.push({ addr: { module: r.module, resource, key: only.key }, r, tainted: only.deposed === '' && only.status === 'tainted', deposed: only.deposed !== '' ? 1 : 0 });
      continue;
    }
    // One pass over the objects per resource (a resource may have thousands of instances).
    const byKey = new Map<string, { key: InstanceKey; tainted: boolean; deposed: number }>();
    for (const o of r.instances) {
      const k = formatKey(o.key);
      let slot = byKey.get(k);
      if (!slot) {
        slot = { key: o.key, tainted: false, deposed: 0 };
        byKey.set(k, slot);
      }
      if (o.deposed !== '') slot.deposed++;
      else if (o.status === 'tainted') slot.tainted = true;
    }
    for (const s of byKey.values()) items.push({ addr: { module: r.module, resource, key: s.key }, r, tainted: s.tainted, deposed: s.deposed });
  }
  items.sort((a, b) => compareAbsResourceInstance(a.addr, b.addr));
  const entries: InstanceEntry[] = [];
  const byAddress = new Map<string, number>();
  const modules: string[] = [];
  const seenModules = new Set<string>();
  const resourceStrings = new Map<ResourceEntry, { resourceAddress: string; configKey: string; modules: string[] }>();
  const moduleStrings = moduleStringsCache();
  for (const { addr, r, tainted, deposed } of items) {
    let rs = resourceStrings.get(r);
    if (!rs) {
      // formatAbsResource and configResourceKey, with the module parts formatted once per module path.
      const ms = moduleStrings(r.module);
      const res = formatResource(addr.resource);
      const mods = ms.prefixes;
      rs = { resourceAddress: inModule(mods.length === 0 ? '' : mods[mods.length - 1]!, res), configKey: inModule(ms.config, res), modules: mods };
      resourceStrings.set(r, rs);
      for (const m of mods) {
        if (!seenModules.has(m)) {
          seenModules.add(m);
          modules.push(m);
        }
      }
    }
    const address = rs.resourceAddress + formatKey(addr.key); // formatAbsResourceInstance, with the resource part shared
    byAddress.set(address, entries.length);
    entries.push({
      address,
      resourceAddress: rs.resourceAddress,
      configKey: rs.configKey,
      modules: rs.modules,
      type: r.type,
      resource: r,
      key: addr.key,
      tainted,
      deposed,
    });
  }
  const index: StateIndex = { snapshot: snap, entries, byAddress, modules };
  cache.set(snap, index);
  return index;
}

/** The (cached) dependency graph of `snap`. */
export function graphOf(snap: StateSnapshot): ResourceGraph {
  let g = graphs.get(snap);
  if (!g) {
    g = buildResourceGraph(snap);
    graphs.set(snap, g);
  }
  return g;
}

/**
 * The instance address to open for `address`: itself when it is an
 * instance, else the first instance of a resource or configuration
 * resource with that address. Undefined when nothing matches.
 */
export function resolveInstance(index: StateIndex, address: string): string | undefined {
  if (index.byAddress.has(address)) return address;
  const e = index.entries.find((x) => x.resourceAddress === address) ?? index.entries.find((x) => x.configKey === address);
  return e?.address;
}
