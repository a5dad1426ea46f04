/**
 * SVG rendering of the dependency graph, in-process: Graphviz compiled to
 * WebAssembly (`@hpcc-js/wasm-graphviz`, the wasm embedded in the package,
 * so nothing is downloaded). Kept out of `core` because it loads
 * WebAssembly; the DOT text comes from the pure `renderGraphDot`.
 */
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { renderGraphDot, type GraphExportOptions } from '../core/graph/render-dot.js';
import type { ResourceGraph } from '../core/graph/types.js';

let graphviz: Promise<Graphviz> | undefined;

/**
 * Lays out DOT text with Graphviz's `dot` engine and returns the SVG
 * document. The engine is loaded once per process (first call about
 * 0.1-0.2 s). Throws when Graphviz rejects the input, which for DOT made by
 * `renderGraphDot` is a bug.
 */
export async function dotToSvg(dot: string): Promise<string> {
  graphviz ??= Graphviz.load();
  return (await graphviz).dot(dot, 'svg');
}

/** `renderGraphDot` laid out as SVG (same options: `include`, `focus`). */
export async function renderGraphSvg(graph: ResourceGraph, options: GraphExportOptions = {}): Promise<string> {
  return dotToSvg(renderGraphDot(graph, options));
}
