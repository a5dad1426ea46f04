/**
 * Cycle reporting on top of strongly connected components.
 */
import { stronglyConnectedComponents } from './scc.js';
import type { DependencyCycle, ResourceGraph } from './types.js';

/** A cycle over vertex indices (see `DependencyCycle`). */
export interface IndexedCycle {
  /** Closed path `[a, b, c, a]`, starting at the component's lowest vertex. */
  readonly path: readonly number[];
  /** All vertices of the component, ascending. */
  readonly members: readonly number[];
  readonly selfLoop: boolean;
}

/** Edge expansions the search for a long cycle may spend per component. */
const SEARCH_BUDGET = 20_000;

/**
 * Finds the cycles of a directed graph: one per strongly connected component
 * with more than one vertex, plus one per self-loop (a vertex listing
 * itself; reported separately even when the vertex is also in a larger
 * component). Each cycle's path starts at the component's lowest vertex and
 * follows edges back to it; it visits every member when such a simple cycle
 * is found within a bounded search, otherwise the longest one found (always
 * at least the shortest cycle through the start). Results are sorted by
 * first vertex, a self-loop after the component cycle of the same vertex.
 * Deterministic for a given adjacency (successor order matters).
 */
export function findCycles(adjacency: readonly (readonly number[])[]): IndexedCycle[] {
  const cycles: IndexedCycle[] = [];
  const inComponent = new Uint8Array(adjacency.length);
  for (const component of stronglyConnectedComponents(adjacency)) {
    if (component.length > 1) {
      for (const v of component) inComponent[v] = 1;
      cycles.push({ path: cyclePath(adjacency, component, inComponent), members: component, selfLoop: false });
      for (const v of component) inComponent[v] = 0;
    }
  }
  adjacency.forEach((succ, v) => {
    if (succ.includes(v)) cycles.push({ path: [v, v], members: [v], selfLoop: true });
  });
  cycles.sort((a, b) => a.path[0]! - b.path[0]! || Number(a.selfLoop) - Number(b.selfLoop));
  return cycles;
}

function cyclePath(adjacency: readonly (readonly number[])[], component: readonly number[], inComponent: Uint8Array): number[] {
  const start = component[0]!;
  let best = shortestCycle(adjacency, start, inComponent);
  if (best.length - 1 === component.length) return best;

  // Bounded depth-first search for a longer simple cycle through `start`.
  const path = [start];
  const edgePos = [0];
  const onPath = new Set<number>([start]);
  let budget = SEARCH_BUDGET;
  while (path.length > 0 && budget > 0) {
    const v = path[path.length - 1]!;
    const succ = adjacency[v]!;
    const e = edgePos[edgePos.length - 1]!;
    if (e >= succ.length) {
      path.pop();
      edgePos.pop();
      onPath.delete(v);
      continue;
    }
    edgePos[edgePos.length - 1] = e + 1;
    budget--;
    const w = succ[e]!;
    if (w === start && path.length > best.length - 1 && path.length > 1) {
      best = [...path, start];
      if (path.length === component.length) break;
    } else if (w !== v && inComponent[w] === 1 && !onPath.has(w)) {
      path.push(w);
      edgePos.push(0);
      onPath.add(w);
    }
  }
  return best;
}

/** Breadth-first: the shortest closed path start -> ... -> start inside the component (ignoring self-loops). */
function shortestCycle(adjacency: readonly (readonly number[])[], start: number, inComponent: Uint8Array): number[] {
  const parent = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (const w of adjacency[v]!) {
      if (w === v || inComponent[w] !== 1) continue;
      if (w === start) {
        const path = [start];
        for (let x = v; x !== start; x = parent.get(x)!) path.push(x);
        path.push(start);
        // `path` is start, v, ..., first step, start reversed: rebuild forwards.
        const inner = path.slice(1, -1).reverse();
        return [start, ...inner, start];
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  // Unreachable for a strongly connected component of two or more vertices.
  return [start, start];
}

/**
 * The dependency cycles of a resource graph with node keys (see
 * `findCycles` for order and path rules).
 */
export function findDependencyCycles(graph: ResourceGraph): DependencyCycle[] {
  return findCycles(graph.dependencies).map((c) => ({
    path: c.path.map((i) => graph.nodes[i]!.key),
    members: c.members.map((i) => graph.nodes[i]!.key),
    selfLoop: c.selfLoop,
  }));
}

/**
 * The set of edges `from->to` (node indices) that lie on a cycle: both ends
 * in the same strongly connected component of two or more nodes, or a
 * self-loop. Used by renderers to highlight cycle edges.
 */
export function cycleEdges(adjacency: readonly (readonly number[])[]): Set<string> {
  const component = new Int32Array(adjacency.length).fill(-1);
  stronglyConnectedComponents(adjacency).forEach((c, id) => {
    if (c.length > 1) for (const v of c) component[v] = id;
  });
  const edges = new Set<string>();
  adjacency.forEach((succ, v) => {
    for (const w of succ) if (w === v || (component[v] !== -1 && component[v] === component[w])) edges.add(`${v}->${w}`);
  });
  return edges;
}
