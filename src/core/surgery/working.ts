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
import { compareStateFileResources, formatAbsResource, keyEquals, moduleEquals, formatModuleInstance } from '../addr/index.js';
import type { AbsResource, InstanceKey, ModuleInstance } from '../addr/types.js';
import type { InstanceObject, ResourceEntry, StateSnapshot } from '../state/types.js';
import { PendingRenames } from './deps.js';
import { sortInstances } from './rebuild.js';

export { rebuildInstance, rebuildResource, sortInstances } from './rebuild.js';

/** Mutable list of resources with helpers; the snapshot it came from is never modified. */
export class WorkingState {
  resources: ResourceEntry[];
  /** Dependency renames recorded by moves, applied when a snapshot is taken. */
  readonly renames = new PendingRenames();

  constructor(readonly base: StateSnapshot) {
    this.resources = [...base.resources];
  }

  /** The resulting snapshot (metadata unchanged: the transaction bumps the serial). */
  toSnapshot(): StateSnapshot {
    this.resources = this.renames.apply(this.resources);
    return { ...this.base, resources: this.resources };
  }

  /** Index of the entry for `addr`, or -1. */
  indexOf(addr: AbsResource): number {
    const r = addr.resource;
    return this.resources.findIndex((e) => e.name === r.name && e.type === r.type && e.mode === r.mode && moduleEquals(e.module, addr.module));
  }

  /** The entry for `addr`, or undefined. */
  find(addr: AbsResource): ResourceEntry | undefined {
    const i = this.indexOf(addr);
    return i < 0 ? undefined : this.resources[i];
  }

  /** Replaces the entry at the same address (which must exist). */
  replace(entry: ResourceEntry): void {
    const i = this.indexOf(addrOf(entry));
    if (i < 0) throw new InvariantError(`replace: no resource ${formatAbsResource(addrOf(entry))}`);
    this.resources[i] = entry;
  }

  /** Removes the entry for `addr` (which must exist). */
  remove(addr: AbsResource): ResourceEntry {
    const i = this.indexOf(addr);
    if (i < 0) throw new InvariantError(`remove: no resource ${formatAbsResource(addr)}`);
    return this.resources.splice(i, 1)[0];
  }

  /**
   * Inserts a new entry where Terraform's file sort puts it (before the first
   * entry that sorts after it), so an already-sorted file stays sorted.
   * The address must be free.
   */
  insert(entry: ResourceEntry): void {
    if (this.indexOf(addrOf(entry)) >= 0) throw new InvariantError(`insert: ${formatAbsResource(addrOf(entry))} exists`);
    const key = sortKey(entry);
    // Binary search: a Terraform-written file is sorted, so this is where its sort puts the entry.
    let lo = 0;
    let hi = this.resources.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareStateFileResources(sortKey(this.resources[mid]), key) > 0) hi = mid;
      else lo = mid + 1;
    }
    const at = lo;
    this.resources.splice(at, 0, entry);
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

/** The address of an entry. */
export function addrOf(e: ResourceEntry): AbsResource {
  return { module: e.module, resource: { mode: e.mode, type: e.type, name: e.name } };
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
