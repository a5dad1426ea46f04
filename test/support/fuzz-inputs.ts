/**
 * Fuzz inputs for the CLI: seed states (and the addresses they hold),
 * random address strings mixed with address grammar fragments, batch file
 * texts, lock infos and config files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { FIXTURES, fixtureBytes } from './state-fixtures.js';
import { applyByteMutations, byteMutation, mutatedState, type ByteMutation } from './mutate.js';
import { formatAbsResource, formatAbsResourceInstance, formatModuleInstance } from '../../src/core/addr/index.js';
import { allInstances, resourceAddr } from '../../src/core/state/query.js';
import { decodeState } from '../../src/core/statefile/index.js';

/** Valid states of every shape the fuzzer starts from (v1-v4, OpenTofu compact and encrypted, cycles). */
export const SEED_NAMES = ['v4-simple.tfstate', 'v4-modules-foreach.tfstate', 'v4-tainted-deposed.tfstate', 'tofu-compact.tfstate', 'v3-modules.tfstate', 'v4-sensitive.tfstate', 'v1-simple.tfstate', 'v4-no-resources.tfstate', 'graph/v4-cycles.tfstate', 'tofu-encrypted.tfstate'];

/** The seed states' bytes. */
export const SEEDS = SEED_NAMES.map(fixtureBytes);

/** A state file: mutated (bytes or structure) or one of the seeds as is. */
export const stateBytes: fc.Arbitrary<Uint8Array> = mutatedState(SEEDS);

/** Addresses that exist in the seeds, so edits and lookups sometimes succeed. */
const REAL_ADDRESSES: readonly string[] = [
  ...new Set(
    SEED_NAMES.flatMap((n) => {
      try {
        return readFileSync(join(FIXTURES, `${n}.list`), 'utf8').split('\n').filter(Boolean);
      } catch {
        return [];
      }
    }),
  ),
  'module.app["blue"]',
  'module.worker',
  'module.worker[0]',
  'module.app',
  'aws_instance.web',
  'aws_instance.*',
  'module.app["*"]',
  'aws_instance.web[*]',
  'output.bucket_name',
];

/** Provider addresses for replace-provider and import --provider. */
export const PROVIDERS = ['registry.terraform.io/hashicorp/aws', 'hashicorp/aws', 'registry.terraform.io/hashicorp/random', 'example.com/acme/thing', 'provider["registry.terraform.io/hashicorp/aws"]', 'aws', '-/aws', 'registry.terraform.io/-/aws'];

/** Pieces of the address grammar, hostile characters and option look-alikes. */
const FRAGMENTS = [
  'module.', 'module.app', 'module.worker', 'data.', 'aws_instance', 'web', '.', '[', ']', '"', "'", '\\', '*', '[0]', '[1]', '["blue"]', '[*]', '"blue"',
  '0', '-1', '99999999999999999999', '1e3', '0x10', ' ', '\t', '\n', '\r', '\u0000', 'é', '🚀', '\u202e', '\ud800', '$1', '${x}', '%{x}', 'output.', '#',
  ',', '=', '/', '..', 'provider', 'resource', 'null_resource.a', 'registry.terraform.io/hashicorp/aws', '-', '--', '-x', '--state', '--yes', '--json',
];

/**
 * Random address strings: real addresses, near misses (real address plus
 * fragments), fragment soup, arbitrary printable and full-unicode strings,
 * and very long ones.
 */
export const address: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...REAL_ADDRESSES) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...REAL_ADDRESSES), fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 3 }), fc.boolean()).map(([a, f, front]) => (front ? f.join('') + a : a + f.join(''))) },
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 12 }).map((a) => a.join('')) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('module.a.', 'module.m["x"].', 'a', '[', '["x"]', '[0]', '.'), fc.integer({ min: 100, max: 5_000 })).map(([s, n]) => s.repeat(n) + 'aws_instance.x') },
);

/** A lock info as Terraform writes it, then damaged. */
export function lockInfo(id: string): fc.Arbitrary<Uint8Array> {
  const seed = new TextEncoder().encode(JSON.stringify({ ID: id, Operation: 'OperationTypeApply', Info: '', Who: 'someone@host', Version: '1.11.4', Created: '2026-01-02T03:04:05.123456789Z', Path: 'terraform.tfstate' }));
  return fc.oneof(fc.constant(seed), mutatedState([seed]));
}

/** A tfstate.config.json with a plain and a protected environment (local states), then possibly damaged. */
export function configFile(staging: string, prod: string): fc.Arbitrary<Uint8Array> {
  const seed = new TextEncoder().encode(
    JSON.stringify({ environments: { staging: { state: staging }, prod: { state: prod, protected: true, protect: ['aws_s3_bucket.*', 'module.app'] } } }, null, 2) + '\n',
  );
  return fc.oneof({ weight: 2, arbitrary: fc.constant(seed) }, { weight: 3, arbitrary: mutatedState([seed]) });
}

/**
 * An argument: literal text, "the n-th address in the state", or that
 * address renamed (a free destination for mv); resolved once the state is known.
 */
export type Arg = string | { readonly fromState: number; readonly renamed?: true };

/** An address argument: random text, or one that exists (or could) in whatever state the case uses. */
export const target: fc.Arbitrary<Arg> = fc.oneof(
  { weight: 3, arbitrary: address },
  { weight: 3, arbitrary: fc.nat().map((n) => ({ fromState: n })) },
  { weight: 1, arbitrary: fc.nat().map((n) => ({ fromState: n, renamed: true as const })) },
);

const namesCache = new WeakMap<Uint8Array, readonly string[]>();

