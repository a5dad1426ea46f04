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
import { byteMutated, fuzzSettings, jsonMutated } from '../support/mutate.js';

const seeds = ['v4-simple.tfstate', 'v4-modules-foreach.tfstate', 'v4-tainted-deposed.tfstate', 'tofu-compact.tfstate', 'v3-modules.tfstate'].map(fixtureBytes);

/** A mutation of a valid state: truncation, bit flips, byte insertions/deletions, token swaps, invalid UTF-8, deep nesting. */
const mutated = byteMutated(seeds);

function decodesOrIsRefused(bytes: Uint8Array): boolean {
  const r = decodeState(bytes, { location: 'fuzz.tfstate' });
  if (!r.ok) {
    expect(r.diags.length).toBeGreaterThan(0);
    for (const d of r.diags) {
      expect(d.code).toMatch(/^[a-z]+\.[a-z-]+$/);
      expect(d.detail.length).toBeGreaterThan(0);
    }
    return true;
  }
  // What decodes must re-encode to the very same bytes (legacy formats are upgraded, so they cannot).
  if (r.value.upgraded) return true;
  return Buffer.from(encodeState(r.value)).equals(Buffer.from(bytes));
}

/** A short description instead of the (large) counterexample bytes. */
function verdict(result: fc.RunDetails<[Uint8Array]>): string {
  const bad = result.counterexample?.[0];
  return result.failed ? `seed ${result.seed}, path ${result.counterexamplePath}: failed on ${bad?.length} bytes: ${String(result.errorInstance ?? 'not byte-identical').slice(0, 300)} :: ${bad ? new TextDecoder().decode(bad).slice(0, 200) : ''}` : 'ok';
}

describe('fuzzed state files', () => {
  it('with structural damage (wrong types, huge numbers, deep values, copies) decode byte for byte, or are refused with diagnostics', () => {
    const damaged = fc.oneof(jsonMutated(seeds), jsonMutated(seeds, { payloadOnly: true }));
    expect(verdict(fc.check(fc.property(damaged, decodesOrIsRefused), fuzzSettings(1000, 43)))).toBe('ok');
  });

  it('never throw: they decode, or are refused with diagnostics', () => {
    expect(verdict(fc.check(fc.property(mutated, decodesOrIsRefused), fuzzSettings(2000, 42)))).toBe('ok');
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
      fuzzSettings(3000, 7),
    );
  });
});
