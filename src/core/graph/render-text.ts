/**
 * Plain-text rendering of the graph: a focus resource's upstream and
 * downstream trees, or the module tree with counts.
 */
import { findDependencyCycles } from './cycles.js';
import { moduleTree, type ModuleTreeEntry } from './module-tree.js';
import { neighbourhoodTree, type TreeEntry } from './neighbourhood.js';
import type { ResourceGraph } from './types.js';

/** How many instance addresses to list before summarising the rest. */
const MAX_LISTED = 5;

/** Options for `renderGraphText`. */
export interface GraphTextOptions {
  /** Node index to centre on (see `resolveFocus`); omitted: the module tree. */
  readonly focus?: number;
  /** Depth limit for the focus trees (edges); default `Infinity`. */
  readonly depth?: number;
}

/**
 * Renders the graph as text. With `focus`: the resource, its instances,
 * then an indented "Depends on" (upstream) and "Depended on by"
 * (downstream) tree limited to `depth`, marking edges on a cycle
 * `[cycle]`, nodes already shown `(shown above)` and neighbours cut by the
 * depth limit `(+N beyond depth D)`. Without: the module tree with resource
 * and instance counts, then every cycle and dangling dependency. Ends with a
 * newline. Pure.
 */
export function renderGraphText(graph: ResourceGraph, options: GraphTextOptions = {}): string {
  const depth = options.depth ?? Infinity;
  const lines: string[] = [];
  if (options.focus !== undefined) {
    const node = graph.nodes[options.focus]!;
    lines.push(node.key);
    lines.push(`  ${plural(node.instances.length, 'instance')}: ${listed(node.instances)}`);
    for (const [direction, title] of [
      ['upstream', 'Depends on (upstream)'],
      ['downstream', 'Depended on by (downstream)'],
    ] as const) {
      const tree = neighbourhoodTree(graph, options.focus, direction, depth);
      lines.push(`${title}:`);
      if (tree.children.length === 0) lines.push(tree.hidden > 0 ? `  (+${tree.hidden} beyond depth ${depth})` : '  (none)');
      else drawTree(tree.children, '', depth, lines);
    }
    return lines.join('\n') + '\n';
  }

  const root = moduleTree(graph);
  lines.push(`(root module): ${counts(root)}`);
  drawModules(root.children, '', lines);
  const edges = graph.dependencies.reduce((n, d) => n + d.length, 0);
  const cycles = findDependencyCycles(graph);
  lines.push('');
  lines.push(
    `${plural(graph.nodes.length, 'resource')}, ${plural(root.totalInstances, 'instance')}, ${plural(edges, 'dependency', 'dependencies')}, ` +
      `${plural(cycles.length, 'cycle')}, ${plural(graph.dangling.length, 'dangling dependency', 'dangling dependencies')}`,
  );
  if (cycles.length > 0) {
    lines.push('', 'Cycles:');
    for (const c of cycles) lines.push(`  ${c.path.join(' -> ')}${c.selfLoop ? ' (depends on itself)' : ''}`);
  }
  if (graph.dangling.length > 0) {
    lines.push('', 'Dangling dependencies (named but absent from the state):');
    for (const d of graph.dangling) lines.push(`  ${d.from} -> ${d.to}`);
  }
  return lines.join('\n') + '\n';
}

function drawTree(entries: readonly TreeEntry[], indent: string, depth: number, lines: string[]): void {
  // Iterative so long chains do not exhaust the call stack.
  const stack: { entries: readonly TreeEntry[]; at: number; indent: string }[] = [{ entries, at: 0, indent }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.at >= frame.entries.length) {
      stack.pop();
      continue;
    }
    const entry = frame.entries[frame.at++]!;
    const last = frame.at === frame.entries.length;
    const marks: string[] = [];
    if (entry.onCycle) marks.push('[cycle]');
    if (entry.repeated) marks.push('(shown above)');
    if (entry.hidden > 0) marks.push(`(+${entry.hidden} beyond depth ${depth})`);
    lines.push(`${frame.indent}${last ? '└── ' : '├── '}${entry.key}${marks.length > 0 ? ' ' + marks.join(' ') : ''}`);
    if (entry.children.length > 0) stack.push({ entries: entry.children, at: 0, indent: frame.indent + (last ? '    ' : '│   ') });
  }
}

function drawModules(children: readonly ModuleTreeEntry[], indent: string, lines: string[]): void {
  children.forEach((m, i) => {
    const last = i === children.length - 1;
    const keyed = m.moduleInstances.length === 1 && m.moduleInstances[0] === m.address ? '' : `; instances ${listed(m.moduleInstances)}`;
    lines.push(`${indent}${last ? '└── ' : '├── '}module.${m.path[m.path.length - 1]}: ${counts(m)}${keyed}`);
    drawModules(m.children, indent + (last ? '    ' : '│   '), lines);
  });
}

function counts(m: ModuleTreeEntry): string {
  const own = `${plural(m.resources, 'resource')} (${plural(m.instances, 'instance')})`;
  return m.children.length === 0 ? own : `${own}; ${m.totalResources} (${m.totalInstances}) with submodules`;
}

function listed(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ');
  return items.length > MAX_LISTED ? `${shown}, ... and ${items.length - MAX_LISTED} more` : shown;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
