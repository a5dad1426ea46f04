/**
 * Rewriting `dependencies` after a move (our deliberate difference from
 * Terraform, which clears the whole list of every dependent; design §3).
 */
import { formatAbsResource, parseConfigResourceDependency, toConfigModule } from '../addr/index.js';
import type { AbsResource, ModuleInstance } from '../addr/types.js';
import type { ResourceEntry } from '../state/types.js';
import { rebuildInstance, rebuildResource, type WorkingState } from './working.js';

/** A rename of config addresses: exact resource, or module path prefix. */
export type DependencyRename =
  | { readonly kind: 'resource'; readonly from: AbsResource; readonly to: AbsResource; readonly keepOld: boolean }
  | { readonly kind: 'module'; readonly from: ModuleInstance; readonly to: ModuleInstance; readonly keepOld: boolean };

function configString(a: AbsResource): string {
  return formatAbsResource({ module: toConfigModule(a.module), resource: a.resource });
}

function rewriteOne(dep: string, rename: DependencyRename): string | null {
  if (rename.kind === 'resource') {
    return dep === configString(rename.from) ? configString(rename.to) : null;
  }
  const parsed = parseConfigResourceDependency(dep);
  if (!parsed.ok) return null;
  const from = toConfigModule(rename.from);
  const m = parsed.value.module;
  if (m.length < from.length) return null;
  for (let i = 0; i < from.length; i++) if (m[i].name !== from[i].name) return null;
  const to = toConfigModule(rename.to);
  return configString({ module: [...to, ...m.slice(from.length)], resource: parsed.value.resource });
}

/**
 * Applies a rename to every object's `dependencies` in the working state.
 * With `keepOld` (the old address still exists after the move), the new
 * address is added after the old one instead of replacing it. Returns the
 * number of objects changed. A rename that maps an address to itself is a no-op.
 */
export function rewriteDependencies(ws: WorkingState, rename: DependencyRename): number {
  let changedObjects = 0;
  ws.resources = ws.resources.map((r): ResourceEntry => {
    let touched = false;
    const instances = r.instances.map((o) => {
      if (o.dependencies.length === 0) return o;
      const next: string[] = [];
      let changed = false;
      for (const d of o.dependencies) {
        const n = rewriteOne(d, rename);
        if (n === null || n === d) {
          if (!next.includes(d)) next.push(d);
          continue;
        }
        changed = true;
        if (rename.keepOld && !next.includes(d)) next.push(d);
        if (!next.includes(n)) next.push(n);
      }
      if (!changed) return o;
      touched = true;
      changedObjects++;
      return rebuildInstance(o, { dependencies: next });
    });
    return touched ? rebuildResource(r, { instances }) : r;
  });
  return changedObjects;
}
