/**
 * The graph view's lines: the focused resource's upstream and downstream
 * neighbourhood as ASCII trees (edges on a dependency cycle toned `cycle`
 * and marked), or the module overview with counts and every cycle.
 */
import { findDependencyCycles, moduleTree, neighbourhoodTree, type ModuleTreeEntry, type TreeEntry } from '../../core/graph/index.js';
import { line, type Line } from './lines.js';
import { graphOf, type StateIndex } from './state-index.js';

/** The smallest depth the view allows (`-`). */
export const MIN_GRAPH_DEPTH = 1;
/** The largest depth the view allows (`+`). */
export const MAX_GRAPH_DEPTH = 12;

/**
 * Lines for the neighbourhood of `focus` (a configuration resource key)
 * within `depth` edges each way. Each resource line links to its key so
 * enter can re-focus on it.
 */
export function graphLines(index: StateIndex, focus: string, depth: number): Line[] {
  const graph = graphOf(index.snapshot);
  const at = graph.indexOf.get(focus);
  if (at === undefined) return [line(`${focus} is not in the state's dependency graph.`, 'warn')];
  const node = graph.nodes[at];
  const out: Line[] = [line(`${node.key}  (${node.instances.length} instance${node.instances.length === 1 ? '' : 's'})`, 'title', node.key)];
  for (const [direction, title] of [
    ['upstream', 'Depends on (upstream)'],
    ['downstream', 'Depended on by (downstream)'],
  ] as const) {
    const tree = neighbourhoodTree(graph, at, direction, depth);
    out.push(line(`${title}:`, 'heading'));
    if (tree.children.length === 0) out.push(line(tree.hidden > 0 ? `  (+${tree.hidden} beyond depth ${depth})` : '  (none)', 'dim'));
    else drawTree(tree.children, '  ', depth, out);
  }
  const cycles = findDependencyCycles(graph).filter((c) => c.members.includes(focus));
  if (cycles.length > 0) {
    out.push(line(''));
    out.push(line(`On ${cycles.length} dependency cycle${cycles.length === 1 ? '' : 's'}:`, 'cycle'));
    for (const c of cycles) out.push(line(`  ${c.path.join(' → ')}`, 'cycle'));
  }
  return out;
}

function drawTree(entries: readonly TreeEntry[], indent: string, depth: number, out: Line[]): void {
  const stack: { entries: readonly TreeEntry[]; at: number; indent: string }[] = [{ entries, at: 0, indent }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.at >= frame.entries.length) {
      stack.pop();
      continue;
    }
    const entry = frame.entries[frame.at++];
    const last = frame.at === frame.entries.length;
    const marks: string[] = [];
    if (entry.onCycle) marks.push('[cycle]');
    if (entry.repeated) marks.push('(shown above)');
    if (entry.hidden > 0) marks.push(`(+${entry.hidden} beyond depth ${depth})`);
    out.push(line(`${frame.indent}${last ? '└── ' : '├── '}${entry.key}${marks.length > 0 ? ' ' + marks.join(' ') : ''}`, entry.onCycle ? 'cycle' : 'plain', entry.key));
    if (entry.children.length > 0) stack.push({ entries: entry.children, at: 0, indent: frame.indent + (last ? '    ' : '│   ') });
  }
}

/** Lines for the module overview: the module tree with resource/instance counts, then every cycle and dangling dependency. */
export function moduleOverviewLines(index: StateIndex): Line[] {
  const graph = graphOf(index.snapshot);
  const root = moduleTree(graph);
  const out: Line[] = [line(`Modules: ${root.totalResources} resources, ${root.totalInstances} instances`, 'title')];
  out.push(line(`(root module)  ${counts(root)}`));
  drawModules(root.children, '', out);
  const cycles = findDependencyCycles(graph);
  out.push(line(''));
  out.push(line(`Dependency cycles (${cycles.length})`, cycles.length > 0 ? 'cycle' : 'heading'));
  if (cycles.length === 0) out.push(line('  (none)', 'dim'));
  for (const c of cycles) out.push(line(`  ${c.path.join(' → ')}${c.selfLoop ? ' (depends on itself)' : ''}`, 'cycle', c.path[0]));
  if (graph.dangling.length > 0) {
    out.push(line(''));
    out.push(line(`Dangling dependencies (${graph.dangling.length})`, 'warn'));
    for (const d of graph.dangling) out.push(line(`  ${d.from} → ${d.to}`, 'warn', d.from));
  }
  return out;
}

function drawModules(children: readonly ModuleTreeEntry[], indent: string, out: Line[]): void {
  children.forEach((m, i) => {
    const last = i === children.length - 1;
    out.push(line(`${indent}${last ? '└── ' : '├── '}module.${m.path[m.path.length - 1]}  ${counts(m)}`));
    drawModules(m.children, indent + (last ? '    ' : '│   '), out);
  });
}

function counts(m: ModuleTreeEntry): string {
  const own = `${m.resources} resource${m.resources === 1 ? '' : 's'}, ${m.instances} instance${m.instances === 1 ? '' : 's'}`;
  return m.children.length === 0 ? own : `${own} (${m.totalResources}/${m.totalInstances} with submodules)`;
}
