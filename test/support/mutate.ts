/**
 * fast-check arbitraries that damage valid files: byte-level mutations
 * (truncation, bit flips, insertions, deletions, hostile tokens, invalid
 * UTF-8, deep nesting) and structural ones (a JSON value replaced by one of
 * the wrong type, a huge number, a deep array, a misplaced copy of another
 * value, a key removed). Shared by the codec fuzzer and the CLI fuzzer.
 */
import fc from 'fast-check';

/**
 * The seed (FUZZ_SEED, else `seed`) and the runs per property (FUZZ_RUNS,
 * else `runs`): fixed by default so a failure replays, overridable to explore.
 */
export function fuzzSettings(runs: number, seed = 20_240_611): { seed: number; numRuns: number } {
  return { seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : seed, numRuns: process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : runs };
}

/** Tokens spliced into the bytes: wrong types, huge numbers, broken escapes, stray brackets. */
const HOSTILE_TOKENS = ['null', '[]', '{}', '"x"', '1e999', '-0', '99999999999999999999999', 'true', '"\\ud800"', '\u00ff\u00fe', '[[[[[[[[[[', '}}}}'] as const;

/** Byte sequences that are not UTF-8: a lone 0xff, an overlong NUL, a surrogate, a truncated and a lone continuation. */
const INVALID_UTF8: readonly (readonly number[])[] = [[0xff], [0xfe, 0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80], [0xf4, 0x90, 0x80, 0x80]];

/** One byte-level edit; positions are taken modulo the current length. */
export type ByteMutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly at: number; readonly n: number }
  | { readonly kind: 'replace'; readonly at: number; readonly text: string }
  | { readonly kind: 'utf8'; readonly at: number; readonly which: number }
  | { readonly kind: 'nest'; readonly at: number; readonly depth: number };

/** One byte-level edit of any kind. */
export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: fc.constantFrom(...HOSTILE_TOKENS) }),
  fc.record({ kind: fc.constant('utf8' as const), at: fc.nat(), which: fc.nat({ max: INVALID_UTF8.length - 1 }) }),
  fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.integer({ min: 1, max: 20_000 }) }),
);

/** Applies byte mutations in order to a copy of `seed`. */
export function applyByteMutations(seed: Uint8Array, muts: readonly ByteMutation[]): Uint8Array {
  let b = Array.from(seed);
  for (const m of muts) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    if (m.kind === 'flip') b[at] = (b[at] ?? 0) ^ (1 << m.bit);
    else if (m.kind === 'truncate') b = b.slice(0, at);
    else if (m.kind === 'insert') b.splice(at, 0, ...m.bytes);
    else if (m.kind === 'delete') b.splice(at, m.n);
    else if (m.kind === 'replace') b.splice(at, 0, ...new TextEncoder().encode(m.text));
    else if (m.kind === 'utf8') b.splice(at, 0, ...INVALID_UTF8[m.which]);
    else b = [...b.slice(0, at), ...new Uint8Array(m.depth).fill(0x5b), ...new Uint8Array(m.depth).fill(0x5d), ...b.slice(at)];
  }
  return new Uint8Array(b);
}

/**
 * A byte-level mutation of one of `seeds`: 1 to 4 edits among truncation,
 * bit flips, random insertions and deletions, hostile tokens, invalid UTF-8
 * and balanced `[[…]]` nesting up to 20 000 deep.
 */
export function byteMutated(seeds: readonly Uint8Array[], opts: { maxMutations?: number } = {}): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(fc.integer({ min: 0, max: seeds.length - 1 }), fc.array(byteMutation, { minLength: 1, maxLength: opts.maxMutations ?? 4 }))
    .map(([i, muts]) => applyByteMutations(seeds[i], muts));
}

let rawCache: readonly Uint8Array[] | null = null;

/** Raw replacement texts (as bytes) for structural mutations: values JSON.stringify cannot produce. */
function rawReplacements(): readonly Uint8Array[] {
  const t = (s: string): Uint8Array => new TextEncoder().encode(s);
  return (rawCache ??= [
    t('1e999'),
    t('-1e999'),
    t('99999999999999999999999999999999'),
    t('-0'),
    t('1.0'),
    t('0.1e-400'),
    t('18446744073709551616'),
    t('['.repeat(50_000) + ']'.repeat(50_000)),
    t('{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)),
    t('"' + 'a'.repeat(200_000) + '"'),
    t('"\\ud800"'),
    t('"\\u0000"'),
    t('"module.a[\\"x\\"].b.c"'),
    new Uint8Array([0x22, 0xff, 0xfe, 0x22]),
    new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22]),
    new Uint8Array([0x22, 0x61, 0xc0, 0x22]),
    t('{"a":1,"a":2}'),
  ]);
}

/** Plain replacement values: every JSON type, empty and odd values. */
const VALUE_REPLACEMENTS: readonly unknown[] = [null, true, false, 0, -1, 1.5, 4294967296, '', 'x', ' ', '*', 'module.', '[', '\u0000', 'é🙂', [], {}, [null], { '': null }, ['x', 1], { mode: 'managed' }];

