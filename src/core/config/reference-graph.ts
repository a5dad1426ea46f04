/**
 * The reference graph of a configuration and its cycles: the cycles
 * Terraform reports only when it builds a plan.
 */
import { findCycles } from '../graph/cycles.js';
import type { ConfigReference, ConfigTree, ModuleNode, SourceLocation } from './types.js';

/** One edge of a configuration cycle: `from` refers to `to`, written at `location`. */
export interface ReferenceEdge {
  readonly from: string;
  readonly to: string;
  readonly location: SourceLocation;
  /** True for an edge Terraform adds itself (a module's contents waiting for the module call's `count`/`for_each`/`depends_on`). */
  readonly implicit: boolean;
}

/** A reference cycle: nodes in path order (closed) and the edge that leads from each to the next. */
export interface ConfigCycle {
  /** `[A, B, A]`; a self-reference is `[A, A]`. */
  readonly path: readonly string[];
  /** `edges[i]` leads from `path[i]` to `path[i + 1]`. */
  readonly edges: readonly ReferenceEdge[];
  /** Every node of the strongly connected component, in node order. */
  readonly members: readonly string[];
}

/** The configuration reference graph. Node keys carry the module prefix (`module.net.aws_subnet.a`). */
export interface ReferenceGraph {
  readonly nodes: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** `edges[i]`: outgoing edges of node i, by target index, each with the first reference location seen. */
  readonly edges: readonly ReadonlyMap<number, ReferenceEdge>[];
}

interface Builder {
  nodes: string[];
  indexOf: Map<string, number>;
  edges: Map<number, ReferenceEdge>[];
}

function node(b: Builder, key: string): number {
  let i = b.indexOf.get(key);
  if (i === undefined) {
    i = b.nodes.length;
    b.nodes.push(key);
    b.indexOf.set(key, i);
    b.edges.push(new Map());
  }
  return i;
}

function addEdge(b: Builder, from: string, to: string, location: SourceLocation, implicit: boolean): void {
  const i = node(b, from);
  const j = node(b, to);
  if (!b.edges[i]!.has(j)) b.edges[i]!.set(j, { from, to, location, implicit });
}

/** Maps a reference subject to the node keys it reaches in module `m` (prefix `prefix`); empty when it names nothing declared. */
function resolve(m: ModuleNode, prefix: string, subject: string): string[] {
  const parts = subject.split('.');
  const mod = m.module;
  switch (parts[0]) {
    case 'var':
      return mod.variables.some((v) => v.name === parts[1]) ? [`${prefix}${subject}`] : [];
    case 'local':
      return mod.locals.some((l) => l.name === parts[1]) ? [`${prefix}${subject}`] : [];
    case 'module': {
      const child = m.children.get(parts[1]!);
      if (child === undefined) return [];
      const callKey = `${prefix}module.${parts[1]}`;
      if (child.kind !== 'local') return [callKey];
      const childPrefix = `${callKey}.`;
      const outputs = child.node.module.outputs;
      if (parts.length > 2) return outputs.some((o) => o.name === parts[2]) ? [`${childPrefix}output.${parts[2]}`] : [];
      return outputs.map((o) => `${childPrefix}output.${o.name}`);
    }
    case 'data':
      return mod.resources.some((r) => r.mode === 'data' && r.type === parts[1] && r.name === parts[2]) ? [`${prefix}${subject}`] : [];
    case 'ephemeral':
      return [];
    default:
      return mod.resources.some((r) => r.mode === 'managed' && r.type === parts[0] && r.name === parts[1]) ? [`${prefix}${subject}`] : [];
  }
}

/**
 * Builds the reference graph of the whole configuration tree. Nodes are
 * resources, data sources, locals, variables, outputs (`output.NAME`) and
 * module calls (`module.NAME`, standing for the call's expansion). Edges:
 * each reference that names something declared; each module argument from
 * the child's `var.NAME` to what the argument references; everything inside
 * a local child module to its call node; the call node to what its
 * `count`/`for_each`/`depends_on` reference. A remote or unloaded module is
 * one opaque call node: references to its outputs reach the call node,
 * which has only the meta-argument edges (its internals are unknown, so no
 * cycle is invented through it). Pure.
 */
export function buildReferenceGraph(tree: ConfigTree): ReferenceGraph {
  const b: Builder = { nodes: [], indexOf: new Map(), edges: [] };
  const visit = (m: ModuleNode, prefix: string, parentCall: { key: string; location: SourceLocation } | null): void => {
    const link = (from: string, refs: readonly ConfigReference[]): void => {
      node(b, from);
      if (parentCall !== null) addEdge(b, from, parentCall.key, parentCall.location, true);
      for (const ref of refs) for (const to of resolve(m, prefix, ref.subject)) addEdge(b, from, to, ref.location, false);
    };
    for (const r of m.module.resources) link(`${prefix}${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`, r.references);
    for (const l of m.module.locals) link(`${prefix}local.${l.name}`, l.references);
    for (const v of m.module.variables) link(`${prefix}var.${v.name}`, v.references);
    for (const o of m.module.outputs) link(`${prefix}output.${o.name}`, o.references);
    for (const [name, child] of m.children) {
      const callKey = `${prefix}module.${name}`;
      link(callKey, child.call.metaReferences);
      if (child.kind !== 'local') continue;
      const childPrefix = `${callKey}.`;
      for (const arg of child.call.arguments) {
        if (!child.node.module.variables.some((v) => v.name === arg.name)) continue;
        for (const ref of arg.references) {
          for (const to of resolve(m, prefix, ref.subject)) addEdge(b, `${childPrefix}var.${arg.name}`, to, ref.location, false);
        }
      }
      visit(child.node, childPrefix, { key: callKey, location: child.call.location });
    }
  };
  visit(tree.root, '', null);
  return { nodes: b.nodes, indexOf: b.indexOf, edges: b.edges };
}

/**
 * The reference cycles of a configuration (see `findCycles` for which
 * cycles and in what order), each with the file and line of every
 * reference along its path. Pure.
 */
export function findConfigCycles(tree: ConfigTree): ConfigCycle[] {
  const graph = buildReferenceGraph(tree);
  // Sort nodes by key so results do not depend on declaration order.
  const order = graph.nodes.map((_, i) => i).sort((a, b) => (graph.nodes[a]! < graph.nodes[b]! ? -1 : graph.nodes[a]! > graph.nodes[b]! ? 1 : 0));
  const rank = new Int32Array(order.length);
  order.forEach((i, r) => (rank[i] = r));
  const adjacency = order.map((i) => [...graph.edges[i]!.keys()].map((j) => rank[j]!).sort((x, y) => x - y));
  return findCycles(adjacency).map((c) => {
    const path = c.path.map((r) => graph.nodes[order[r]!]!);
    const edges = c.path.slice(0, -1).map((r, k) => graph.edges[order[r]!]!.get(order[c.path[k + 1]!]!)!);
    return { path, edges, members: c.members.map((r) => graph.nodes[order[r]!]!) };
  });
}
