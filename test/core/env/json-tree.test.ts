import { describe, expect, it } from 'vitest';
import { MAX_JSON_TREE_DEPTH, parseJsonTree, toPlain } from '../../../src/core/env/json-tree.js';

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

  it('refuses nesting deeper than the limit with a position instead of overflowing the stack', () => {
    const deep = '{"environments": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const r = parseJsonTree(deep);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toBe(`nesting is deeper than ${MAX_JSON_TREE_DEPTH} levels`);
    expect(r.ok ? null : r.at).toEqual({ line: 1, column: 17 + MAX_JSON_TREE_DEPTH });
  });

  it('accepts nesting up to the limit', () => {
    const r = parseJsonTree('['.repeat(MAX_JSON_TREE_DEPTH) + ']'.repeat(MAX_JSON_TREE_DEPTH));
    expect(r.ok).toBe(true);
  });

  it('reports positions on later lines after multi-byte characters', () => {
    const r = parseJsonTree('{\n "é🚀": 1,\n  "b": [true, x]\n}');
    expect(r.ok ? null : r.at).toEqual({ line: 3, column: 15 });
  });
});
