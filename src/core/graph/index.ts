/**
 * The resource dependency graph: built from the state's `dependencies`
 * lists (configuration resources as nodes), Tarjan SCC cycles, dangling
 * dependencies, neighbourhood trees, the module tree, and text, DOT,
 * Mermaid and JSON renderers. Pure.
 */
export * from './types.js';
export { buildResourceGraph, configResourceKey, GRAPH_CODES } from './build.js';
export { stronglyConnectedComponents } from './scc.js';
export { cycleEdges, findCycles, findDependencyCycles, type IndexedCycle } from './cycles.js';
export { neighbourhoodNodes, neighbourhoodTree, type Direction, type TreeEntry } from './neighbourhood.js';
export { moduleHasAny, moduleTree, type ModuleTreeEntry } from './module-tree.js';
export { FOCUS_CODES, resolveFocus } from './focus.js';
export { renderGraphText, type GraphTextOptions } from './render-text.js';
export { CYCLE_COLOUR, dotQuote, renderGraphDot, type GraphExportOptions } from './render-dot.js';
export { mermaidText, renderGraphMermaid } from './render-mermaid.js';
export { graphToJson, renderGraphJson, type GraphJson, type ModuleJson } from './render-json.js';
