/**
 * Fuzzed Terraform configuration directories for `audit --config-dir`: the
 * fixture trees under `fixtures/config` with each `.tf` file kept, damaged
 * byte by byte (truncation, bit flips, invalid UTF-8, `[[…]]` nesting),
 * damaged with HCL of its own (deep nesting of every bracket, blocks and
 * interpolations, unterminated strings, heredocs and comments, module
 * calls that loop, climb out or name files), or replaced by binary or
 * nothing; plus hostile extras: a `.tf` directory, JSON and override
 * files, and long chains and fans of local modules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { applyByteMutations, byteMutation, type ByteMutation } from './mutate.js';
import { FIXTURES } from './state-fixtures.js';

/** A directory's files: path relative to the configuration root -> bytes. */
export type ConfigFiles = Readonly<Record<string, Uint8Array>>;

function treeOf(dir: string): Array<[string, Uint8Array]> {
  const root = join(FIXTURES, dir);
  const walk = (d: string): Array<[string, Uint8Array]> =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.tf') ? [[relative(root, join(d, e.name)), readFileSync(join(d, e.name))] as [string, Uint8Array]] : []));
  return walk(root).sort(([a], [b]) => a.localeCompare(b));
}

/** The seed trees: orphans (local, nested and remote modules, moved/removed/import blocks) and cycles. */
const TREES = [treeOf('config/orphans'), treeOf('config/cycles')];
const MAX_FILES = Math.max(...TREES.map((t) => t.length));

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** HCL that nests `n` deep: brackets, parentheses, objects, blocks, interpolations, for expressions, conditionals. */
const NESTINGS: ReadonlyArray<(n: number) => string> = [
  (n) => `x = ${'['.repeat(n)}${']'.repeat(n)}\n`,
  (n) => `x = ${'('.repeat(n)}1${')'.repeat(n)}\n`,
  (n) => `x = ${'{a = '.repeat(n)}1${'}'.repeat(n)}\n`,
  (n) => `${'b {\n'.repeat(n)}${'}\n'.repeat(n)}`,
  (n) => `x = "${'${"'.repeat(n)}${'"}'.repeat(n)}"\n`,
  (n) => `x = ${'[for v in '.repeat(n)}[]${' : v]'.repeat(n)}\n`,
  (n) => `x = ${'true ? '.repeat(n)}1${' : 0'.repeat(n)}\n`,
  (n) => `x = ${'f('.repeat(n)}${')'.repeat(n)}\n`,
  (n) => `x = a${'.b[0]'.repeat(n)}\n`,
  (n) => `x = ${'-!'.repeat(n)}1\n`,
  (n) => `${'{'.repeat(n)}`,
];

/** Fragments that are wrong, odd or hostile for the audit's reader. */
const FRAGMENTS = [
  'resource "aws_instance" "web" {}\n', 'resource "a" {}\n', 'resource "" "" {}\n', 'resource "aws_instance" "web" "extra" {}\n', 'data "x" {\n',
  'module "self" {\n  source = "./"\n}\n', 'module "up" {\n  source = "../.."\n}\n', 'module "root" {\n  source = "../conf"\n}\n', 'module "gone" {\n  source = "./missing"\n}\n',
  'module "file" {\n  source = "./main.tf"\n}\n', 'module "abs" {\n  source = "/etc"\n}\n', 'module "v" {\n  source = var.x\n}\n', 'module "n" {\n  source = "./\u0000"\n}\n', 'module "nosrc" {}\n',
  'moved {\n  from = 1\n  to = "x"\n}\n', 'moved {\n  from = aws_instance.web\n}\n', 'import {\n  to = aws_instance.x[\n}\n', 'import {\n  to = aws_instance.x\n  id = 1\n}\n', 'removed {\n  from = module.\n}\n',
  'locals {\n  a = local.a\n}\n', 'x = <<EOF\nnot closed\n', 'x = "not closed\n', '/* not closed\n', 'x = "${', '}\n', '\u0000', '\r\n', '\ufeff', 'é🙂', '\\', '%{ if true }', '"\\ud800"',
  'resource "aws_instance" "web" {\n  count = 2\n  for_each = {}\n  dynamic "d" {\n    for_each = aws_instance.web\n    content { x = d.value }\n  }\n}\n',
];

