/**
 * Upstream/downstream neighbourhoods of one resource, as trees (for the text
 * renderer and the TUI's graph view) and as node sets (for focused exports).
 */
import { cycleEdges } from './cycles.js';
import type { ResourceGraph } from './types.js';

/** Which way to walk: `upstream` follows dependencies, `downstream` follows dependents. */
export type Direction = 'upstream' | 'downstream';

/** One entry of a neighbourhood tree. */
export interface TreeEntry {
  /** Node index in the graph. */
  readonly index: number;
  /** The node's configuration address. */
  readonly key: string;
  /** The edge leading to this entry lies on a dependency cycle. */
  readonly onCycle: boolean;
  /** The node was already expanded earlier in this tree; its subtree is not repeated here. */
  readonly repeated: boolean;
  /** Direct neighbours left out because the depth limit was reached (0 when none). */
  readonly hidden: number;
  readonly children: readonly TreeEntry[];
}

interface MutableEntry {
  index: number;
  key: string;
  onCycle: boolean;
  repeated: boolean;
  hidden: number;
  children: MutableEntry[];
}

/**
 * The tree of nodes reachable from `focus` in `direction`, depth-first in
 * adjacency order, down to `depth` edges (`Infinity` for no limit; 0 gives
 * the focus alone). A node reached a second time is shown once more as a
 * `repeated` leaf, so the tree stays linear in the graph's size and a cycle
 * ends at the node that closes it (marked `repeated` and `onCycle`).
 * Iterative: any depth is safe. `focus` must be a valid node index.
 */
export function neighbourhoodTree(graph: ResourceGraph, focus: number, direction: Direction, depth: number): TreeEntry {
  const adjacency = direction === 'upstream' ? graph.dependencies : graph.dependents;
  const onCycle = cycleEdges(graph.dependencies);
  const edgeOnCycle = (from: number, to: number): boolean =>
    direction === 'upstream' ? onCycle.has(`${from}->${to}`) : onCycle.has(`${to}->${from}`);

  const root: MutableEntry = { index: focus, key: graph.nodes[focus]!.key, onCycle: false, repeated: false, hidden: 0, children: [] };
  // Level at which each node was expanded, and whether that expansion was cut by the depth limit.
  const expandedAt = new Map<number, { level: number; cut: boolean }>();
  // Preorder walk: entries are popped in display order, so the first occurrence is the expanded one.
  const stack: [MutableEntry, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [entry, level] = stack.pop()!;
    const previous = expandedAt.get(entry.index);
    if (previous !== undefined && !(previous.cut && level < previous.level)) {
      entry.repeated = true;
      continue;
    }
    const next = adjacency[entry.index]!;
    if (level >= depth) {
      entry.hidden = next.length;
      expandedAt.set(entry.index, { level, cut: next.length > 0 });
      continue;
    }
    expandedAt.set(entry.index, { level, cut: false });
    for (const j of next) {
      entry.children.push({ index: j, key: graph.nodes[j]!.key, onCycle: edgeOnCycle(entry.index, j), repeated: false, hidden: 0, children: [] });
    }
    for (let k = entry.children.length - 1; k >= 0; k--) stack.push([entry.children[k]!, level + 1]);
  }
  return root;
}

/**
 * The nodes within `depth` edges of `focus` in either direction (the focus
 * included), for focused DOT/Mermaid/JSON exports. Breadth-first; `depth`
 * may be `Infinity`.
 */
export function neighbourhoodNodes(graph: ResourceGraph, focus: number, depth: number): Set<number> {
  const result = new Set<number>([focus]);
  for (const adjacency of [graph.dependencies, graph.dependents]) {
    const seen = new Set<number>([focus]);
    let frontier = [focus];
    for (let level = 0; level < depth && frontier.length > 0; level++) {
      const next: number[] = [];
      for (const v of frontier) {
        for (const w of adjacency[v]!) {
          if (!seen.has(w)) {
            seen.add(w);
            result.add(w);
            next.push(w);
          }
        }
      }
      frontier = next;
    }
  }
  return result;
}
