/**
 * The module tree of a resource graph, with resource and instance counts.
 */
import { compareModuleInstance, formatModuleInstance } from '../addr/index.js';
import type { ModuleInstance } from '../addr/types.js';
import type { ResourceGraph } from './types.js';

/** One module (configuration path, keys dropped) of the tree. */
export interface ModuleTreeEntry {
  /** Module call names from the root; empty for the root module. */
  readonly path: readonly string[];
  /** `module.a.module.b`, or `''` for the root module. */
  readonly address: string;
  /** Resources (graph nodes) directly in this module. */
  readonly resources: number;
  /** Resource instances directly in this module. */
  readonly instances: number;
  /** Resources in this module and all descendants. */
  readonly totalResources: number;
  /** Resource instances in this module and all descendants. */
  readonly totalInstances: number;
  /** The module's instances seen in the state (`module.a["x"]`), in `state list` order; `['']` for the root. */
  readonly moduleInstances: readonly string[];
  /** Node indices of the resources directly in this module, in node order. */
  readonly nodes: readonly number[];
  /** Child modules sorted by name. */
  readonly children: readonly ModuleTreeEntry[];
}

interface Acc {
  path: string[];
  resources: number;
  instances: number;
  moduleInstances: Map<string, ModuleInstance>;
  nodes: number[];
  children: Map<string, Acc>;
}

/**
 * Groups the graph's nodes by module path. Every module that has resources,
 * or a descendant that has, appears; the root is always present (possibly
 * empty). Module instances of an intermediate module are derived from its
 * descendants' instances. Pure; linear in nodes plus instances.
 */
export function moduleTree(graph: ResourceGraph): ModuleTreeEntry {
  const root: Acc = { path: [], resources: 0, instances: 0, moduleInstances: new Map([['', []]]), nodes: [], children: new Map() };
  graph.nodes.forEach((node, i) => {
    let acc = root;
    for (let depth = 0; depth < node.module.length; depth++) {
      const name = node.module[depth]!;
      let child = acc.children.get(name);
      if (child === undefined) {
        child = { path: node.module.slice(0, depth + 1), resources: 0, instances: 0, moduleInstances: new Map(), nodes: [], children: new Map() };
        acc.children.set(name, child);
      }
      acc = child;
      for (const mi of node.moduleInstances) {
        const p = prefix(mi, depth + 1);
        acc.moduleInstances.set(formatModuleInstance(p), p);
      }
    }
    acc.resources++;
    acc.instances += node.instances.length;
    acc.nodes.push(i);
  });
  return freeze(root);
}

function prefix(module: ModuleInstance, length: number): ModuleInstance {
  return module.length === length ? module : module.slice(0, length);
}

function freeze(acc: Acc): ModuleTreeEntry {
  const children = [...acc.children.keys()].sort().map((name) => freeze(acc.children.get(name)!));
  return {
    path: acc.path,
    address: acc.path.map((n) => `module.${n}`).join('.'),
    resources: acc.resources,
    instances: acc.instances,
    totalResources: acc.resources + children.reduce((n, c) => n + c.totalResources, 0),
    totalInstances: acc.instances + children.reduce((n, c) => n + c.totalInstances, 0),
    moduleInstances: [...acc.moduleInstances.values()].sort(compareModuleInstance).map(formatModuleInstance),
    nodes: acc.nodes,
    children,
  };
}

/** True when `m` or a descendant holds a node for which `keep` is true. */
export function moduleHasAny(m: ModuleTreeEntry, keep: (index: number) => boolean): boolean {
  return m.nodes.some(keep) || m.children.some((c) => moduleHasAny(c, keep));
}
