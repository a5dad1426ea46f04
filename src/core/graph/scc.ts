/**
 * Tarjan's strongly connected components, iterative (no recursion, so a
 * dependency chain of any length cannot overflow the call stack).
 */

/**
 * The strongly connected components of the directed graph `adjacency`
 * (`adjacency[i]` lists the successors of vertex i; out-of-range indices are
 * a programming error). Every vertex is in exactly one component; each
 * component's vertices are sorted ascending. Components come in Tarjan's
 * order: a component is emitted after every component it can reach (reverse
 * topological order). Linear in vertices plus edges.
 */
export function stronglyConnectedComponents(adjacency: readonly (readonly number[])[]): number[][] {
  const n = adjacency.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const components: number[][] = [];
  // Explicit DFS frames: the vertex and the position in its successor list.
  const frameVertex = new Int32Array(n);
  const frameEdge = new Int32Array(n);
  let counter = 0;

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    frameVertex[0] = root;
    frameEdge[0] = 0;
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;

    while (depth >= 0) {
      const v = frameVertex[depth]!;
      const succ = adjacency[v]!;
      const e = frameEdge[depth]!;
      if (e < succ.length) {
        frameEdge[depth] = e + 1;
        const w = succ[e]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          depth++;
          frameVertex[depth] = w;
          frameEdge[depth] = 0;
        } else if (onStack[w] === 1 && index[w]! < low[v]!) {
          low[v] = index[w]!;
        }
        continue;
      }
      // All successors of v done.
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        component.sort((a, b) => a - b);
        components.push(component);
      }
      depth--;
      if (depth >= 0) {
        const parent = frameVertex[depth]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
    }
  }
  return components;
}
