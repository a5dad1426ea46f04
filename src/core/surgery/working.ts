/**
 * A working copy of a state's resources that surgery edits in place, then
 * turns back into an immutable snapshot. Primitives here assume their
 * preconditions (validated by the operations); violating one is a bug and
 * throws InvariantError.
 *
 * Anything rebuilt loses its `origin`, so the writer re-serialises exactly
 * the resources and instance objects that changed.
 */
import { InvariantError } from '../diag/index.js';
import { compareStateFileResources, formatAbsResource, keyEquals, formatModuleInstance, moduleEquals } from '../addr/index.js';
import type { AbsResource, InstanceKey, ModuleInstance } from '../addr/types.js';
import type { InstanceObject, ResourceEntry, StateSnapshot } from '../state/types.js';
import { PendingRenames } from './deps.js';
import { sortInstances } from './rebuild.js';

export { rebuildInstance, rebuildResource, sortInstances } from './rebuild.js';

/**
 * Lookups answered by scanning the list before the lookup maps are built: a
 * single operation makes a handful (a scan compares a few fields per entry,
 * far cheaper than keying every entry of a large state), a batch many more.
 */
const SCANNED_LOOKUPS = 16;

/** Mutable list of resources with helpers; the snapshot it came from is never modified. */
export class WorkingState {
  private list: ResourceEntry[];
  /** Entries by address key, built on first lookup and kept in step by the primitives. */
  private byAddr: Map<string, ResourceEntry> | null = null;
  /** How many entries share each configuration address (module keys dropped). */
  private configCounts: Map<string, number> | null = null;
  /** Dependency renames recorded by moves, applied when a snapshot is taken. */
  readonly renames = new PendingRenames();
  /** Lookups made so far by scanning (see SCANNED_LOOKUPS). */
  private scans = 0;

  constructor(readonly base: StateSnapshot) {
    this.list = [...base.resources];
  }

  /** The entries, in file order. Assigning a new list drops the lookup indexes (rebuilt on demand). */
  get resources(): ResourceEntry[] {
    return this.list;
  }

  set resources(list: ResourceEntry[]) {
    this.list = list;
    this.byAddr = null;
    this.configCounts = null;
  }

  /** The resulting snapshot (metadata unchanged: the transaction bumps the serial). */
  toSnapshot(): StateSnapshot {
    this.resources = this.renames.apply(this.list);
    return { ...this.base, resources: this.list };
  }

  /** The entry for `addr`, or undefined. */
  find(addr: AbsResource): ResourceEntry | undefined {
    const { mode, type, name } = addr.resource;
    if (this.byAddr === null && this.scans++ < SCANNED_LOOKUPS) {
      return this.list.find((e) => e.name === name && e.type === type && e.mode === mode && moduleEquals(e.module, addr.module));
    }
    return this.index().get(addrKey(addr.module, mode, type, name));
  }

  /** True when some entry has the configuration address of `addr` (instance keys of its modules ignored). */
  hasConfigAddress(addr: AbsResource): boolean {
    const { mode, type, name } = addr.resource;
    if (this.configCounts === null && this.scans++ < SCANNED_LOOKUPS) {
      return this.list.some((e) => e.name === name && e.type === type && e.mode === mode && sameModuleNames(e.module, addr.module));
    }
    return (this.counts().get(configKey(addr.module, mode, type, name)) ?? 0) > 0;
  }

  /** Replaces the entry at the same address (which must exist). */
  replace(entry: ResourceEntry): void {
    const old = this.find(addrOf(entry));
    if (old === undefined) throw new InvariantError(`replace: no resource ${formatAbsResource(addrOf(entry))}`);
    this.list[this.list.indexOf(old)] = entry;
    this.byAddr?.set(entryKey(entry), entry);
  }

  /** Removes the entry for `addr` (which must exist). */
  remove(addr: AbsResource): ResourceEntry {
    const old = this.find(addr);
    if (old === undefined) throw new InvariantError(`remove: no resource ${formatAbsResource(addr)}`);
    this.list.splice(this.list.indexOf(old), 1);
    this.byAddr?.delete(entryKey(old));
    this.count(old, -1);
    return old;
  }

