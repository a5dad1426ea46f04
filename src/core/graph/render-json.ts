/**
 * JSON export of the graph (for `tfstate graph --format json`).
 */
import { formatModuleInstance } from '../addr/index.js';
import { cycleEdges, findDependencyCycles } from './cycles.js';
import { moduleTree, type ModuleTreeEntry } from './module-tree.js';
import type { GraphExportOptions } from './render-dot.js';
import type { DependencyCycle, ResourceGraph } from './types.js';

/** The JSON document's shape (`version` changes only for incompatible changes). */
export interface GraphJson {
  readonly version: 1;
  readonly nodes: readonly {
    readonly address: string;
    readonly module: string;
    readonly mode: string;
    readonly type: string;
    readonly name: string;
    readonly instances: readonly string[];
    readonly module_instances: readonly string[];
  }[];
  /** `from` depends on `to`. */
  readonly edges: readonly { readonly from: string; readonly to: string; readonly cycle: boolean }[];
  readonly dangling: readonly { readonly from: string; readonly to: string; readonly instances: readonly string[] }[];
  readonly cycles: readonly DependencyCycle[];
  readonly modules: ModuleJson;
}

/** A module of the JSON module tree. */
export interface ModuleJson {
  readonly address: string;
  readonly resources: number;
  readonly instances: number;
  readonly module_instances: readonly string[];
  readonly children: readonly ModuleJson[];
}

/**
 * The graph as a plain JSON-ready object: nodes (with their instances),
 * edges (flagged when on a cycle), dangling dependencies, cycles and the
 * module tree. With `include`, only those nodes, the edges between them,
 * their dangling dependencies and the cycles wholly inside the set.
 */
export function graphToJson(graph: ResourceGraph, options: GraphExportOptions = {}): GraphJson {
  const include = options.include;
  const keep = (i: number): boolean => include === undefined || include.has(i);
  const keepKey = (k: string): boolean => keep(graph.indexOf.get(k)!);
  const onCycle = cycleEdges(graph.dependencies);
  const nodes: GraphJson['nodes'][number][] = [];
  const edges: GraphJson['edges'][number][] = [];
  graph.nodes.forEach((n, i) => {
    if (!keep(i)) return;
    nodes.push({
      address: n.key,
      module: n.module.map((m) => `module.${m}`).join('.'),
      mode: n.resource.mode,
      type: n.resource.type,
      name: n.resource.name,
      instances: n.instances,
      module_instances: n.moduleInstances.map(formatModuleInstance),
    });
    for (const j of graph.dependencies[i]!) {
      if (keep(j)) edges.push({ from: n.key, to: graph.nodes[j]!.key, cycle: onCycle.has(`${i}->${j}`) });
    }
  });
  return {
    version: 1,
    nodes,
    edges,
    dangling: graph.dangling.filter((d) => keepKey(d.from)).map((d) => ({ from: d.from, to: d.to, instances: d.instances })),
    cycles: findDependencyCycles(graph).filter((c) => c.members.every(keepKey)),
    modules: moduleJson(moduleTree(graph)),
  };
}

/** `graphToJson` serialised with 2-space indent and a trailing newline. */
export function renderGraphJson(graph: ResourceGraph, options: GraphExportOptions = {}): string {
  return JSON.stringify(graphToJson(graph, options), null, 2) + '\n';
}

function moduleJson(m: ModuleTreeEntry): ModuleJson {
  return {
    address: m.address,
    resources: m.resources,
    instances: m.instances,
    module_instances: m.moduleInstances,
    children: m.children.map(moduleJson),
  };
}
