/**
 * Rewriting `dependencies` after moves (our deliberate difference from
 * Terraform, which clears the whole list of every dependent; design §3).
 *
 * Moves record renames; the working state applies every pending rename in
 * one pass over the objects when a snapshot is taken, so a batch of N moves
 * costs one walk of the state, not N. Renames apply in the order they were
 * made: a dependency is renamed only by renames made after the name it has.
 */
import { formatAbsResource, parseConfigResourceDependency, toConfigModule } from '../addr/index.js';
import type { AbsResource, ModuleInstance } from '../addr/types.js';
import type { ResourceEntry } from '../state/types.js';
import { rebuildInstance, rebuildResource } from './rebuild.js';

/** A rename of config addresses: exact resource, or module path prefix. */
export type DependencyRename =
  | { readonly kind: 'resource'; readonly from: AbsResource; readonly to: AbsResource; readonly keepOld: boolean }
  | { readonly kind: 'module'; readonly from: ModuleInstance; readonly to: ModuleInstance; readonly keepOld: boolean };

interface Timed {
  readonly time: number;
  readonly to: string;
  readonly keepOld: boolean;
}

interface ModuleRename {
  readonly time: number;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly keepOld: boolean;
}

function configString(a: AbsResource): string {
  return formatAbsResource({ module: toConfigModule(a.module), resource: a.resource });
}

const NONE: readonly Timed[] = [];

/** Renames recorded by moves, applied together. */
export class PendingRenames {
  private time = 0;
  private readonly byResource = new Map<string, Timed[]>();
  private readonly modules: ModuleRename[] = [];

  /** True when nothing is pending. */
  get empty(): boolean {
    return this.time === 0;
  }

  /** Records a rename (a no-op when the config address does not change). */
  add(r: DependencyRename): void {
    const t = ++this.time;
    if (r.kind === 'resource') {
      const from = configString(r.from);
      const to = configString(r.to);
      if (from === to) return;
      const list = this.byResource.get(from) ?? [];
      list.push({ time: t, to, keepOld: r.keepOld });
      this.byResource.set(from, list);
    } else {
      const from = toConfigModule(r.from).map((s) => s.name);
      const to = toConfigModule(r.to).map((s) => s.name);
      if (from.join('.') === to.join('.')) return;
      this.modules.push({ time: t, from, to, keepOld: r.keepOld });
    }
  }

  /** `resolve` results by `since`, then dependency, for one `apply`. */
  private readonly memo = new Map<number, Map<string, readonly string[]>>();

  /**
   * The names `dep` has after every rename made after `since` (itself
   * included when kept), in order, without repeats. Memoised: a chain of
   * renames that keep the old name branches at every step, and would
   * otherwise cost 2^length.
   */
  private resolve(dep: string, since: number): readonly string[] {
    let memo = this.memo.get(since);
    if (memo === undefined) {
      memo = new Map();
      this.memo.set(since, memo);
    }
    const hit = memo.get(dep);
    if (hit !== undefined) return hit;
    let next: { time: number; to: string; keepOld: boolean } | null = null;
    for (const r of this.byResource.get(dep) ?? NONE) if (r.time > since && (!next || r.time < next.time)) next = r;
    if (this.modules.length > 0) {
      const parsed = parseConfigResourceDependency(dep);
      if (parsed.ok) {
        const names = parsed.value.module.map((s) => s.name);
        for (const m of this.modules) {
          if (m.time <= since || (next && m.time >= next.time) || names.length < m.from.length) continue;
          if (!m.from.every((n, i) => names[i] === n)) continue;
          const module = [...m.to, ...names.slice(m.from.length)].map((name) => ({ name, key: { kind: 'none' as const } }));
          next = { time: m.time, to: formatAbsResource({ module, resource: parsed.value.resource }), keepOld: m.keepOld };
        }
      }
    }
    let out: readonly string[];
    if (!next) out = [dep];
    else {
      const names: string[] = [];
      const add = (xs: readonly string[]): void => {
        for (const x of xs) if (!names.includes(x)) names.push(x);
      };
      if (next.keepOld) add(this.resolve(dep, next.time));
      add(this.resolve(next.to, next.time));
      out = names;
    }
    memo.set(dep, out);
    return out;
  }

  /**
   * Applies every pending rename to `resources` (returning the same array
   * when nothing changed) and clears the pending list.
   */
  apply(resources: ResourceEntry[]): ResourceEntry[] {
    if (this.empty) return resources;
    // What a dependency becomes depends only on its own text: `resolve` is memoised.
    const unchanged = (dep: string): boolean => {
      const names = this.resolve(dep, 0);
      return names.length === 1 && names[0] === dep;
    };
    // Decoded instances share one array per distinct list: each list is resolved once (null: unchanged).
    const lists = new Map<readonly string[], readonly string[] | null>();
    const renamed = (deps: readonly string[]): readonly string[] | null => {
      let next = lists.get(deps);
      if (next !== undefined) return next;
      next = null;
      if (!deps.every(unchanged)) {
        const list: string[] = [];
        for (const d of deps) for (const n of this.resolve(d, 0)) if (!list.includes(n)) list.push(n);
        if (list.length !== deps.length || list.some((d, i) => d !== deps[i])) next = Object.freeze(list);
      }
      lists.set(deps, next);
      return next;
    };
    const out = resources.map((r): ResourceEntry => {
      let touched = false;
      const instances = r.instances.map((o) => {
        const next = renamed(o.dependencies);
        if (next === null) return o;
        touched = true;
        return rebuildInstance(o, { dependencies: next });
      });
      return touched ? rebuildResource(r, { instances }) : r;
    });
    this.time = 0;
    this.byResource.clear();
    this.modules.length = 0;
    this.memo.clear();
    return out;
  }

}
