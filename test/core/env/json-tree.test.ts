import { describe, expect, it } from 'vitest';
import { parseJsonTree, toPlain } from '../../../src/core/env/json-tree.js';

describe('parseJsonTree', () => {
  it('keeps positions of values and keys, and duplicate keys', () => {
    const r = parseJsonTree('{\n  "a": [1, true, null],\n  "a": "x"\n}');
    expect(r.ok).toBe(true);
    if (!r.ok || r.root.kind !== 'object') return;
    expect(r.root.members.map((m) => [m.key, m.keyAt, m.value.at])).toEqual([
      ['a', { line: 2, column: 3 }, { line: 2, column: 8 }],
      ['a', { line: 3, column: 3 }, { line: 3, column: 8 }],
    ]);
    expect(toPlain(r.root)).toEqual({ a: 'x' });
  });

  it('counts columns in characters, not bytes', () => {
    const r = parseJsonTree('{"é": x}');
    expect(r.ok ? null : r.at).toEqual({ line: 1, column: 7 });
    expect(r.ok ? '' : r.message).toMatch(/x/);
  });

  it('does not let a __proto__ key change the plain object\'s prototype', () => {
    const r = parseJsonTree('{"__proto__": {"polluted": true}}');
    const plain = r.ok ? (toPlain(r.root) as Record<string, unknown>) : {};
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.keys(plain)).toEqual(['__proto__']);
  });
});
