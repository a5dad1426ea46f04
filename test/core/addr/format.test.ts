import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatAbsResource,
  formatAbsResourceInstance,
  formatKey,
  formatModuleInstance,
  formatResource,
  formatTarget,
  hclQuote,
  intKey,
  NO_KEY,
  parseModuleInstance,
  parseTarget,
  readHclStringLiteral,
  RESERVED_RESOURCE_ROOTS,
  ROOT_MODULE,
  stringKey,
  type AbsResourceInstance,
  type InstanceKey,
  type ModuleInstance,
  type ResourceMode,
  type Target,
} from '../../../src/core/addr/index.js';

describe('formatKey', () => {
  it.each<[InstanceKey, string]>([
    [NO_KEY, ''],
    [intKey(0), '[0]'],
    [intKey(10), '[10]'],
    [stringKey('x'), '["x"]'],
    [stringKey('0'), '["0"]'],
    [stringKey(''), '[""]'],
    [stringKey('a"b'), '["a\\"b"]'],
    [stringKey('${x}'), '["$${x}"]'],
  ])('prints %j as %s', (key, want) => {
    expect(formatKey(key)).toBe(want);
  });
});

describe('formatModuleInstance', () => {
  it.each<[ModuleInstance, string]>([
    [ROOT_MODULE, ''],
    [[{ name: 'a', key: NO_KEY }], 'module.a'],
    [
      [
        { name: 'a', key: stringKey('x') },
        { name: 'b', key: intKey(0) },
      ],
      'module.a["x"].module.b[0]',
    ],
  ])('prints %j as %j', (m, want) => {
    expect(formatModuleInstance(m)).toBe(want);
  });
});

describe('formatResource', () => {
  it.each<[ResourceMode, string]>([
    ['managed', 'aws_x.a'],
    ['data', 'data.aws_x.a'],
    ['ephemeral', 'ephemeral.aws_x.a'],
    ['list', 'list.aws_x.a'],
  ])('prints a %s resource as %s', (mode, want) => {
    expect(formatResource({ mode, type: 'aws_x', name: 'a' })).toBe(want);
  });

  it('prints a reserved-word type without "resource." like Terraform does', () => {
    expect(formatResource({ mode: 'managed', type: 'count', name: 'x' })).toBe('count.x');
  });
});

describe('formatAbsResource / formatAbsResourceInstance / formatTarget', () => {
  const a = [{ name: 'a', key: intKey(1) }];
  const r = { mode: 'data' as const, type: 't', name: 'n' };
  it('joins module path and resource with a dot, and omits the path at the root', () => {
    expect(formatAbsResource({ module: ROOT_MODULE, resource: r })).toBe('data.t.n');
    expect(formatAbsResource({ module: a, resource: r })).toBe('module.a[1].data.t.n');
    expect(formatAbsResourceInstance({ module: a, resource: r, key: stringKey('k') })).toBe('module.a[1].data.t.n["k"]');
    expect(formatAbsResourceInstance({ module: ROOT_MODULE, resource: r, key: NO_KEY })).toBe('data.t.n');
  });

  it.each<[Target, string]>([
    [{ kind: 'module', module: a }, 'module.a[1]'],
    [{ kind: 'resource', addr: { module: a, resource: r } }, 'module.a[1].data.t.n'],
    [{ kind: 'instance', addr: { module: ROOT_MODULE, resource: r, key: intKey(3) } }, 'data.t.n[3]'],
  ])('formats the target %#', (t, want) => {
    expect(formatTarget(t)).toBe(want);
  });
});

// Round trips over random structural addresses.
const asciiIdent = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,7}$/);
const ident = fc.oneof({ weight: 5, arbitrary: asciiIdent }, fc.constantFrom('café', 'ñandú', '名前', 'x_日本', 'Ωmega-1'));
const MODE_WORDS = new Set(['data', 'ephemeral', 'list', 'resource', 'module']);
const resourceType = ident.filter((s) => !RESERVED_RESOURCE_ROOTS.has(s) && !MODE_WORDS.has(s));
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.stringMatching(/^[$%{}"\\\n\r\t a]{0,8}$/),
);
const key: fc.Arbitrary<InstanceKey> = fc.oneof(
  fc.constant(NO_KEY),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }).map(intKey),
  anyString.map(stringKey),
);
const module: fc.Arbitrary<ModuleInstance> = fc.array(fc.record({ name: ident, key }), { maxLength: 4 });
const mode = fc.constantFrom<ResourceMode>('managed', 'data', 'ephemeral', 'list');
const instance: fc.Arbitrary<AbsResourceInstance> = fc.record({
  module,
  resource: fc.record({ mode, type: resourceType, name: ident }),
  key,
});

describe('format/parse round trip', () => {
  it('parses every formatted instance back to the same structure and string', () => {
    fc.assert(
      fc.property(instance, (addr) => {
        const s = formatAbsResourceInstance(addr);
        const r = parseTarget(s);
        expect(r.ok, s).toBe(true);
        if (!r.ok) return;
        expect(formatTarget(r.value)).toBe(s);
        const parsed = r.value.kind === 'instance' ? r.value.addr : r.value.kind === 'resource' ? { ...r.value.addr, key: NO_KEY } : undefined;
        expect(parsed).toEqual(addr);
      }),
      { numRuns: 500 },
    );
  });

  it('parses every formatted module path back to the same path', () => {
    fc.assert(
      fc.property(module, (m) => {
        const s = formatModuleInstance(m);
        const r = parseModuleInstance(s);
        expect(r.ok && formatModuleInstance(r.value)).toBe(s);
        expect(r.ok && r.value).toEqual(m);
      }),
      { numRuns: 300 },
    );
  });

  it('reads every quoted string back to the original', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const q = hclQuote(s);
        expect(readHclStringLiteral(q, 0, q)).toEqual({ ok: true, literal: { value: s, end: q.length } });
      }),
      { numRuns: 500 },
    );
  });
});
