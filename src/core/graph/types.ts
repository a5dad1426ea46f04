/**
 * The resource dependency graph built from a state's `dependencies` lists.
 *
 * Nodes are *configuration resources*: the module path without instance
 * keys plus the resource (`module.net.aws_subnet.a`), because that is what a
 * `dependencies` entry names (terraform-state.md §1.4). Each node keeps the
 * instance detail it stands for: the resource instance addresses and the
 * module instances they live in. Edges point from a resource to what it
 * depends on (its *upstream*); the reverse direction is its *downstream*.
 *
 * Graph values are immutable; nodes are referred to by index into `nodes`
 * and by their `key` (the configuration address string).
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { ModuleInstance, Resource } from '../addr/types.js';

/** One configuration resource present in the state. */
export interface GraphNode {
  /** Configuration address (module names without keys + resource), e.g. `module.net.aws_subnet.a`. Unique. */
  readonly key: string;
  /** Module call names from the root, e.g. `['net']`; empty for the root module. */
  readonly module: readonly string[];
  readonly resource: Resource;
  /** Resource instance addresses in `state list` order (deposed objects share their instance's address). */
  readonly instances: readonly string[];
  /** Distinct module instances the instances live in (the empty path for the root module), in `state list` order. */
  readonly moduleInstances: readonly ModuleInstance[];
  /** Number of instance objects (current and deposed) recorded for this node. */
  readonly objects: number;
}

/** A `dependencies` entry naming a resource absent from the state. */
export interface DanglingDependency {
  /** Key of the node whose instances hold the entry. */
  readonly from: string;
  /** The missing configuration address (normalised: module keys dropped). */
  readonly to: string;
  /** The instances of `from` whose `dependencies` name `to`. */
  readonly instances: readonly string[];
}

/**
 * The dependency graph. Adjacency lists hold node indices, sorted ascending
 * and without duplicates; a node that lists itself has a self-loop.
 */
export interface ResourceGraph {
  /** Nodes in `state list` order of their configuration addresses. */
  readonly nodes: readonly GraphNode[];
  /** Node index by key. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** `dependencies[i]`: the nodes node i depends on (upstream). */
  readonly dependencies: readonly (readonly number[])[];
  /** `dependents[i]`: the nodes that depend on node i (downstream). */
  readonly dependents: readonly (readonly number[])[];
  /** Dependencies on resources absent from the state, sorted by `from` then `to`. */
  readonly dangling: readonly DanglingDependency[];
  /** Problems met while building (e.g. an unparseable `dependencies` entry). */
  readonly diagnostics: readonly Diagnostic[];
}

/** A dependency cycle: members in path order, closed (first == last). */
export interface DependencyCycle {
  /** `[A, B, C, A]`; a self-loop is `[A, A]`. */
  readonly path: readonly string[];
  /** Every member of the strongly connected component, in node order (may exceed the path's members). */
  readonly members: readonly string[];
  /** True for a resource that lists itself. */
  readonly selfLoop: boolean;
}
