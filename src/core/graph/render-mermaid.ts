/**
 * Mermaid flowchart export: modules as subgraphs, cycle edges highlighted.
 */
import { cycleEdges } from './cycles.js';
import { moduleHasAny, moduleTree, type ModuleTreeEntry } from './module-tree.js';
import { CYCLE_COLOUR, localLabel, type GraphExportOptions } from './render-dot.js';
import type { ResourceGraph } from './types.js';

/** Escapes text for a double-quoted Mermaid label. */
export function mermaidText(s: string): string {
  return s.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/**
 * Renders the graph as a Mermaid `flowchart LR`. Node ids are `n<index>`
 * (stable for a given state) with the resource part and instance count as
 * label; modules are nested `subgraph`s titled with their address. Edges
 * run from a resource to what it depends on; edges on a cycle are styled
 * red and bold with `linkStyle`. Dangling dependencies are dotted edges to
 * `missing`-class nodes `x<k>`. `include` and `focus` as for DOT. Ends with
 * a newline. Pure.
 */
export function renderGraphMermaid(graph: ResourceGraph, options: GraphExportOptions = {}): string {
  const include = options.include;
  const keep = (i: number): boolean => include === undefined || include.has(i);
  const out: string[] = ['flowchart LR'];
  let subgraphs = 0;

  const emitModule = (m: ModuleTreeEntry, indent: string): void => {
    for (const i of m.nodes) {
      if (!keep(i)) continue;
      const node = graph.nodes[i]!;
      const local = localLabel(node.resource.mode, node.resource.type, node.resource.name);
      const count = node.instances.length === 1 ? '' : `<br/>${node.instances.length} instances`;
      out.push(`${indent}n${i}["${mermaidText(local)}${count}"]`);
    }
    for (const c of m.children) {
      if (!moduleHasAny(c, keep)) continue;
      out.push(`${indent}subgraph m${subgraphs++}["${mermaidText(c.address)}"]`);
      emitModule(c, indent + '  ');
      out.push(`${indent}end`);
    }
  };
  emitModule(moduleTree(graph), '  ');

  const onCycle = cycleEdges(graph.dependencies);
  const highlighted: number[] = [];
  let link = 0;
  graph.dependencies.forEach((deps, i) => {
    if (!keep(i)) return;
    for (const j of deps) {
      if (!keep(j)) continue;
      if (onCycle.has(`${i}->${j}`)) highlighted.push(link);
      out.push(`  n${i} --> n${j}`);
      link++;
    }
  });
  const missing = new Map<string, number>();
  for (const d of graph.dangling) {
    const from = graph.indexOf.get(d.from)!;
    if (!keep(from)) continue;
    let k = missing.get(d.to);
    if (k === undefined) {
      k = missing.size;
      missing.set(d.to, k);
      out.push(`  x${k}["${mermaidText(d.to)}<br/>(not in state)"]:::missing`);
    }
    out.push(`  n${from} -.-> x${k}`);
    link++;
  }
  if (highlighted.length > 0) out.push(`  linkStyle ${highlighted.join(',')} stroke:${CYCLE_COLOUR},stroke-width:2px`);
  if (missing.size > 0) out.push('  classDef missing stroke-dasharray:5 5,color:#999999');
  if (options.focus !== undefined && keep(options.focus)) {
    out.push('  classDef focus fill:#fff3c4,stroke-width:2px');
    out.push(`  class n${options.focus} focus`);
  }
  return out.join('\n') + '\n';
}

