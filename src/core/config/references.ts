/**
 * Finding references in HCL expressions.
 */
import { childOfType, nodeText, type HclNode } from './hcl-node.js';
import type { ConfigReference } from './types.js';

/** Roots that are never references to configuration objects. */
const NOT_REFERENCES: ReadonlySet<string> = new Set(['count', 'each', 'self', 'path', 'terraform']);

/** Context for one file being read. */
export interface ReferenceContext {
  readonly source: string;
  readonly file: string;
}

/**
 * Appends to `out` every reference in `node` and its descendants (see
 * `ConfigReference` for the subjects produced). Names bound by `for`
 * expressions and `dynamic` block iterators are not references inside their
 * scope. Inside a nested `lifecycle` block, `ignore_changes` is skipped (it
 * lists attribute names, not references). Iterative; `node` may be any
 * subtree (an expression, an attribute, a block body).
 */
export function collectReferences(ctx: ReferenceContext, node: HclNode, out: ConfigReference[], bound: ReadonlySet<string> = new Set()): void {
  const stack: { node: HclNode; bound: ReadonlySet<string> }[] = [{ node, bound }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const n = frame.node;
    let scope = frame.bound;
    if (n.type === 'for_expr') {
      scope = withNames(scope, forIntroNames(ctx, n));
    } else if (n.type === 'block') {
      const kind = blockType(ctx, n);
      if (kind === 'dynamic') scope = withNames(scope, [dynamicIterator(ctx, n)]);
      if (kind === 'lifecycle') {
        const body = childOfType(n, 'body');
        for (const c of body?.children ?? []) {
          if (c.type === 'attribute' && attributeName(ctx, c) === 'ignore_changes') continue;
          stack.push({ node: c, bound: scope });
        }
        continue;
      }
    } else if (n.type === 'expression' && n.children[0]?.type === 'variable_expr') {
      const ref = traversalReference(ctx, n, scope);
      if (ref !== null) out.push(ref);
    }
    for (let i = n.children.length - 1; i >= 0; i--) stack.push({ node: n.children[i]!, bound: scope });
  }
}

/** The references of one subtree, as a new array. */
export function referencesIn(ctx: ReferenceContext, node: HclNode | undefined): ConfigReference[] {
  const out: ConfigReference[] = [];
  if (node !== undefined) collectReferences(ctx, node, out);
  return out;
}

/** The block type identifier (`resource`, `dynamic`, …). */
export function blockType(ctx: ReferenceContext, block: HclNode): string {
  const id = block.children[0];
  return id !== undefined && id.type === 'identifier' ? nodeText(ctx.source, id) : '';
}

/** The name of an `attribute` node. */
export function attributeName(ctx: ReferenceContext, attribute: HclNode): string {
  const id = attribute.children[0];
  return id !== undefined && id.type === 'identifier' ? nodeText(ctx.source, id) : '';
}

function withNames(scope: ReadonlySet<string>, names: readonly string[]): ReadonlySet<string> {
  if (names.length === 0) return scope;
  const next = new Set(scope);
  for (const name of names) next.add(name);
  return next;
}

function forIntroNames(ctx: ReferenceContext, forExpr: HclNode): string[] {
  const inner = forExpr.children[0];
  const intro = inner === undefined ? undefined : childOfType(inner, 'for_intro');
  if (intro === undefined) return [];
  return intro.children.filter((c) => c.type === 'identifier').map((c) => nodeText(ctx.source, c));
}

function dynamicIterator(ctx: ReferenceContext, block: HclNode): string {
  const body = childOfType(block, 'body');
  for (const c of body?.children ?? []) {
    if (c.type !== 'attribute' || attributeName(ctx, c) !== 'iterator') continue;
    const expr = c.children[1];
    const v = expr?.children[0];
    if (v !== undefined && v.type === 'variable_expr' && expr!.children.length === 1) return nodeText(ctx.source, v);
  }
  const label = block.children[1];
  if (label === undefined) return '';
  if (label.type === 'identifier') return nodeText(ctx.source, label);
  const lit = childOfType(label, 'template_literal');
  return lit === undefined ? '' : nodeText(ctx.source, lit);
}

/** The attribute names that follow the root of a traversal (through splats). */
/** null stands for an index or splat step. */
function traversalNames(ctx: ReferenceContext, expression: HclNode): (string | null)[] {
  const names: (string | null)[] = [];
  for (let i = 1; i < expression.children.length; i++) {
    const step = expression.children[i]!;
    if (step.type === 'get_attr') {
      const id = step.children[0];
      names.push(id === undefined ? null : nodeText(ctx.source, id));
    } else if (step.type === 'index') {
      names.push(null);
    } else if (step.type === 'splat') {
      names.push(null);
      const kind = step.children[0];
      for (const inner of kind?.children ?? []) {
        if (inner.type === 'get_attr' && inner.children[0] !== undefined) names.push(nodeText(ctx.source, inner.children[0]));
        else names.push(null);
      }
    } else {
      break;
    }
  }
  return names;
}

function traversalReference(ctx: ReferenceContext, expression: HclNode, bound: ReadonlySet<string>): ConfigReference | null {
  const rootNode = expression.children[0]!;
  const root = nodeText(ctx.source, rootNode);
  if (NOT_REFERENCES.has(root) || bound.has(root)) return null;
  const names = traversalNames(ctx, expression);
  const location = { file: ctx.file, line: rootNode.line };
  const first = names[0];
  if (first === undefined || first === null) return null;
  switch (root) {
    case 'var':
    case 'local':
      return { subject: `${root}.${first}`, location };
    case 'module': {
      // module.NAME, then index/splat steps, then the output name.
      let k = 1;
      while (k < names.length && names[k] === null) k++;
      const output = names[k];
      return { subject: output ? `module.${first}.${output}` : `module.${first}`, location };
    }
    case 'data':
    case 'ephemeral': {
      const second = names[1];
      return second ? { subject: `${root}.${first}.${second}`, location } : null;
    }
    default:
      return { subject: `${root}.${first}`, location };
  }
}
