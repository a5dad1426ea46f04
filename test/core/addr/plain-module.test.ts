/**
 * The fast path for plain module addresses answers exactly what the general
 * parser (traversal, then module prefix) answers, and leaves everything it is
 * not sure of to it: checked on generated addresses built from tricky parts
 * and on every module path of the fixtures.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moduleInstancePrefix } from '../../../src/core/addr/parse.js';
import { parsePlainModuleInstance } from '../../../src/core/addr/plain-module.js';
import { parseTraversal } from '../../../src/core/addr/traversal.js';
import { formatModuleInstance, parseModuleInstance } from '../../../src/core/addr/index.js';
import { fixtureBytes, stateFixtures } from '../../support/state-fixtures.js';

/** What the general parser makes of `str`: the module steps, or null when it refuses. */
function general(str: string): unknown {
  const t = parseTraversal(str);
  if (!t.ok) return null;
  const p = moduleInstancePrefix(t.value, str);
  if (!p.ok || p.value.rest !== t.value.length) return null;
  return p.value.module;
}

const name = fc.oneof({ arbitrary: fc.constantFrom('a', 'db', 'node_pool', 'x-1', '_u', 'module', 'data'), weight: 4 }, { arbitrary: fc.constantFrom('9a', 'é', 'a b', ''), weight: 1 });
const key = fc.constantFrom('', '[0]', '["\u007f"]', '["a\u2028b"]', '["~!@#&*()"]', '[7]', '[10]', '[01]', '[999999999999999]', '[9999999999999999]', '[1.5]', '[1e3]', '["k"]', '[""]', '["blue"]', '["a.b"]', '["a\\"b"]', '["${x}"]', '["$$"]', '["%{"]', '["é ü"]', '["\\u00e9"]', '[ 1 ]', '["a"', '[*]', '["\u0001"]');
const step = fc.tuple(fc.oneof({ arbitrary: fc.constant('module.'), weight: 6 }, { arbitrary: fc.constantFrom('module .', 'mod.', 'module.module.', ''), weight: 1 }), name, key).map(([p, n, k]) => p + n + k);
const address = fc.array(step, { minLength: 1, maxLength: 4 }).chain((steps) => fc.oneof({ arbitrary: fc.constant('.'), weight: 6 }, { arbitrary: fc.constantFrom('..', ' .'), weight: 1 }).map((sep) => steps.join(sep)));

describe('the plain module address fast path', () => {
  it('answers as the general parser does whenever it answers, and answers the common shapes', () => {
    let answered = 0;
    fc.assert(
      fc.property(address, (str) => {
        const fast = parsePlainModuleInstance(str);
        if (fast === null) return true;
        answered++;
        expect(fast).toEqual(general(str));
        expect(formatModuleInstance(fast)).toBe(str); // already canonical
        return true;
      }),
      { numRuns: 5000, seed: 1129 },
    );
    expect(answered).toBeGreaterThan(300);
  });

  it.each([
    ['module.a', [{ name: 'a', key: { kind: 'none' } }]],
    ['module.svc["billing-000"].module.db[0]', [{ name: 'svc', key: { kind: 'string', value: 'billing-000' } }, { name: 'db', key: { kind: 'int', value: 0 } }]],
    ['module.module["module.x"]', [{ name: 'module', key: { kind: 'string', value: 'module.x' } }]],
  ])('reads %s', (str, steps) => {
    expect(parsePlainModuleInstance(str)).toEqual(steps);
    expect(general(str)).toEqual(steps);
  });

  it.each(['module.a["é"]', 'module.a[01]', 'module.a["x\\"y"]', 'module.a["${x}"]', 'module.a[ 1 ]', 'module.é', 'module.a.', 'data.a', 'module.a["é"].b'])('leaves %s to the general parser', (str) => {
    expect(parsePlainModuleInstance(str)).toBeNull();
  });

  it('reads every module path of the fixtures as the general parser does', () => {
    const seen = new Set<string>();
    for (const f of stateFixtures()) for (const m of new TextDecoder().decode(fixtureBytes(f)).matchAll(/"module": ("(?:[^"\\]|\\.)*")/g)) seen.add(JSON.parse(m[1]!) as string);
    expect(seen.size).toBeGreaterThan(5);
    for (const str of seen) {
      const r = parseModuleInstance(str);
      expect(r.ok ? r.value : null).toEqual(general(str));
    }
  });
});
