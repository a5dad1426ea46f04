/**
 * Loading Terraform configuration from disk for the audit: the HCL parser
 * (tree-sitter's HCL grammar, Terraform dialect, as WebAssembly shipped in
 * `@tree-sitter-grammars/tree-sitter-hcl`) and the directory reader handed
 * to the pure `loadConfigTree`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { loadConfigTree } from '../core/config/tree.js';
import type { HclNode, HclParse } from '../core/config/hcl-node.js';
import type { ConfigSourceFile, ConfigTree } from '../core/config/types.js';
import { error, fail, ok, warning, type Diagnostic, type Result } from '../core/diag/diagnostic.js';

/** Diagnostic codes of the loader. */
export const CONFIG_LOADER_CODES = {
  notFound: 'config.dir-not-found',
  jsonSkipped: 'config.json-not-read',
  unreadable: 'config.unreadable-file',
} as const;

let parserPromise: Promise<HclParse> | undefined;

/**
 * Creates the HCL parser (once per process; later calls share it). Loads
 * the tree-sitter runtime and the Terraform grammar from the installed
 * packages; nothing is fetched. The returned function parses a file's text
 * into plain `HclNode`s and frees the WebAssembly tree before returning.
 */
export function createHclParser(): Promise<HclParse> {
  parserPromise ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const wasm = readFileSync(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'));
    const language = await Language.load(wasm);
    const parser = new Parser();
    parser.setLanguage(language);
    return (text: string): HclNode => {
      const tree = parser.parse(text);
      if (tree === null) throw new Error('tree-sitter returned no tree');
      try {
        return toPlainTree(tree, text);
      } finally {
        tree.delete();
      }
    };
  })();
  return parserPromise;
}

/** Copies a tree-sitter tree into plain nodes (named nodes and missing tokens; comments dropped). Iterative. */
function toPlainTree(tree: Tree, text: string): HclNode {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const make = (type: string, start: number, end: number, row: number, missing: boolean): HclNode & { children: HclNode[] } => ({
    type,
    start,
    end,
    line: row + 1,
    column: start - (lineStarts[row] ?? 0) + 1,
    children: [],
    missing,
  });
  const cursor = tree.walk();
  try {
    const root = make(cursor.nodeType, cursor.startIndex, cursor.endIndex, cursor.startPosition.row, cursor.nodeIsMissing);
    // parents[d - 1] is the nearest kept ancestor of the node at cursor depth d.
    const parents: (HclNode & { children: HclNode[] })[] = [root];
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const keep = (cursor.nodeIsNamed && cursor.nodeType !== 'comment') || cursor.nodeIsMissing;
      const parent = parents[parents.length - 1]!;
      let node = parent;
      if (keep) {
        node = make(cursor.nodeIsNamed ? cursor.nodeType : 'MISSING', cursor.startIndex, cursor.endIndex, cursor.startPosition.row, cursor.nodeIsMissing);
        parent.children.push(node);
      }
      if (cursor.gotoFirstChild()) {
        parents.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (parents.length === 1) return root;
        cursor.gotoParent();
        parents.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Lists a module directory's `.tf` files (not override files), noting `.tf.json` files it cannot read. */
function moduleDirReader(rootDir: string, notes: Diagnostic[]) {
  return (dir: string): ConfigSourceFile[] | null => {
    const abs = join(rootDir, dir);
    let names: string[];
    try {
      if (!statSync(abs).isDirectory()) return null;
      names = readdirSync(abs).sort();
    } catch {
      return null;
    }
    const files: ConfigSourceFile[] = [];
    for (const name of names) {
      const rel = dir === '.' ? name : `${dir}/${name}`;
      if (name.endsWith('.tf.json')) {
        notes.push(
          warning(
            CONFIG_LOADER_CODES.jsonSkipped,
            'JSON configuration not read',
            `${rel} uses Terraform's JSON syntax, which the audit does not read; blocks declared there count as missing.`,
          ),
        );
        continue;
      }
      if (!name.endsWith('.tf') || name === 'override.tf' || name.endsWith('_override.tf')) continue;
      try {
        files.push({ path: rel, text: readFileSync(join(abs, name), 'utf8') });
      } catch (e) {
        notes.push(warning(CONFIG_LOADER_CODES.unreadable, 'Configuration file not readable', `${rel} could not be read (${(e as Error).message}); it is left out.`));
      }
    }
    return files;
  };
}

/**
 * Loads the Terraform configuration in `dir` for the audit: every `.tf`
 * file of the root module and of each module reached through a local
 * `source`, parsed and reduced to the blocks the audit needs. Override
 * files are skipped (they only change existing blocks); `.tf.json` files
 * are skipped with a `config.json-not-read` warning. Remote module sources
 * are not followed. Fails with `config.dir-not-found` when `dir` is not a
 * directory, an empty path included (which would otherwise name the working
 * directory). File paths in the result are relative to `dir`.
 */
export async function loadConfiguration(dir: string): Promise<Result<ConfigTree>> {
  const parse = await createHclParser();
  const notes: Diagnostic[] = [];
  const tree = dir === '' ? null : loadConfigTree(moduleDirReader(dir, notes), parse);
  if (tree === null) {
    return fail(
      error(
        CONFIG_LOADER_CODES.notFound,
        'Configuration directory not found',
        `${dir === '' ? 'An empty path' : dir} is not a directory. Give --config-dir the directory holding the root module's .tf files.`,
      ),
    );
  }
  return ok({ root: tree.root, diagnostics: [...tree.diagnostics, ...notes] });
}
