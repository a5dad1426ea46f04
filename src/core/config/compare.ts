/**
 * State against configuration: resources Terraform would destroy (in state,
 * no block in configuration), resources it would create (in configuration,
 * absent from state: import candidates), and what `moved`/`removed`/`import`
 * blocks account for.
 */
import { formatAbsResource, formatAbsResourceInstance, formatModuleInstance, keyEquals } from '../addr/index.js';
import type { AbsResourceInstance, InstanceKey, ModuleInstance, Resource, Target } from '../addr/types.js';
import { configResourceKey } from '../graph/build.js';
import type { StateSnapshot } from '../state/types.js';
import { blockTarget } from './block-address.js';
import { importCandidates, type ImportCandidate } from './import-candidates.js';
import type { ConfigResource, ConfigTree, ModuleCall, ModuleNode, SourceLocation } from './types.js';

/** What Terraform will do with a state resource that has no block in configuration. */
export type OrphanDisposition =
  | { readonly kind: 'destroy' }
  | { readonly kind: 'moved'; readonly from: string; readonly to: string; readonly location: SourceLocation }
  | { readonly kind: 'removed'; readonly destroy: boolean; readonly location: SourceLocation };

/** State instances of one resource with no configuration block, sharing one disposition. */
export interface StateOrphan {
  /** The resource address with module keys (`module.old["a"].aws_s3_bucket.logs`). */
  readonly address: string;
  /** The configuration address (module keys dropped), as `removed` and `moved` blocks write it. */
  readonly configAddress: string;
  readonly mode: 'managed' | 'data';
  readonly instances: readonly string[];
  /** Which block is missing: the resource's own, or a module call on its path (`missingModule`). */
  readonly missing: 'resource' | 'module';
  /** The configuration address of the missing module call (`module.old`), when `missing` is `module`. */
  readonly missingModule: string | null;
  readonly disposition: OrphanDisposition;
}

/** An instance whose key does not fit its block's `count`/`for_each` (Terraform would destroy it). */
export interface KeyMismatch {
  /** The instance address, or the module instance address when the mismatch is on a module call. */
  readonly address: string;
  /** What the block sets: `count`, `for_each` or neither. */
  readonly expects: 'count' | 'for_each' | 'none';
  readonly location: SourceLocation;
}

/** A module call whose source the audit did not read. */
export interface UncheckedModule {
  /** Configuration address of the call (`module.vpc`). */
  readonly address: string;
  readonly source: string | null;
  readonly location: SourceLocation;
  /** Why: remote source, missing directory, … */
  readonly reason: string;
  /** State resources (resource entries) under this call, which were not checked. */
  readonly stateResources: number;
}

/** The comparison of one state with one configuration tree. */
export interface StateConfigComparison {
  readonly orphans: readonly StateOrphan[];
  readonly keyMismatches: readonly KeyMismatch[];
  readonly importCandidates: readonly ImportCandidate[];
  readonly unchecked: readonly UncheckedModule[];
}

/** A `moved`/`removed` block parsed once, with the module it is written in. */
interface ScopedBlock {
  readonly from: Target;
  readonly to: Target | null;
  readonly destroy: boolean;
  readonly location: SourceLocation;
  readonly fromText: string;
  readonly toText: string;
}


/** Module steps match when names agree and, where the pattern has a key, keys agree. */
function modulesMatch(pattern: ModuleInstance, steps: ModuleInstance, exactLength: boolean): boolean {
  if (exactLength ? pattern.length !== steps.length : pattern.length > steps.length) return false;
  return pattern.every((p, i) => p.name === steps[i]!.name && (p.key.kind === 'none' || keyEquals(p.key, steps[i]!.key)));
}

function sameResource(a: Resource, b: Resource): boolean {
  return a.mode === b.mode && a.type === b.type && a.name === b.name;
}