/** One damage to a `.tf` file. */
type Damage =
  | { readonly kind: 'keep' }
  | { readonly kind: 'bytes'; readonly muts: readonly ByteMutation[] }
  | { readonly kind: 'nest'; readonly at: number; readonly which: number; readonly depth: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'replace'; readonly bytes: Uint8Array };

const damage: fc.Arbitrary<Damage> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'keep' as const }) },
  { weight: 2, arbitrary: fc.array(byteMutation, { minLength: 1, maxLength: 3 }).map((muts) => ({ kind: 'bytes' as const, muts })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), which: fc.nat({ max: NESTINGS.length - 1 }), depth: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1000, max: 20_000 })) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...FRAGMENTS) }) },
  { weight: 1, arbitrary: fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.constant(new Uint8Array())).map((bytes) => ({ kind: 'replace' as const, bytes })) },
);

/** Splices `text` in at `at` (modulo the length, at a line start when there is one at or before it). */
function spliced(bytes: Uint8Array, at: number, text: string): Uint8Array {
  const pos = bytes.length === 0 ? 0 : bytes.lastIndexOf(0x0a, at % bytes.length) + 1;
  return Buffer.concat([bytes.subarray(0, pos), enc(text), bytes.subarray(pos)]);
}

function damaged(bytes: Uint8Array, d: Damage): Uint8Array {
  switch (d.kind) {
    case 'keep':
      return bytes;
    case 'bytes':
      return applyByteMutations(bytes, d.muts);
    case 'nest':
      return spliced(bytes, d.at, NESTINGS[d.which](d.depth));
    case 'insert':
      return spliced(bytes, d.at, d.text);
    case 'replace':
      return d.bytes;
  }
}

/** A chain of `depth` local modules, each calling the next; `fan` calls per module make it a tree of fan^depth calls. */
function moduleChain(depth: number, fan: number): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const calls = (next: string): string => Array.from({ length: fan }, (_, i) => `module "c${i}" {\n  source = "${next}"\n}\n`).join('');
  files['chain.tf'] = enc(calls('./chain/m0'));
  for (let i = 0; i < depth; i++) files[`chain/m${i}/main.tf`] = enc(`resource "null_resource" "r${i}" {}\n${i + 1 < depth ? calls(`../m${i + 1}`) : ''}`);
  return files;
}

/** Files that are not what their names say, or that the audit must skip or say it skipped. */
const extra: fc.Arbitrary<Record<string, Uint8Array>> = fc.oneof(
  fc.constant({ 'dir.tf/inner.tf': enc('resource "x" "y" {}\n') }),
  fc.constant({ 'main.tf.json': enc('{"resource": {"aws_instance": {"web": {}}}}') }),
  fc.constant({ 'main.tf.json': new Uint8Array([0xff, 0x00]) }),
  fc.constant({ 'override.tf': enc('resource "aws_instance" "web" {\n') }),
  fc.constant({ 'empty.tf': new Uint8Array() }),
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => ({ 'binary.tf': b })),
  fc.tuple(fc.integer({ min: 1, max: 60 }), fc.constant(1)).map(([d, f]) => moduleChain(d, f)),
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.constant(2)).map(([d, f]) => moduleChain(d, f)),
);

/** A configuration directory's files: a seed tree with each file maybe damaged, and up to two extras. */
export const configDir: fc.Arbitrary<ConfigFiles> = fc
  .tuple(fc.nat({ max: TREES.length - 1 }), fc.array(damage, { minLength: MAX_FILES, maxLength: MAX_FILES }), fc.array(extra, { maxLength: 2 }))
  .map(([t, damages, extras]) => Object.assign({}, Object.fromEntries(TREES[t].map(([name, bytes], i) => [name, damaged(bytes, damages[i])])), ...extras));
