import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lastAtMost } from '../../../src/core/util/sorted.js';

describe('lastAtMost', () => {
  it('finds the last element at most x, or -1', () => {
    expect(lastAtMost([0, 5, 5, 9], 5)).toBe(2);
    expect(lastAtMost([0, 5, 9], 4)).toBe(0);
    expect(lastAtMost([3, 5], 2)).toBe(-1);
    expect(lastAtMost([], 2)).toBe(-1);
    expect(lastAtMost([0, 5, 9], 100, 2)).toBe(1);
  });

  it('agrees with a linear scan', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }), (xs, x) => {
        const sorted = [...xs].sort((a, b) => a - b);
        let want = -1;
        sorted.forEach((v, i) => v <= x && (want = i));
        expect(lastAtMost(sorted, x)).toBe(want);
      }),
      { seed: 5, numRuns: 500 },
    );
  });
});