/** Instance, resource and module addresses in a state (none when it does not decode). */
export function addressesIn(bytes: Uint8Array | undefined): readonly string[] {
  if (!bytes) return [];
  let names = namesCache.get(bytes);
  if (!names) {
    const r = decodeState(bytes, { location: 'fuzz' });
    names = r.ok
      ? [...new Set([...allInstances(r.value).map(formatAbsResourceInstance), ...r.value.resources.map((e) => formatAbsResource(resourceAddr(e))), ...r.value.resources.filter((e) => e.module.length > 0).map((e) => formatModuleInstance(e.module))])]
      : [];
    namesCache.set(bytes, names);
  }
  return names;
}

/** The text of an argument, given the state its addresses come from. */
export function resolveArg(a: Arg, state: Uint8Array | undefined): string {
  if (typeof a === 'string') return a;
  const names = addressesIn(state);
  const name = names.length > 0 ? names[a.fromState % names.length] : 'aws_instance.web';
  // module.app["x"].aws_instance.web[0] -> module.app["x"].aws_instance.web2[0]; module.app -> module.app2
  return a.renamed ? name.replace(/((?:\[[^\]]*\])?)$/, (key) => `2${key}`) : name;
}

/** A `mv` that can succeed: an address of the state to the same address renamed. */
export const freeMove: fc.Arbitrary<[Arg, Arg]> = fc.nat().map((n) => [{ fromState: n }, { fromState: n, renamed: true }]);

/** One line of a batch file: an operation with its arguments, each quoted some way, or any text. */
type BatchLine = string | { readonly op: string; readonly args: readonly Arg[]; readonly quote: readonly string[]; readonly sep: string; readonly tail: string };

/** Batch lines name real addresses more often: one bad line refuses the whole batch. */
const batchTarget: fc.Arbitrary<Arg> = fc.oneof(
  { weight: 1, arbitrary: address },
  { weight: 4, arbitrary: fc.nat().map((n) => ({ fromState: n })) },
  { weight: 1, arbitrary: fc.nat().map((n) => ({ fromState: n, renamed: true as const })) },
);

const batchOp: fc.Arbitrary<{ op: string; args: Arg[] }> = fc.oneof(
  fc.tuple(batchTarget, batchTarget).map(([a, b]) => ({ op: 'mv', args: [a, b] })),
  freeMove.map((args) => ({ op: 'mv', args })),
  fc.array(batchTarget, { minLength: 1, maxLength: 2 }).map((args) => ({ op: 'rm', args })),
  fc.tuple(batchTarget, fc.constantFrom('i-1', 'x y', '', "it's")).map(([a, id]) => ({ op: 'import', args: [a, id] })),
  batchTarget.map((a) => ({ op: 'taint', args: [a] })),
  batchTarget.map((a) => ({ op: 'untaint', args: [a] })),
  fc.tuple(fc.constantFrom(...PROVIDERS), fc.constantFrom(...PROVIDERS)).map(([a, b]) => ({ op: 'replace-provider', args: [a, b] })),
);

/** Mostly well-formed operations, sometimes an unknown one or the wrong number of arguments. */
const anyBatchOp = fc.oneof(
  { weight: 6, arbitrary: batchOp },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('MV', 'move', '', 'state', 'rm -rf', 'mv'), fc.array(batchTarget, { maxLength: 3 })).map(([op, args]) => ({ op, args })) },
);

const batchLine: fc.Arbitrary<BatchLine> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .tuple(anyBatchOp, fc.array(fc.constantFrom('bare', 'single', 'single', 'double', 'escaped'), { minLength: 3, maxLength: 3 }), fc.constantFrom(' ', '\t', '   '), fc.constantFrom('', '', '', '', '', ' # trailing comment', '#x', ' \\'))
      .map(([{ op, args }, quote, sep, tail]) => ({ op, args, quote, sep, tail })),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '# a comment', '', '   ', "mv 'aws_instance.web[*]' 'aws_instance.app[$1]'", 'mv module.app["*"] module.svc["$1"]', "mv 'module.app[\"*\"]' 'module.svc[\"$1\"]'",
      'rm "unterminated', "rm 'unterminated", 'mv a\\', 'mv aws_instance.* aws_instance.$2', 'rm aws_instance.web[*]', 'taint aws_instance.web[0] extra',
      'replace-provider registry.terraform.io/hashicorp/aws registry.terraform.io/acme/aws', 'import aws_instance.new i-123', 'import aws_instance.web[0] i-1',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
);

function quoted(word: string, how: string): string {
  if (how === 'single') return `'${word.replace(/'/g, `'\\''`)}'`;
  if (how === 'double') return `"${word.replace(/["\\$`]/g, '\\$&')}"`;
  if (how === 'escaped') return word.replace(/[^A-Za-z0-9_.]/g, '\\$&');
  return word;
}

/** A batch file to render against a state: lines joined by LF or CRLF, sometimes with byte damage (invalid UTF-8 included). */
export interface BatchFile {
  readonly lines: readonly BatchLine[];
  readonly eol: string;
  readonly damage: readonly ByteMutation[];
}

export const batchFile: fc.Arbitrary<BatchFile> = fc.record({
  lines: fc.array(batchLine, { minLength: 1, maxLength: 4 }),
  eol: fc.constantFrom('\n', '\r\n'),
  damage: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(byteMutation, { minLength: 1, maxLength: 2 }) }),
});

/** The bytes of a batch file, its addresses taken from `state`. */
export function renderBatch(b: BatchFile, state: Uint8Array | undefined): Uint8Array {
  const text = b.lines.map((l) => (typeof l === 'string' ? l : [l.op, ...l.args.map((x, i) => quoted(resolveArg(x, state), l.quote[i] ?? 'bare'))].join(l.sep) + l.tail)).join(b.eol) + b.eol;
  return applyByteMutations(new TextEncoder().encode(text), b.damage);
}
