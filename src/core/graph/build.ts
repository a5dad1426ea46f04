/**
 * Builds the resource dependency graph from a state snapshot.
 */
import {
  compareAbsResourceInstance,
  compareResource,
  compareUtf8,
  formatAbsResource,
  formatAbsResourceInstance,
  formatModuleInstance,
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
  readonly instances: AbsResourceInstance[];
  objects: number;
  /** dependency key -> instance addresses naming it */
  readonly deps: Map<string, AbsResourceInstance[]>;
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
 * time linear in the number of instance objects plus dependency entries;
 * each distinct dependency string is parsed once. Does not modify the
 * snapshot.
 */
export function buildResourceGraph(snapshot: StateSnapshot): ResourceGraph {
  const accs = new Map<string, NodeAcc>();
  const depKeys = new Map<string, string | null>();
  const diagnostics: Diagnostic[] = [];

  const normaliseDependency = (dep: string, holder: string): string | null => {
    const cached = depKeys.get(dep);
    if (cached !== undefined) return cached;
    const parsed = parseConfigResourceDependency(dep);
    let key: string | null = null;
    if (parsed.ok) {
      key = formatAbsResource(parsed.value);
    } else {
      diagnostics.push(
        warning(
          GRAPH_CODES.invalidDependency,
          'Invalid dependency entry',
          `The dependencies of ${holder} contain "${dep}", which is not a resource address; it is left out of the graph. Terraform refuses to read a state with such an entry: remove it from the state file.`,
          holder,
        ),
      );
    }
    depKeys.set(dep, key);
    return key;
  };

  for (const entry of snapshot.resources) {
    const resource: Resource = { mode: entry.mode, type: entry.type, name: entry.name };
    const key = configResourceKey(entry.module, resource);
    let acc = accs.get(key);
    if (acc === undefined) {
      acc = { key, module: entry.module.map((s) => s.name), resource, instances: [], objects: 0, deps: new Map() };
      accs.set(key, acc);
    }
    const seenKeys = new Set<string>();
    for (const obj of entry.instances) {
      acc.objects++;
      const inst: AbsResourceInstance = { module: entry.module, resource, key: obj.key };
      const keyId = obj.key.kind === 'none' ? '' : `${obj.key.kind}:${obj.key.value}`;
      if (!seenKeys.has(keyId)) {
        seenKeys.add(keyId);
        acc.instances.push(inst);
      }
      for (const dep of obj.dependencies) {
        const depKey = normaliseDependency(dep, key);
        if (depKey === null) continue;
        const holders = acc.deps.get(depKey);
        if (holders === undefined) acc.deps.set(depKey, [inst]);
        else if (holders[holders.length - 1] !== inst) holders.push(inst);
      }
    }
  }

  const ordered = [...accs.values()].sort(compareAcc);
  const indexOf = new Map<string, number>();
  ordered.forEach((a, i) => indexOf.set(a.key, i));

  const nodes: GraphNode[] = [];
  const dependencies: number[][] = [];
  const dependents: number[][] = ordered.map(() => []);
  const dangling: DanglingDependency[] = [];

  ordered.forEach((acc, i) => {
    acc.instances.sort(compareAbsResourceInstance);
    const moduleInstances: ModuleInstance[] = [];
    const seenModules = new Set<string>();
    const instances = acc.instances.map((inst) => {
      const m = formatModuleInstance(inst.module);
      if (!seenModules.has(m)) {
        seenModules.add(m);
        moduleInstances.push(inst.module);
      }
      return formatAbsResourceInstance(inst);
    });
    nodes.push({ key: acc.key, module: acc.module, resource: acc.resource, instances, moduleInstances, objects: acc.objects });

    const out: number[] = [];
    for (const [depKey, holders] of acc.deps) {
      const j = indexOf.get(depKey);
      if (j === undefined) {
        const names = [...holders].sort(compareAbsResourceInstance).map(formatAbsResourceInstance);
        dangling.push({ from: acc.key, to: depKey, instances: [...new Set(names)] });
      } else {
        out.push(j);
      }
    }
    out.sort((a, b) => a - b);
    dependencies.push(out);
    for (const j of out) dependents[j]!.push(i);
  });
  dangling.sort((a, b) => (indexOf.get(a.from)! - indexOf.get(b.from)!) || compareUtf8(a.to, b.to));

  return { nodes, indexOf, dependencies, dependents, dangling, diagnostics };
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
