/**
 * Reading the audit-relevant blocks of one Terraform file, and merging a
 * module's files.
 */
import { readHclStringLiteral } from '../addr/index.js';
import { warning, type Diagnostic } from '../diag/diagnostic.js';
import { childOfType, firstSyntaxError, nodeText, type HclNode, type HclParse } from './hcl-node.js';
import { attributeName, blockType, collectReferences, referencesIn, type ReferenceContext } from './references.js';
import type {
  BlockAddress,
  ConfigModule,
  ConfigReference,
  ConfigResource,
  ConfigSourceFile,
  ImportBlock,
  ModuleArgument,
  ModuleCall,
  MovedBlock,
  NamedValue,
  RemovedBlock,
} from './types.js';

/** Diagnostic codes of the configuration reader. */
export const CONFIG_CODES = {
  syntax: 'config.syntax-error',
  invalidBlock: 'config.invalid-block',
  duplicate: 'config.duplicate',
} as const;

const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'depends_on', 'providers']);

interface Acc {
  resources: ConfigResource[];
  moduleCalls: ModuleCall[];
  moved: MovedBlock[];
  removed: RemovedBlock[];
  imports: ImportBlock[];
  locals: NamedValue[];
  outputs: NamedValue[];
  variables: NamedValue[];
  diagnostics: Diagnostic[];
}

function emptyAcc(): Acc {
  return { resources: [], moduleCalls: [], moved: [], removed: [], imports: [], locals: [], outputs: [], variables: [], diagnostics: [] };
}

/**
 * Reads one file's `resource`, `data`, `module`, `moved`, `removed`,
 * `import`, `locals`, `output` and `variable` blocks. A syntax error gives a
 * `config.syntax-error` warning with its line, and the blocks the parser
 * could still read are kept; a block missing its labels or with an
 * unreadable address gives `config.invalid-block`. Other blocks
 * (`terraform`, `provider`, `check`, …) are ignored. Pure apart from calling
 * `parse`.
 */
export function readConfigFile(file: ConfigSourceFile, parse: HclParse): ConfigModule {
  const acc = emptyAcc();
  const root = parse(file.text);
  const ctx: ReferenceContext = { source: file.text, file: file.path };
  const bad = firstSyntaxError(root);
  if (bad !== undefined) {
    acc.diagnostics.push(
      warning(
        CONFIG_CODES.syntax,
        'Configuration syntax error',
        `${file.path} line ${bad.line} has a syntax error, so the blocks in this file may be read incompletely and orphan results for its module may be wrong. Run "terraform validate" to see the error.`,
      ),
    );
  }
  const body = childOfType(root, 'body');
  for (const block of body?.children ?? []) {
    if (block.type === 'block') readBlock(ctx, block, acc);
  }
  return acc;
}

/**
 * Merges the files of one module (in the given order). A second `resource`,
 * `data` or `module` block with the same address gives `config.duplicate`
 * (Terraform refuses such a configuration); the first one is kept.
 */
export function mergeConfigFiles(files: readonly ConfigModule[]): ConfigModule {
  const acc = emptyAcc();
  const seen = new Map<string, string>();
  const declare = (key: string, where: string): boolean => {
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, where);
      return true;
    }
    acc.diagnostics.push(
      warning(CONFIG_CODES.duplicate, 'Duplicate declaration', `${key} is declared at ${first} and again at ${where}; Terraform refuses this configuration. The first declaration is used.`, key),
    );
    return false;
  };
  for (const f of files) {
    for (const r of f.resources) {
      const key = r.mode === 'data' ? `data.${r.type}.${r.name}` : `${r.type}.${r.name}`;
      if (declare(key, at(r.location))) acc.resources.push(r);
    }
    for (const m of f.moduleCalls) if (declare(`module.${m.name}`, at(m.location))) acc.moduleCalls.push(m);
    acc.moved.push(...f.moved);
    acc.removed.push(...f.removed);
    acc.imports.push(...f.imports);
    acc.locals.push(...f.locals);
    acc.outputs.push(...f.outputs);
    acc.variables.push(...f.variables);
    acc.diagnostics.push(...f.diagnostics);
  }
  return acc;
}

/** `file:line` of a location. */
export function at(location: { file: string; line: number }): string {
  return `${location.file}:${location.line}`;
}

function labels(ctx: ReferenceContext, block: HclNode): string[] {
  const out: string[] = [];
  for (const c of block.children.slice(1)) {
    if (c.type === 'identifier') out.push(nodeText(ctx.source, c));
    else if (c.type === 'string_lit') out.push(stringValue(ctx, c) ?? '');
    else break;
  }
  return out;
}

function attributes(ctx: ReferenceContext, block: HclNode): Map<string, HclNode> {
  const map = new Map<string, HclNode>();
  for (const c of childOfType(block, 'body')?.children ?? []) if (c.type === 'attribute') map.set(attributeName(ctx, c), c);
  return map;
}

function nestedBlocks(ctx: ReferenceContext, block: HclNode, type: string): HclNode[] {
  return (childOfType(block, 'body')?.children ?? []).filter((c) => c.type === 'block' && blockType(ctx, c) === type);
}

/** The expression of an attribute. */
function valueOf(attribute: HclNode | undefined): HclNode | undefined {
  return attribute?.children[1];
}

/** The decoded value of a `string_lit` node, or null when it cannot be decoded. */
function stringValue(ctx: ReferenceContext, lit: HclNode): string | null {
  const r = readHclStringLiteral(ctx.source, lit.start, nodeText(ctx.source, lit));
  return r.ok ? r.literal.value : null;
}

