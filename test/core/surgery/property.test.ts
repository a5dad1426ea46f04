/**
 * Property: a random sequence of moves followed by the inverse moves in
 * reverse order gives back the original bytes (serial aside).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeState } from '../../../src/core/statefile/index.js';
import { planOperations } from '../../../src/core/surgery/index.js';
import { allInstances } from '../../../src/core/state/query.js';
import { formatAbsResourceInstance } from '../../../src/core/addr/index.js';
import type { StateSnapshot } from '../../../src/core/state/types.js';
import { loadFixture, text } from '../../support/state-fixtures.js';

const fixtures = ['v4-simple.tfstate', 'v4-modules-foreach.tfstate', 'v4-tainted-deposed.tfstate'];

/** Destinations that are always free: a fresh name, or the same name in a fresh module. */
function destinationFor(addr: string, n: number, kind: number): string {
  const m = /^(.*?)([a-z0-9_-]+)\.([a-z0-9_-]+)((?:\[[^\]]*\])?)$/i.exec(addr);
  if (!m) return addr;
  const [, prefix, type, name, key] = m;
  if (kind === 0) return `${prefix}${type}.${name}_moved${n}${key}`;
  return `module.prop${n}.${prefix}${type}.${name}${key}`;
}

describe('moves and their inverses', () => {
  it('restore the original bytes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 1 })), { minLength: 1, maxLength: 6 }), (fixture, picks) => {
        const original: StateSnapshot = loadFixture(fixture);
        let s = original;
        const done: Array<[string, string]> = [];
        picks.forEach(([pick, kind], n) => {
          const managed = allInstances(s).map(formatAbsResourceInstance).filter((a) => !a.includes('data.'));
          const from = managed[pick % managed.length];
          const to = destinationFor(from, n, kind);
          const r = planOperations(s, [{ op: 'mv', from, to }]);
          if (!r.ok) return; // e.g. a mixed-key refusal; skip that pick
          s = r.value.result;
          done.push([from, to]);
        });
        for (const [from, to] of done.reverse()) {
          const r = planOperations(s, [{ op: 'mv', from: to, to: from }]);
          if (!r.ok) throw new Error(r.diags.map((d) => d.detail).join('\n'));
          s = r.value.result;
        }
        expect(text(encodeState(s))).toBe(text(encodeState(original)));
      }),
      { numRuns: 150, seed: 11 },
    );
  });
});
