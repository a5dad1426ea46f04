/**
 * Builds the resource dependency graph from a state snapshot.
 */
import {
  compareAbsResourceInstance,
  compareModuleInstance,
  compareResource,
  compareUtf8,
  formatAbsResource,
  formatKey,
  formatModuleInstance,
  formatResource,
  parseConfigResourceDependency,
  toConfigModule,
} from '../addr/index.js';
import type { AbsResourceInstance, ModuleInstance, Resource } from '../addr/types.js';
import { warning, type Diagnostic } from '../diag/diagnostic.js';
import type { StateSnapshot } from '../state/types.js';
import type { DanglingDependency, GraphNode, ResourceGraph } from './types.js';

/** Diagnostic codes of the graph builder. */
export const GRAPH_CODES = {
  invalidDependency: 'graph.invalid-dependency',
} as const;

interface NodeAcc {
  readonly key: string;
  readonly module: readonly string[];
  readonly resource: Resource;
  /** Instances with their formatted address, possibly from several module instances. */
  readonly instances: { readonly addr: AbsResourceInstance; readonly text: string }[];
  readonly moduleInstances: Map<string, ModuleInstance>;
  objects: number;
  /** Raw dependency string -> instance addresses naming it (in first-seen order). */
  readonly deps: Map<string, string[]>;
}

/**
 * The configuration address of a resource in a module instance: the module
 * path with its instance keys dropped, plus the resource (`module.a.t.x`).
 */
export function configResourceKey(module: ModuleInstance, resource: Resource): string {
  return formatAbsResource({ module: toConfigModule(module), resource });
}

/**
 * Builds the dependency graph of `snapshot`: one node per configuration
 * resource present in the state (all module instances and instance objects,
 * current and deposed, folded together), one edge per distinct
 * `dependencies` entry. Entries naming a resource absent from the state
 * become `dangling`; unparseable entries are skipped with a
 * `graph.invalid-dependency` warning (each distinct string once). Runs in
 * time linear in the number of instance objects plus dependency entries:
 * an entry already in canonical form (what Terraform writes) is matched to
 * its node directly, any other distinct string is parsed once. Does not
 * modify the snapshot.
 */
export function buildResourceGraph(snapshot: StateSnapshot): ResourceGraph {
  const accs = new Map<string, NodeAcc>();
  const diagnostics: Diagnostic[] = [];

  for (const entry of snapshot.resources) {
    const resource: Resource = { mode: entry.mode, type: entry.type, name: entry.name };
    const key = configResourceKey(entry.module, resource);
    let acc = accs.get(key);
    if (acc === undefined) {
      acc = { key, module: entry.module.map((s) => s.name), resource, instances: [], moduleInstances: new Map(), objects: 0, deps: new Map() };
      accs.set(key, acc);
    }
    const moduleText = formatModuleInstance(entry.module);
    if (!acc.moduleInstances.has(moduleText)) acc.moduleInstances.set(moduleText, entry.module);
    const prefix = (moduleText === '' ? '' : `${moduleText}.`) + formatResource(resource);
    const seenKeys = new Map<string, string>();
    for (const obj of entry.instances) {
      acc.objects++;
      const keyText = formatKey(obj.key);
      let text = seenKeys.get(keyText);
      if (text === undefined) {
        text = prefix + keyText;
        seenKeys.set(keyText, text);
        acc.instances.push({ addr: { module: entry.module, resource, key: obj.key }, text });
      }
      for (const dep of obj.dependencies) {
        const holders = acc.deps.get(dep);
        if (holders === undefined) acc.deps.set(dep, [text]);
        else if (holders[holders.length - 1] !== text) holders.push(text);
      }
    }
  }

  const ordered = [...accs.values()].sort(compareAcc);
  const indexOf = new Map<string, number>();
  ordered.forEach((a, i) => indexOf.set(a.key, i));

  // Non-canonical dependency strings, parsed once each.
  const normalised = new Map<string, string | null>();
  const normalise = (dep: string, holder: string): string | null => {
    let key = normalised.get(dep);
    if (key !== undefined) return key;
    const parsed = parseConfigResourceDependency(dep);
    key = parsed.ok ? formatAbsResource(parsed.value) : null;
    if (key === null) {
      diagnostics.push(
        warning(
          GRAPH_CODES.invalidDependency,
          'Invalid dependency entry',
          `The dependencies of ${holder} contain "${dep}", which is not a resource address; it is left out of the graph. Terraform refuses to read a state with such an entry: remove it from the state file.`,
          holder,
        ),
      );
    }
    normalised.set(dep, key);
    return key;
  };

  const nodes: GraphNode[] = [];
  const dependencies: number[][] = [];
  const dependents: number[][] = ordered.map(() => []);
  const dangling: DanglingDependency[] = [];

  ordered.forEach((acc, i) => {
    if (acc.moduleInstances.size > 1 || !isSorted(acc.instances)) acc.instances.sort((a, b) => compareAbsResourceInstance(a.addr, b.addr));
    const moduleInstances = [...acc.moduleInstances.values()];
    if (moduleInstances.length > 1) moduleInstances.sort(compareModuleInstance);
    nodes.push({
      key: acc.key,
      module: acc.module,
      resource: acc.resource,
      instances: acc.instances.map((x) => x.text),
      moduleInstances,
      objects: acc.objects,
    });

    const out = new Set<number>();
    const missing = new Map<string, string[]>();
    for (const [dep, holders] of acc.deps) {
      const direct = indexOf.get(dep);
      if (direct !== undefined) {
        out.add(direct);
        continue;
      }
      const depKey = normalise(dep, acc.key);
      if (depKey === null) continue;
      const j = indexOf.get(depKey);
      if (j !== undefined) out.add(j);
      else missing.set(depKey, [...(missing.get(depKey) ?? []), ...holders]);
    }
    for (const [to, holders] of missing) {
      const order = new Map(acc.instances.map((x, k) => [x.text, k]));
      const names = [...new Set(holders)].sort((a, b) => order.get(a)! - order.get(b)!);
      dangling.push({ from: acc.key, to, instances: names });
    }
    const sorted = [...out].sort((a, b) => a - b);
    dependencies.push(sorted);
    for (const j of sorted) dependents[j]!.push(i);
  });
  dangling.sort((a, b) => indexOf.get(a.from)! - indexOf.get(b.from)! || compareUtf8(a.to, b.to));

  return { nodes, indexOf, dependencies, dependents, dangling, diagnostics };
}

function isSorted(list: readonly { readonly addr: AbsResourceInstance }[]): boolean {
  for (let i = 1; i < list.length; i++) if (compareAbsResourceInstance(list[i - 1]!.addr, list[i]!.addr) > 0) return false;
  return true;
}

/** `state list` order of configuration resources: shallower modules first, then names; data before managed; type; name. */
function compareAcc(a: NodeAcc, b: NodeAcc): number {
  if (a.module.length !== b.module.length) return a.module.length - b.module.length;
  for (let i = 0; i < a.module.length; i++) {
    const c = compareUtf8(a.module[i]!, b.module[i]!);
    if (c !== 0) return c;
  }
  return compareResource(a.resource, b.resource);
}