/** Does a block's `from` name this instance (module steps relative to the block's module)? */
function fromMatches(from: Target, steps: ModuleInstance, resource: Resource, key: InstanceKey): boolean {
  switch (from.kind) {
    case 'module':
      return modulesMatch(from.module, steps, false);
    case 'resource':
      return modulesMatch(from.addr.module, steps, true) && sameResource(from.addr.resource, resource);
    case 'instance':
      return modulesMatch(from.addr.module, steps, true) && sameResource(from.addr.resource, resource) && keyEquals(from.addr.key, key);
  }
}

function scopedBlocks(node: ModuleNode): ScopedBlock[] {
  const out: ScopedBlock[] = [];
  for (const m of node.module.moved) {
    const from = blockTarget(m.from);
    if (from !== null) out.push({ from, to: blockTarget(m.to), destroy: false, location: m.location, fromText: m.from.text, toText: m.to.text });
  }
  for (const r of node.module.removed) {
    const from = blockTarget(r.from);
    if (from !== null) out.push({ from, to: null, destroy: r.destroy, location: r.location, fromText: r.from.text, toText: '' });
  }
  return out;
}

function expects(block: { count: boolean; forEach: boolean }): 'count' | 'for_each' | 'none' {
  return block.count ? 'count' : block.forEach ? 'for_each' : 'none';
}

/** Would Terraform keep an instance with this key under a block that sets `expected`? (NoKey and [0] move into each other implicitly.) */
function keyFits(key: InstanceKey, expected: 'count' | 'for_each' | 'none'): boolean {
  switch (expected) {
    case 'count':
      return key.kind === 'int' || key.kind === 'none';
    case 'for_each':
      return key.kind === 'string';
    case 'none':
      return key.kind === 'none' || (key.kind === 'int' && key.value === 0);
  }
}

function disposition(blocksByLevel: readonly ScopedBlock[][], module: ModuleInstance, resource: Resource, key: InstanceKey): OrphanDisposition {
  // Blocks in deeper modules are more specific; look there first.
  for (let level = blocksByLevel.length - 1; level >= 0; level--) {
    const rest = module.slice(level);
    for (const b of blocksByLevel[level]!) {
      if (!fromMatches(b.from, rest, resource, key)) continue;
      if (b.to !== null) {
        const scope = module.slice(0, level);
        return { kind: 'moved', from: prefixed(scope, b.fromText), to: prefixed(scope, b.toText), location: b.location };
      }
      return { kind: 'removed', destroy: b.destroy, location: b.location };
    }
  }
  return { kind: 'destroy' };
}

function prefixed(module: ModuleInstance, relative: string): string {
  return module.length === 0 ? relative : `${formatModuleInstance(module)}.${relative}`;
}

/**
 * Compares a state with a configuration tree. For each state resource the
 * module path is followed through the configuration's module calls: a
 * missing call or resource block makes its instances orphans, whose
 * disposition comes from the nearest `moved` or `removed` block naming them
 * (blocks are read relative to the module they are written in, deeper
 * modules first); a call with a remote or unreadable source makes them
 * unchecked. Instances whose key does not fit `count`/`for_each` are key
 * mismatches (no key and `[0]` fit either way, as Terraform moves them
 * implicitly). Managed resources declared in configuration (reachable
 * through local modules) with no instance in state are import candidates,
 * unless an `import` or `moved` block names them as its target. Results are
 * in state order, then configuration order. Pure.
 */
