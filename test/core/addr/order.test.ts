import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareAbsResourceInstance,
  compareKeys,
  compareModuleInstance,
  compareResource,
  compareStateFileInstanceKeys,
  compareStateFileResources,
  compareUtf8,
  formatAbsResourceInstance,
  formatModuleInstance,
  intKey,
  NO_KEY,
  stringKey,
  type InstanceKey,
  type StateFileResourceSortKey,
} from '../../../src/core/addr/index.js';
import { inst, mod } from './helpers.js';

function shuffled<T>(xs: readonly T[]): T[] {
  // Deterministic reversal plus rotation: the sort must not depend on input order.
  const r = [...xs].reverse();
  return [...r.slice(2), ...r.slice(0, 2)];
}

describe('compareUtf8', () => {
  it.each([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'a', 0],
    ['a', 'ab', -1],
    ['B', 'a', -1], // upper case before lower case, as bytes
    ['z', 'é', -1], // ASCII before any multi-byte character
    ['\uff5e', '😀', -1], // U+FF5E (EF BD 9E) before U+1F600 (F0 9F 98 80): UTF-16 order says the opposite
    ['😀', '\ue000', 1],
    ['\ud7ff', '😀', -1],
  ])('%j vs %j → %i', (a, b, sign) => {
    expect(Math.sign(compareUtf8(a, b))).toBe(sign);
  });

  it('agrees with comparing the UTF-8 bytes for any well-formed strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 6 }), (a, b) => {
        expect(Math.sign(compareUtf8(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('compareKeys', () => {
  const sorted: InstanceKey[] = [NO_KEY, intKey(0), intKey(2), intKey(9), intKey(10), intKey(100), stringKey(''), stringKey('0'), stringKey('10'), stringKey('9'), stringKey('B'), stringKey('a'), stringKey('\uff5e'), stringKey('😀')];
  it('orders no key, then ints numerically, then strings by bytes', () => {
    expect(shuffled(sorted).sort(compareKeys)).toEqual(sorted);
  });
  it('is the same order for state file instance keys, ints before strings', () => {
    expect(shuffled(sorted).sort(compareStateFileInstanceKeys)).toEqual(sorted);
  });
});

describe('compareModuleInstance', () => {
  const sorted = [
    '',
    'module.a',
    'module.a[9]',
    'module.a[10]',
    'module.a["x"]',
    'module.b',
    'module.a.module.b',
    'module.a.module.c',
    'module.a[0].module.a',
    'module.a["x"].module.a',
    'module.b.module.a',
    'module.a.module.a.module.a',
  ];
  it('puts shallower paths first, then compares step by step (name, then key)', () => {
    expect(shuffled(sorted).map(mod).sort(compareModuleInstance).map(formatModuleInstance)).toEqual(sorted);
  });
});

describe('compareResource', () => {
  it('puts data before managed (then ephemeral, list), then orders by type and name as bytes', () => {
    const rs = [
      { mode: 'data' as const, type: 'z', name: 'z' },
      { mode: 'managed' as const, type: 'B', name: 'x' },
      { mode: 'managed' as const, type: 'a', name: 'a' },
      { mode: 'managed' as const, type: 'a', name: 'b' },
      { mode: 'ephemeral' as const, type: 'a', name: 'a' },
      { mode: 'list' as const, type: 'a', name: 'a' },
    ];
    expect(shuffled(rs).sort(compareResource)).toEqual(rs);
  });
});

describe('compareAbsResourceInstance (state list order)', () => {
  const sorted = [
    'data.z.z',
    'a.a',
    'a.a[0]',
    'a.a[1]',
    'a.a[10]',
    'a.a["a"]',
    'a.b',
    'b.a',
    'module.a.data.a.a',
    'module.a.a.a',
    'module.a[0].a.a',
    'module.a[2].a.a',
    'module.a[10].a.a',
    'module.a["x"].a.a',
    'module.b.a.a',
    'module.a.module.b.a.a',
    'module.a[0].module.b.a.a',
  ];
  it('sorts by module, then resource, then key', () => {
    expect(shuffled(sorted).map(inst).sort(compareAbsResourceInstance).map(formatAbsResourceInstance)).toEqual(sorted);
  });
});

describe('compareStateFileResources (file order, §1.9)', () => {
  const k = (module: string, mode: string, type: string, name: string): StateFileResourceSortKey => ({ module, mode, type, name });
  it('compares raw strings as bytes, unlike the list order', () => {
    const sorted = [
      k('', 'data', 'z', 'z'),
      k('', 'managed', 'a', 'a'),
      k('', 'managed', 'a', 'b'),
      k('module.a', 'managed', 'a', 'a'),
      k('module.a.module.b', 'managed', 'a', 'a'),
      k('module.a.module.z', 'managed', 'a', 'a'),
      k('module.a["x"]', 'managed', 'a', 'a'),
      k('module.a[0]', 'managed', 'a', 'a'),
      k('module.a[10]', 'managed', 'a', 'a'),
      k('module.a[9]', 'managed', 'a', 'a'),
      k('module.b', 'data', 'a', 'a'),
      k('module.b', 'managed', 'a', 'a'),
    ];
    expect(shuffled(sorted).sort(compareStateFileResources)).toEqual(sorted);
  });
});