  /**
   * Inserts a new entry where Terraform's file sort puts it (before the first
   * entry that sorts after it), so an already-sorted file stays sorted.
   * The address must be free.
   */
  insert(entry: ResourceEntry): void {
    if (this.find(addrOf(entry)) !== undefined) throw new InvariantError(`insert: ${formatAbsResource(addrOf(entry))} exists`);
    const key = sortKey(entry);
    // Binary search: a Terraform-written file is sorted, so this is where its sort puts the entry.
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareStateFileResources(sortKey(this.list[mid]), key) > 0) hi = mid;
      else lo = mid + 1;
    }
    this.list.splice(lo, 0, entry);
    this.byAddr?.set(entryKey(entry), entry);
    this.count(entry, 1);
  }

  private index(): Map<string, ResourceEntry> {
    if (this.byAddr === null) {
      const m = new Map<string, ResourceEntry>();
      for (const e of this.list) m.set(entryKey(e), e);
      this.byAddr = m;
    }
    return this.byAddr;
  }

  private counts(): Map<string, number> {
    if (this.configCounts === null) {
      this.configCounts = new Map();
      for (const e of this.list) this.count(e, 1);
    }
    return this.configCounts;
  }

  /** Adjusts the configuration-address count of `e` (when the counts are built). */
  private count(e: ResourceEntry, by: number): void {
    const counts = this.configCounts;
    if (counts === null) return;
    const k = configKey(e.module, e.mode, e.type, e.name);
    counts.set(k, (counts.get(k) ?? 0) + by);
  }

  /** Module instances that have at least one resource, exactly. */
  moduleInstances(): ModuleInstance[] {
    const seen = new Map<string, ModuleInstance>();
    for (const r of this.resources) {
      for (let n = 0; n <= r.module.length; n++) {
        const m = r.module.slice(0, n);
        const k = formatModuleInstance(m);
        if (!seen.has(k)) seen.set(k, m);
      }
    }
    return [...seen.values()];
  }
}

/** True when two module paths name the same modules (their instance keys ignored). */
function sameModuleNames(a: ModuleInstance, b: ModuleInstance): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.name !== b[i]!.name) return false;
  return true;
}

/** The address of an entry. */
export function addrOf(e: ResourceEntry): AbsResource {
  return { module: e.module, resource: { mode: e.mode, type: e.type, name: e.name } };
}

/** `text(m)`, cached by the array's identity (decoded entries share their module arrays). */
function cachedByModule(text: (m: ModuleInstance) => string): (m: ModuleInstance) => string {
  const cache = new WeakMap<ModuleInstance, string>();
  return (m) => {
    let t = cache.get(m);
    if (t === undefined) {
      t = text(m);
      cache.set(m, t);
    }
    return t;
  };
}

/** A module path's string form. */
const moduleString = cachedByModule(formatModuleInstance);

/** A module path's configuration part of a key: module names only, length-prefixed. */
const configModule = cachedByModule((module) => {
  let m = `${module.length}`;
  for (const step of module) m += `:${step.name.length}:${step.name}`;
  return m;
});

/** A lookup key for an address: length prefixes make it injective whatever the names contain. */
function addrKey(module: ModuleInstance, mode: string, type: string, name: string): string {
  const m = moduleString(module);
  return `${m.length}:${m}${mode}:${type.length}:${type}${name}`;
}

function entryKey(e: ResourceEntry): string {
  return addrKey(e.module, e.mode, e.type, e.name);
}

/** The key of a configuration address: module names only, instance keys dropped. */
function configKey(module: ModuleInstance, mode: string, type: string, name: string): string {
  return `${configModule(module)}|${mode}:${type.length}:${type}${name}`;
}

function sortKey(e: ResourceEntry): { module: string; mode: string; type: string; name: string } {
  return { module: formatModuleInstance(e.module), mode: e.mode, type: e.type, name: e.name };
}

/** True when the resource has objects of this key. */
export function hasKey(e: ResourceEntry, key: InstanceKey): boolean {
  return e.instances.some((o) => keyEquals(o.key, key));
}

/** A brand-new entry (for resources surgery creates). Field order follows Terraform. */
export function newResource(addr: AbsResource, provider: string, instances: readonly InstanceObject[], providerConfig: ResourceEntry['providerConfig'] = null, legacy = false): ResourceEntry {
  if (addr.resource.mode !== 'managed' && addr.resource.mode !== 'data') throw new InvariantError('newResource: mode must be managed or data');
  return {
    module: addr.module,
    mode: addr.resource.mode,
    type: addr.resource.type,
    name: addr.resource.name,
    provider,
    providerConfig,
    legacyProvider: legacy,
    instances: sortInstances(instances),
    fields: [],
    origin: null,
  };
}
