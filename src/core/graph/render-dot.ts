/**
 * Graphviz DOT export: modules as clusters, cycle edges highlighted,
 * dangling dependencies as dashed edges to dashed "missing" nodes.
 */
import { cycleEdges } from './cycles.js';
import { moduleHasAny, moduleTree, type ModuleTreeEntry } from './module-tree.js';
import type { ResourceGraph } from './types.js';

/** Options shared by the DOT and Mermaid exports. */
export interface GraphExportOptions {
  /** Only these node indices (e.g. `neighbourhoodNodes`); default all. */
  readonly include?: ReadonlySet<number>;
  /** Node index drawn emphasised (the focus). */
  readonly focus?: number;
}

/** Colour of edges on a dependency cycle. */
export const CYCLE_COLOUR = '#d62728';

/** Quotes a DOT identifier (double-quoted string; `"` and `\` escaped, newlines as `\n`). */
export function dotQuote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/**
 * Renders the graph in DOT. Nodes are named by their configuration address
 * and labelled with the resource part and instance count; each module is a
 * `cluster_` subgraph nested like the module tree. Edges run from a
 * resource to what it depends on; edges on a cycle are drawn red and bold.
 * Dangling dependencies point to dashed grey nodes labelled "(not in
 * state)". With `include`, nodes outside the set and their edges are left
 * out. Output is deterministic and ends with a newline. Pure.
 */
export function renderGraphDot(graph: ResourceGraph, options: GraphExportOptions = {}): string {
  const include = options.include;
  const keep = (i: number): boolean => include === undefined || include.has(i);
  const out: string[] = [];
  out.push('digraph "tfstate" {');
  out.push('  rankdir="LR";');
  out.push('  node [shape="box", style="rounded", fontname="Helvetica", fontsize="11"];');
  out.push('  edge [color="#555555"];');

  const emitModule = (m: ModuleTreeEntry, indent: string): void => {
    const nodes = m.nodes.filter(keep);
    const children = m.children.filter((c) => moduleHasAny(c, keep));
    for (const i of nodes) {
      const node = graph.nodes[i]!;
      const local = localLabel(node.resource.mode, node.resource.type, node.resource.name);
      const count = node.instances.length === 1 ? '' : `\\n${node.instances.length} instances`;
      const attrs = [`label="${escapeLabel(local)}${count}"`];
      if (options.focus === i) attrs.push('penwidth="2"', 'style="rounded,filled"', 'fillcolor="#fff3c4"');
      if (node.resource.mode === 'data') attrs.push('shape="note"');
      out.push(`${indent}${dotQuote(node.key)} [${attrs.join(', ')}];`);
    }
    for (const c of children) {
      out.push(`${indent}subgraph ${dotQuote(`cluster_${c.address}`)} {`);
      out.push(`${indent}  label=${dotQuote(c.address)};`);
      out.push(`${indent}  style="dashed";`);
      out.push(`${indent}  color="#888888";`);
      emitModule(c, indent + '  ');
      out.push(`${indent}}`);
    }
  };
  emitModule(moduleTree(graph), '  ');

  const onCycle = cycleEdges(graph.dependencies);
  graph.dependencies.forEach((deps, i) => {
    if (!keep(i)) return;
    for (const j of deps) {
      if (!keep(j)) continue;
      const attrs = onCycle.has(`${i}->${j}`) ? ` [color="${CYCLE_COLOUR}", penwidth="2"]` : '';
      out.push(`  ${dotQuote(graph.nodes[i]!.key)} -> ${dotQuote(graph.nodes[j]!.key)}${attrs};`);
    }
  });
  const missing = new Set<string>();
  for (const d of graph.dangling) {
    if (!keep(graph.indexOf.get(d.from)!)) continue;
    if (!missing.has(d.to)) {
      missing.add(d.to);
      out.push(`  ${dotQuote(d.to)} [label="${escapeLabel(d.to)}\\n(not in state)", style="dashed", color="#999999", fontcolor="#999999"];`);
    }
    out.push(`  ${dotQuote(d.from)} -> ${dotQuote(d.to)} [style="dashed", color="#999999"];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

/** The resource part of an address: `type.name` or `data.type.name`. */
export function localLabel(mode: string, type: string, name: string): string {
  return mode === 'managed' ? `${type}.${name}` : `${mode}.${type}.${name}`;
}

function escapeLabel(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