/** The literal value of an expression: a string, number or bool; null for anything computed. */
function literal(ctx: ReferenceContext, expression: HclNode | undefined): string | number | boolean | null {
  const lv = expression?.children.length === 1 ? expression.children[0] : undefined;
  if (lv === undefined || lv.type !== 'literal_value') return null;
  const v = lv.children[0];
  if (v === undefined) return null;
  if (v.type === 'string_lit') return stringValue(ctx, v);
  if (v.type === 'bool_lit') return nodeText(ctx.source, v) === 'true';
  if (v.type === 'numeric_lit') return Number(nodeText(ctx.source, v));
  return null;
}

/** Static address text of a traversal expression (see `BlockAddress`), or null when it is not a traversal. */
function blockAddress(ctx: ReferenceContext, expression: HclNode | undefined): BlockAddress | null {
  const root = expression?.children[0];
  if (expression === undefined || root === undefined || root.type !== 'variable_expr') return null;
  let text = nodeText(ctx.source, root);
  let computedKey = false;
  for (const step of expression.children.slice(1)) {
    if (step.type === 'get_attr') {
      text += nodeText(ctx.source, step).replace(/\s+/g, '');
    } else if (step.type === 'index') {
      const inner = step.children[0];
      const key = inner?.type === 'new_index' ? inner.children[0] : undefined;
      const lit = key === undefined ? null : literal(ctx, key);
      if (typeof lit === 'string' || typeof lit === 'number') text += `[${nodeText(ctx.source, key!).trim()}]`;
      else computedKey = true;
    } else {
      return null;
    }
  }
  return { text, computedKey };
}

function locationOf(ctx: ReferenceContext, node: HclNode) {
  return { file: ctx.file, line: node.line };
}

function invalid(ctx: ReferenceContext, acc: Acc, node: HclNode, what: string): void {
  acc.diagnostics.push(
    warning(CONFIG_CODES.invalidBlock, 'Unreadable configuration block', `${ctx.file} line ${node.line}: ${what}; the block is ignored by the audit.`),
  );
}

function readBlock(ctx: ReferenceContext, block: HclNode, acc: Acc): void {
  const type = blockType(ctx, block);
  const location = locationOf(ctx, block);
  const attrs = (): Map<string, HclNode> => attributes(ctx, block);
  switch (type) {
    case 'resource':
    case 'data': {
      const [rtype, name] = labels(ctx, block);
      if (!rtype || !name) return invalid(ctx, acc, block, `a ${type} block needs a type and a name label`);
      const a = attrs();
      const references: ConfigReference[] = [];
      for (const c of childOfType(block, 'body')?.children ?? []) {
        if (c.type === 'attribute' && attributeName(ctx, c) === 'provider') continue;
        collectReferences(ctx, c, references);
      }
      acc.resources.push({
        mode: type === 'data' ? 'data' : 'managed',
        type: rtype,
        name,
        location,
        count: a.has('count'),
        forEach: a.has('for_each'),
        references,
      });
      return;
    }
    case 'module': {
      const [name] = labels(ctx, block);
      if (!name) return invalid(ctx, acc, block, 'a module block needs a name label');
      const a = attrs();
      const source = literal(ctx, valueOf(a.get('source')));
      const version = literal(ctx, valueOf(a.get('version')));
      const args: ModuleArgument[] = [];
      const meta: ConfigReference[] = [];
      for (const [argName, attr] of a) {
        if (argName === 'providers') continue;
        if (MODULE_META.has(argName)) collectReferences(ctx, attr, meta);
        else args.push({ name: argName, references: referencesIn(ctx, attr) });
      }
      acc.moduleCalls.push({
        name,
        source: typeof source === 'string' ? source : null,
        version: typeof version === 'string' ? version : null,
        location,
        count: a.has('count'),
        forEach: a.has('for_each'),
        arguments: args,
        metaReferences: meta,
      });
      return;
    }
    case 'moved': {
      const a = attrs();
      const from = blockAddress(ctx, valueOf(a.get('from')));
      const to = blockAddress(ctx, valueOf(a.get('to')));
      if (from === null || to === null) return invalid(ctx, acc, block, 'a moved block needs "from" and "to" addresses');
      acc.moved.push({ from, to, location });
      return;
    }
    case 'removed': {
      const from = blockAddress(ctx, valueOf(attrs().get('from')));
      if (from === null) return invalid(ctx, acc, block, 'a removed block needs a "from" address');
      let destroy = true;
      for (const lc of nestedBlocks(ctx, block, 'lifecycle')) {
        const d = literal(ctx, valueOf(attributes(ctx, lc).get('destroy')));
        if (typeof d === 'boolean') destroy = d;
      }
      acc.removed.push({ from, destroy, location });
      return;
    }
    case 'import': {
      const a = attrs();
      const to = blockAddress(ctx, valueOf(a.get('to')));
      if (to === null) return invalid(ctx, acc, block, 'an import block needs a "to" address');
      const id = literal(ctx, valueOf(a.get('id')));
      acc.imports.push({ to, id: typeof id === 'string' ? id : null, forEach: a.has('for_each'), location });
      return;
    }
    case 'locals':
      for (const [name, attr] of attrs()) acc.locals.push({ name, location: locationOf(ctx, attr), references: referencesIn(ctx, attr) });
      return;
    case 'output':
    case 'variable': {
      const [name] = labels(ctx, block);
      if (!name) return invalid(ctx, acc, block, `an ${type} block needs a name label`);
      const value: NamedValue = { name, location, references: referencesIn(ctx, childOfType(block, 'body')) };
      (type === 'output' ? acc.outputs : acc.variables).push(value);
      return;
    }
    default:
      return;
  }
}
