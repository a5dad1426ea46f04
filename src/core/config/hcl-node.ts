/**
 * The HCL syntax tree the configuration reader works on.
 *
 * The tree comes from tree-sitter's HCL grammar
 * (`@tree-sitter-grammars/tree-sitter-hcl`, Terraform dialect), loaded as
 * WebAssembly by `session/config-loader.ts` and copied into these plain
 * objects, so the core stays pure and never holds WebAssembly memory. Node
 * types are the grammar's (`block`, `attribute`, `expression`,
 * `variable_expr`, `get_attr`, `index`, `string_lit`, `for_intro`, …);
 * only named nodes are kept, comments are dropped.
 */

/** One named node of the syntax tree. */
export interface HclNode {
  /** Grammar node type; `ERROR` for a span the parser could not read. */
  readonly type: string;
  /** Offsets into the file text in UTF-16 code units, `[start, end)`. */
  readonly start: number;
  readonly end: number;
  /** 1-based line and column of `start`. */
  readonly line: number;
  readonly column: number;
  /** Named children in source order. */
  readonly children: readonly HclNode[];
  /** True for a node the parser inserted to recover from a syntax error (a missing token). */
  readonly missing: boolean;
}

/**
 * Parses one file's text into its root node (`config_file`). Provided by the
 * session (see `createHclParser`); the core only calls it. Must not throw on
 * syntax errors: they show up as `ERROR` or `missing` nodes.
 */
export type HclParse = (text: string) => HclNode;

/** The source text of a node. */
export function nodeText(source: string, node: HclNode): string {
  return source.slice(node.start, node.end);
}

/** The first named child of the given type, or undefined. */
export function childOfType(node: HclNode, type: string): HclNode | undefined {
  for (const c of node.children) if (c.type === type) return c;
  return undefined;
}

/** The first `ERROR` or missing node in the tree (preorder), or undefined when the file parsed cleanly. */
export function firstSyntaxError(root: HclNode): HclNode | undefined {
  const stack: HclNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'ERROR' || n.missing) return n;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return undefined;
}
