/**
 * Fuzzing the pure core: mutated state files and random address strings
 * never make the decoder or the planner throw; every refusal is a
 * diagnostic with a stable code and a detail.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeState, encodeState } from '../../src/core/statefile/index.js';
import { planOperations } from '../../src/core/surgery/index.js';
import { parseTarget } from '../../src/core/addr/index.js';
import { fixtureBytes, loadFixture } from '../support/state-fixtures.js';

const seeds = ['v4-simple.tfstate', 'v4-modules-foreach.tfstate', 'v4-tainted-deposed.tfstate', 'tofu-compact.tfstate', 'v3-modules.tfstate'].map(fixtureBytes);

/** A mutation of a valid state: truncation, bit flips, byte insertions/deletions, token swaps. */
const mutated = fc
  .tuple(
    fc.integer({ min: 0, max: seeds.length - 1 }),
    fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
        fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
        fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
        fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 16 }) }),
        fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: fc.constantFrom('null', '[]', '{}', '"x"', '1e999', '-0', '99999999999999999999999', 'true', '"\\ud800"', '\u00ff\u00fe', '[[[[[[[[[[', '}}}}') }),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([i, muts]) => {
    let b = Array.from(seeds[i]);
    for (const m of muts) {
      const at = b.length === 0 ? 0 : m.at % b.length;
      if (m.kind === 'flip') b[at] = (b[at] ?? 0) ^ (1 << m.bit);
      else if (m.kind === 'truncate') b = b.slice(0, at);
      else if (m.kind === 'insert') b.splice(at, 0, ...m.bytes);
      else if (m.kind === 'delete') b.splice(at, m.n);
      else b.splice(at, 0, ...new TextEncoder().encode(m.text));
    }
    return new Uint8Array(b);
  });

describe('fuzzed state files', () => {
  it('never throw: they decode, or are refused with diagnostics', () => {
    const result = fc.check(
      fc.property(mutated, (bytes) => {
        const r = decodeState(bytes, { location: 'fuzz.tfstate' });
        if (!r.ok) {
          expect(r.diags.length).toBeGreaterThan(0);
          for (const d of r.diags) {
            expect(d.code).toMatch(/^[a-z]+\.[a-z-]+$/);
            expect(d.detail.length).toBeGreaterThan(0);
          }
          return;
        }
        // What decodes must re-encode to the very same bytes (legacy formats are upgraded, so they cannot).
        if (r.value.upgraded) return true;
        return Buffer.from(encodeState(r.value)).equals(Buffer.from(bytes));
      }),
      { numRuns: 2000, seed: 42 },
    );
    // Report a short description instead of the (large) counterexample bytes.
    const bad = result.counterexample?.[0];
    expect(result.failed ? `failed on ${bad?.length} bytes: ${String(result.errorInstance ?? 'not byte-identical').slice(0, 300)} :: ${bad ? new TextDecoder().decode(bad).slice(0, 200) : ''}` : 'ok').toBe('ok');
  });

  it('deep nesting is a diagnostic, not a stack overflow', () => {
    const deep = '{"version":4,"terraform_version":"1.11.4","serial":1,"lineage":"x","outputs":{"o":{"value":' + '['.repeat(200_000) + ']'.repeat(200_000) + ',"type":"dynamic"}},"resources":[]}';
    const r = decodeState(new TextEncoder().encode(deep), { location: 'deep.tfstate' });
    expect(r.ok).toBe(true);
  });
});

describe('fuzzed addresses', () => {
  const snap = loadFixture('v4-modules-foreach.tfstate');
  const addressish = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.stringMatching(/^(module\.[a-z]{1,3}(\[("[^"]{0,3}"|\d{1,3}|\*)\])?\.){0,2}(data\.)?[a-z_]{1,8}\.[a-z]{1,4}(\[[^\]]{0,6}\])?$/),
  );
  it('parse to a target or a diagnostic, and planning never throws', () => {
    fc.assert(
      fc.property(addressish, addressish, fc.constantFrom('mv', 'rm', 'taint', 'untaint', 'import'), (a, b, op) => {
        const t = parseTarget(a);
        if (!t.ok) expect(t.diags[0].code).toMatch(/^addr\./);
        const ops = op === 'mv' ? [{ op, from: a, to: b } as const] : op === 'rm' ? [{ op, addresses: [a] } as const] : op === 'import' ? [{ op, address: a, id: b } as const] : [{ op, address: a } as const];
        const r = planOperations(snap, ops);
        if (!r.ok) for (const d of r.diags) expect(d.detail.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
});
