import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import fuzzysort from 'fuzzysort';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeState } from '../../../src/core/statefile/index.js';
import { currentObject } from '../../../src/core/state/query.js';
import { FUZZY_THRESHOLD, filterEntries, scanValues, SHORT_QUERY, VALUE_QUERY } from '../../../src/tui/model/filter.js';
import { fold, fuzzyNarrows, fuzzyWords, isSubsequence, joinTexts, mayMatch, searchJoined } from '../../../src/tui/model/filter-match.js';
import { indexState, type StateIndex } from '../../../src/tui/model/state-index.js';
import { loadFixture, STAGING } from '../support/state.js';
// @ts-expect-error: the benchmark generator is plain JavaScript without types.
import { generate } from '../../../bench/generate.mjs';

const dir = mkdtempSync(join(tmpdir(), 'tfstate-filter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A generated state (two service cells: a few hundred instances with varied addresses, ids and values). */
function generated(): StateIndex {
  const out = join(dir, 'gen.tfstate');
  (generate as (o: { cells: number; seed: number; out: string }) => unknown)({ cells: 2, seed: 7, out });
  const r = decodeState(readFileSync(out), { location: out });
  if (!r.ok) throw new Error('generated state did not decode');
  return indexState(r.value);
}

const indexes: [string, StateIndex][] = [
  ['staging fixture', indexState(loadFixture(STAGING))],
  ['generated state', generated()],
];

/**
 * The filter's semantics from scratch, entry by entry, with no index, cache
 * or narrowing: substring on address, type or id; fuzzysort (thresholded)
 * on the three for long queries; substring on attribute values.
 */
function reference(index: StateIndex, query: string): number[] {
  const q = query.trim();
  if (q === '') return index.entries.map((_, i) => i);
  const needle = q.toLowerCase();
  const data = index.entries.map((e, i) => {
    const obj = currentObject(e.resource, e.key);
    const s = obj ? scanValues(obj) : { id: '', values: '' };
    return { i, e, ...s };
  });
  const hit = new Set<number>();
  for (const d of data) if (`${d.e.address}\n${d.e.type}\n${d.id}`.toLowerCase().includes(needle)) hit.add(d.i);
  if (q.length > SHORT_QUERY) {
    const targets = data.map((d) => ({ i: d.i, address: d.e.address, type: d.e.type, id: d.id }));
    for (const r of fuzzysort.go(q, targets, { keys: ['address', 'type', 'id'], threshold: FUZZY_THRESHOLD })) hit.add(r.obj.i);
  }
  if (q.length >= VALUE_QUERY) for (const d of data) if (d.values.includes(needle)) hit.add(d.i);
  return [...hit].sort((a, b) => a - b);
}

/** A copy of `index` with its own (empty) search caches: a fresh search, nothing to narrow from. */
const fresh = (index: StateIndex): StateIndex => ({ ...index });

/** Characters queries are made of: those of the addresses and ids, plus a space and an accented letter. */
function alphabet(index: StateIndex): string[] {
  const chars = new Set<string>([' ', 'é', 'A', 'S']);
  for (const e of index.entries.slice(0, 200)) for (const c of e.address.toLowerCase()) chars.add(c);
  return [...chars];
}

/** Typing: inserted characters and backspaces, as the successive field values. */
function typing(chars: string[]): fc.Arbitrary<string[]> {
  const step = fc.oneof(fc.constantFrom(...chars), fc.constant('\b'));
  return fc.array(step, { minLength: 1, maxLength: 24 }).map((steps) => {
    const values: string[] = [];
    let v = '';
    for (const s of steps) {
      v = s === '\b' ? v.slice(0, -1) : v + s;
      values.push(v);
    }
    return values;
  });
}

describe.each(indexes)('filterEntries on the %s', (_name, index) => {
  const queries = ['a', 'aws', 'aws_', 'aws_s', 'aws_security_group', 'this', 'module.', 'nat', 'natgw', 'vpc this', 'policy doc', 'arn:aws', '000', 'QQQ', 'sg-', 'Web', 'élan'];

  it('matches a from-scratch evaluation of its semantics', () => {
    const idx = fresh(index);
    for (const q of queries) expect(filterEntries(idx, q), q).toEqual(reference(index, q));
  });

  it('keeps every literal substring match of the address, type or id (also for long queries)', () => {
    const idx = fresh(index);
    for (const e of index.entries.slice(0, 50)) {
      const part = e.address.slice(Math.floor(e.address.length / 3));
      expect(filterEntries(idx, part).map((i) => index.entries[i].address)).toContain(e.address);
    }
  });

  it('gives the same results while typing (narrowed and cached) as fresh searches', () => {
    fc.assert(
      fc.property(typing(alphabet(index)), (values) => {
        const warm = fresh(index);
        for (const v of values) expect(filterEntries(warm, v), JSON.stringify(v)).toEqual(filterEntries(fresh(index), v));
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same results as the reference for typed queries', () => {
    fc.assert(
      fc.property(typing(alphabet(index)), (values) => {
        const warm = fresh(index);
        for (const v of values.slice(-3)) expect(filterEntries(warm, v), JSON.stringify(v)).toEqual(reference(index, v));
      }),
      { numRuns: 15 },
    );
  });
});

describe('filter-match helpers', () => {
  it('isSubsequence', () => {
    expect(isSubsequence('', 'x')).toBe(true);
    expect(isSubsequence('asg', 'aws_security_group')).toBe(true);
    expect(isSubsequence('gsa', 'aws_security_group')).toBe(false);
  });

  const text = (maxLength: number) => fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'é', 'e', ' ', '_', '.'), maxLength });

  it('a fuzzy match implies the necessary condition (mayMatch)', () => {
    fc.assert(
      fc.property(text(8), fc.array(text(12), { minLength: 1, maxLength: 3 }), (query, keys) => {
        const q = query.trim();
        if (q === '') return;
        const obj = { k0: keys[0] ?? '', k1: keys[1] ?? '', k2: keys[2] ?? '' };
        if (fuzzysort.go(q, [obj], { keys: ['k0', 'k1', 'k2'] }).length > 0) expect(mayMatch(fuzzyWords(q), keys.map(fold))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('typing on narrows: what may match the longer query may match the shorter', () => {
    fc.assert(
      fc.property(text(6), text(6), fc.array(text(12), { minLength: 1, maxLength: 3 }), (a, b, keys) => {
        const p = a.trim();
        const q = `${a}${b}`.trim();
        if (p === '') return;
        expect(fuzzyNarrows(fuzzyWords(p), fuzzyWords(q))).toBe(true);
        if (mayMatch(fuzzyWords(q), keys.map(fold))) expect(mayMatch(fuzzyWords(p), keys.map(fold))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('searchJoined finds each entry containing the needle once', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', '\n') }), { maxLength: 20 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 3 }), (parts, needle) => {
        const hit = new Uint8Array(parts.length);
        searchJoined(joinTexts(parts), needle, hit);
        expect([...hit]).toEqual(parts.map((p) => (p.includes(needle) ? 1 : 0)));
      }),
    );
  });
});