export function compareStateWithConfig(snapshot: StateSnapshot, tree: ConfigTree): StateConfigComparison {
  const orphans = new Map<string, { -readonly [K in keyof StateOrphan]: StateOrphan[K] } & { instances: string[] }>();
  const keyMismatches: KeyMismatch[] = [];
  const unchecked = new Map<string, { call: ModuleCall; reason: string; address: string; count: number }>();
  const inState = new Set<string>();
  const blockCache = new Map<ModuleNode, ScopedBlock[]>();
  const blocksOf = (n: ModuleNode): ScopedBlock[] => {
    let b = blockCache.get(n);
    if (b === undefined) blockCache.set(n, (b = scopedBlocks(n)));
    return b;
  };
  const mismatchSeen = new Set<string>();

  for (const entry of snapshot.resources) {
    const resource: Resource = { mode: entry.mode, type: entry.type, name: entry.name };
    inState.add(configResourceKey(entry.module, resource));
    let node: ModuleNode = tree.root;
    const levels: ScopedBlock[][] = [blocksOf(node)];
    let missingModule: string | null = null;
    let isUnchecked = false;
    for (let i = 0; i < entry.module.length; i++) {
      const step = entry.module[i]!;
      const child = node.children.get(step.name);
      const callAddress = entry.module.slice(0, i + 1).map((s) => `module.${s.name}`).join('.');
      if (child === undefined) {
        missingModule = callAddress;
        break;
      }
      if (child.kind !== 'local') {
        const u = unchecked.get(callAddress);
        if (u === undefined) {
          const reason = child.kind === 'remote' ? 'its source is not a local path' : child.reason;
          unchecked.set(callAddress, { call: child.call, reason, address: callAddress, count: 1 });
        } else {
          u.count++;
        }
        isUnchecked = true;
        break;
      }
      const want = expects(child.call);
      const moduleAddress = formatModuleInstance(entry.module.slice(0, i + 1));
      if (!keyFits(step.key, want) && !mismatchSeen.has(moduleAddress)) {
        mismatchSeen.add(moduleAddress);
        keyMismatches.push({ address: moduleAddress, expects: want, location: child.call.location });
      }
      node = child.node;
      levels.push(blocksOf(node));
    }
    if (isUnchecked) continue;

    const block: ConfigResource | undefined =
      missingModule === null ? node.module.resources.find((r) => sameResource(r, resource)) : undefined;
    if (block !== undefined) {
      const want = expects(block);
      for (const obj of entry.instances) {
        if (obj.deposed !== '' || keyFits(obj.key, want)) continue;
        const address = formatAbsResourceInstance({ module: entry.module, resource, key: obj.key });
        if (!mismatchSeen.has(address)) {
          mismatchSeen.add(address);
          keyMismatches.push({ address, expects: want, location: block.location });
        }
      }
      continue;
    }
    const resourceAddress = formatAbsResource({ module: entry.module, resource });
    const configAddress = configResourceKey(entry.module, resource);
    const seenInstance = new Set<string>();
    for (const obj of entry.instances) {
      const inst: AbsResourceInstance = { module: entry.module, resource, key: obj.key };
      const address = formatAbsResourceInstance(inst);
      if (seenInstance.has(address)) continue;
      seenInstance.add(address);
      const d = disposition(levels, entry.module, resource, obj.key);
      const groupKey = `${resourceAddress}\u0000${JSON.stringify(d)}`;
      let group = orphans.get(groupKey);
      if (group === undefined) {
        group = { address: resourceAddress, configAddress, mode: entry.mode, instances: [], missing: missingModule === null ? 'resource' : 'module', missingModule, disposition: d };
        orphans.set(groupKey, group);
      }
      group.instances.push(address);
    }
    if (entry.instances.length === 0) {
      const d = disposition(levels, entry.module, resource, { kind: 'none' });
      orphans.set(`${resourceAddress}\u0000${JSON.stringify(d)}`, {
        address: resourceAddress,
        configAddress,
        mode: entry.mode,
        instances: [],
        missing: missingModule === null ? 'resource' : 'module',
        missingModule,
        disposition: d,
      });
    }
  }

  return {
    orphans: [...orphans.values()],
    keyMismatches,
    importCandidates: importCandidates(tree, inState),
    unchecked: [...unchecked.values()].map((u) => ({
      address: u.address,
      source: u.call.source,
      location: u.call.location,
      reason: u.reason,
      stateResources: u.count,
    })),
  };
}
