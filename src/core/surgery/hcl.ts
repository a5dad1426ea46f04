/**
 * Configuration equivalents of state edits (`--emit-hcl`): `moved {}`,
 * `removed {}` with `lifecycle { destroy = false }`, `import {}`, and
 * comments where an edit has no block form.
 */
import { hclQuote, formatAbsResource, toConfigModule } from '../addr/index.js';
import type { Target } from '../addr/types.js';
import type { HclBlock } from './plan.js';

/** A `moved {}` block (or a comment for data resources, which moved blocks refuse). */
export function movedBlock(from: string, to: string, isData: boolean): HclBlock {
  if (isData) return { kind: 'comment', text: `# tfstate mv ${from} ${to}: data resources have no moved block form; Terraform re-reads them.\n` };
  return { kind: 'moved', text: `moved {\n  from = ${from}\n  to   = ${to}\n}\n` };
}

/** A `removed {}` block that forgets without destroying, or a comment when there is no block form. */
export function removedBlock(target: Target, typed: string): HclBlock {
  if (target.kind === 'instance') {
    return { kind: 'comment', text: `# tfstate rm ${typed}: removing a single instance has no block form (removed blocks take whole resources or modules); keep using tfstate rm for it.\n` };
  }
  const keyed = (target.kind === 'module' ? target.module : target.addr.module).some((s) => s.key.kind !== 'none');
  if (keyed) {
    return { kind: 'comment', text: `# tfstate rm ${typed}: a removed block cannot name one module instance; keep using tfstate rm for it.\n` };
  }
  if (target.kind === 'resource' && target.addr.resource.mode === 'data') {
    return { kind: 'comment', text: `# tfstate rm ${typed}: data resources have no removed block form.\n` };
  }
  const from = target.kind === 'module' ? target.module.map((s) => `module.${s.name}`).join('.') : formatAbsResource({ module: toConfigModule(target.addr.module), resource: target.addr.resource });
  return { kind: 'removed', text: `removed {\n  from = ${from}\n\n  lifecycle {\n    destroy = false\n  }\n}\n` };
}

/** An `import {}` block. */
export function importBlock(to: string, id: string, provider?: string): HclBlock {
  const p = provider ? `  provider = ${provider}\n` : '';
  return { kind: 'import', text: `import {\n  to = ${to}\n  id = ${hclQuote(id)}\n${p}}\n` };
}

/** A comment for edits without any configuration form. */
export function commentBlock(text: string): HclBlock {
  return { kind: 'comment', text: text.split('\n').map((l) => `# ${l}`).join('\n') + '\n' };
}

/** The text to append to an `--emit-hcl` file: a header naming the edit, then the blocks. */
export function renderHcl(blocks: readonly HclBlock[], header: string): string {
  return `# ${header}\n` + blocks.map((b) => b.text).join('\n');
}
