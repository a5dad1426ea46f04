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
import { compareFileInstanceKeys } from '../statefile/file-order.js';

/** Mutable list of resources with helpers; the snapshot it came from is never modified. */
export class WorkingState {
  resources: ResourceEntry[];

  constructor(readonly base: StateSnapshot) {
    this.resources = [...base.resources];
  }

  /** The resulting snapshot (metadata unchanged: the transaction bumps the serial). */
  toSnapshot(): StateSnapshot {
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
    let at = this.resources.length;
    for (let i = 0; i < this.resources.length; i++) {
      if (compareStateFileResources(sortKey(this.resources[i]), key) > 0) {
        at = i;
        break;
      }
    }
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

/** A copy of an entry with changes; it loses its origin (it will be re-serialised). */
export function rebuildResource(e: ResourceEntry, changes: Partial<Omit<ResourceEntry, 'origin'>>): ResourceEntry {
  const next: ResourceEntry = { ...e, ...changes, origin: null };
  if (changes.instances) return { ...next, instances: sortInstances(changes.instances) };
  return next;
}

/** A copy of an instance object with changes; it loses its origin. */
export function rebuildInstance(o: InstanceObject, changes: Partial<Omit<InstanceObject, 'origin'>>): InstanceObject {
  return { ...o, ...changes, origin: null };
}

/** Instance objects in Terraform's file order: by key, then current before deposed. Stable. */
export function sortInstances(list: readonly InstanceObject[]): InstanceObject[] {
  return [...list].sort((a, b) => compareFileInstanceKeys(a.key, b.key) || (a.deposed < b.deposed ? -1 : a.deposed > b.deposed ? 1 : 0));
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
