/**
 * Import candidates: managed resources declared in configuration with no
 * instance in the state, each with a ready `import {}` block.
 */
import type { ModuleInstance } from '../addr/types.js';
import { configResourceKey } from '../graph/build.js';
import { blockTarget } from './block-address.js';
import type { ConfigResource, ConfigTree, ModuleCall, ModuleNode, SourceLocation } from './types.js';

/** A managed resource in configuration with no instance in state. */
export interface ImportCandidate {
  /** Configuration address (`module.net.aws_subnet.this`). */
  readonly address: string;
  readonly location: SourceLocation;
  /** The resource or an enclosing module call sets `count`/`for_each`, so zero instances may be intended. */
  readonly repeated: boolean;
  /** A ready `import {}` block with placeholders for keys and the ID. */
  readonly skeleton: string;
}

/**
 * The managed resources of every module reachable through local sources
 * whose configuration address is not in `inState`, skipping those an
 * `import` or `moved` block names as its target. `repeated` is set when
 * the resource or an enclosing module call uses `count`/`for_each`. In
 * configuration order (a module's resources, then its children's). Pure.
 */
export function importCandidates(tree: ConfigTree, inState: ReadonlySet<string>): ImportCandidate[] {
  const out: ImportCandidate[] = [];
  // Targets of import and moved blocks, as configuration addresses (keys dropped).
  const targeted = new Set<string>();
  const collectTargets = (node: ModuleNode, prefix: ModuleInstance): void => {
    const texts = [...node.module.imports.map((i) => i.to), ...node.module.moved.map((m) => m.to)];
    for (const text of texts) {
      const t = blockTarget(text);
      if (t === null || t.kind === 'module') continue;
      targeted.add(configResourceKey([...prefix, ...t.addr.module], t.addr.resource));
    }
    for (const [name, child] of node.children) if (child.kind === 'local') collectTargets(child.node, [...prefix, { name, key: { kind: 'none' } }]);
  };
  collectTargets(tree.root, []);

  const walk = (node: ModuleNode, calls: readonly ModuleCall[]): void => {
    const module: ModuleInstance = calls.map((c) => ({ name: c.name, key: { kind: 'none' } }));
    for (const r of node.module.resources) {
      if (r.mode !== 'managed') continue;
      const address = configResourceKey(module, r);
      if (inState.has(address) || targeted.has(address)) continue;
      out.push({ address, location: r.location, repeated: r.count || r.forEach || calls.some((c) => c.count || c.forEach), skeleton: skeleton(calls, r) });
    }
    for (const child of node.children.values()) if (child.kind === 'local') walk(child.node, [...calls, child.call]);
  };
  walk(tree.root, []);
  return out;
}

function keyPlaceholder(block: { count: boolean; forEach: boolean }): string {
  return block.count ? '[0]' : block.forEach ? '["KEY"]' : '';
}

/** An `import {}` block for a configuration resource; keys of repeated blocks are placeholders (`[0]`, `["KEY"]`). */
export function skeleton(calls: readonly ModuleCall[], r: ConfigResource): string {
  const to = [...calls.map((c) => `module.${c.name}${keyPlaceholder(c)}`), `${r.type}.${r.name}${keyPlaceholder(r)}`].join('.');
  return `import {\n  to = ${to}\n  id = "ID of the existing ${r.type}"\n}\n`;
}