/** One structural edit of a parsed JSON document; `at` picks a node (modulo the node count). */
type JsonMutation =
  | { readonly kind: 'value'; readonly at: number; readonly which: number }
  | { readonly kind: 'raw'; readonly at: number; readonly which: number }
  | { readonly kind: 'copy'; readonly at: number; readonly from: number }
  | { readonly kind: 'remove'; readonly at: number };

const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('value' as const), at: fc.nat(), which: fc.nat({ max: VALUE_REPLACEMENTS.length - 1 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('raw' as const), at: fc.nat(), which: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('copy' as const), at: fc.nat(), from: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }) },
);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Slot {
  readonly parent: Json[] | { [k: string]: Json } | null;
  readonly key: string | number;
}

/** Keys whose values are payloads a state keeps verbatim (instance attributes, output values). */
const PAYLOAD_KEYS = new Set(['attributes', 'value']);

/**
 * Every value in `root` as (parent, key), root first, depth-first; with
 * `payloadOnly`, only values inside payloads (so the state keeps decoding
 * and the damage reaches show, diff and edits), or all when there are none.
 */
function slots(root: Json, payloadOnly = false): Slot[] {
  const out: Slot[] = [{ parent: null, key: '' }];
  const inside: Slot[] = [];
  const walk = (v: Json, payload: boolean): void => {
    const visit = (slot: Slot, x: Json, key: string | number): void => {
      out.push(slot);
      if (payload) inside.push(slot);
      walk(x, payload || (typeof key === 'string' && PAYLOAD_KEYS.has(key)));
    };
    if (Array.isArray(v)) v.forEach((x, i) => visit({ parent: v, key: i }, x, i));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit({ parent: v, key: k }, x, k);
  };
  walk(root, false);
  return payloadOnly && inside.length > 0 ? inside : out;
}

function get(root: Json, s: Slot): Json {
  return s.parent === null ? root : (s.parent as Record<string | number, Json>)[s.key];
}

/**
 * Applies structural mutations to the JSON text of `seed` and serialises it
 * again (Terraform's 2-space layout, or compact like OpenTofu). Raw
 * replacements (huge numbers, deep nesting, invalid UTF-8 inside a string,
 * duplicate keys) are spliced into the output bytes.
 */
export function applyJsonMutations(seed: Uint8Array, muts: readonly JsonMutation[], compact: boolean, payloadOnly = false): Uint8Array {
  let root = JSON.parse(new TextDecoder().decode(seed)) as Json;
  const raws = rawReplacements();
  const placed = new Map<string, Uint8Array>();
  for (const [n, m] of muts.entries()) {
    const all = slots(root, payloadOnly);
    const sources = payloadOnly ? slots(root) : all;
    const target = all[m.at % all.length];
    let value: Json | undefined;
    if (m.kind === 'value') value = structuredClone(VALUE_REPLACEMENTS[m.which]) as Json;
    else if (m.kind === 'raw') {
      const mark = `\u0001raw${n}\u0001`;
      placed.set(JSON.stringify(mark), raws[m.which % raws.length]);
      value = mark;
    } else if (m.kind === 'copy') value = structuredClone(get(root, sources[m.from % sources.length]));
    if (target.parent === null) {
      root = value === undefined ? {} : value;
    } else if (value === undefined) {
      if (Array.isArray(target.parent)) target.parent.splice(target.key as number, 1);
      else delete target.parent[target.key as string];
    } else {
      (target.parent as Record<string | number, Json>)[target.key] = value;
    }
  }
  const text = JSON.stringify(root, null, compact ? undefined : 2) + '\n';
  const parts: Uint8Array[] = [];
  let rest = text;
  for (;;) {
    let first: { i: number; mark: string } | null = null;
    for (const mark of placed.keys()) {
      const i = rest.indexOf(mark);
      if (i >= 0 && (first === null || i < first.i)) first = { i, mark };
    }
    if (!first) break;
    parts.push(new TextEncoder().encode(rest.slice(0, first.i)), placed.get(first.mark)!);
    rest = rest.slice(first.i + first.mark.length);
  }
  parts.push(new TextEncoder().encode(rest));
  return Buffer.concat(parts);
}

/**
 * A structural mutation of one of `seeds` (which must be JSON): 1 to 3 values
 * replaced by another type, a huge or odd number, a deep array or object, a
 * long or invalid-UTF-8 string, a copy of another value, or removed. The
 * result is usually still valid JSON, so it reaches the structural checks
 * and, when it still decodes, the commands themselves.
 */
export function jsonMutated(seeds: readonly Uint8Array[], opts: { payloadOnly?: boolean } = {}): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(fc.integer({ min: 0, max: seeds.length - 1 }), fc.array(jsonMutation, { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([i, muts, compact]) => applyJsonMutations(seeds[i], muts, compact, opts.payloadOnly === true));
}

/**
 * Any kind of mutation, or a seed unchanged: byte damage and structural
 * damage (mostly refused), payload damage (mostly still valid, so it
 * reaches show, diffs and edits) and untouched seeds (so edits succeed too).
 */
export function mutatedState(seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 3, arbitrary: byteMutated(seeds) },
    { weight: 3, arbitrary: jsonMutated(seeds) },
    { weight: 2, arbitrary: jsonMutated(seeds, { payloadOnly: true }) },
    { weight: 2, arbitrary: fc.constantFrom(...seeds) },
  );
}
