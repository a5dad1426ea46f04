import { describe, expect, it } from 'vitest';
import {
  absResourceEquals,
  absResourceInstanceEquals,
  absResourceOf,
  formatAbsResourceInstance,
  formatModuleInstance,
  instanceOf,
  intKey,
  keyEquals,
  moduleChild,
  moduleEquals,
  moduleIsPrefixExact,
  moduleIsRoot,
  moduleMatchesTarget,
  moduleParent,
  NO_KEY,
  resourceEquals,
  ROOT_MODULE,
  stringKey,
  targetMatchesInstance,
  toConfigModule,
} from '../../../src/core/addr/index.js';
import { inst, mod, res, target } from './helpers.js';

describe('keyEquals', () => {
  it.each([
    [NO_KEY, NO_KEY, true],
    [intKey(0), intKey(0), true],
    [intKey(0), intKey(1), false],
    [intKey(0), stringKey('0'), false],
    [stringKey('a'), stringKey('a'), true],
    [NO_KEY, intKey(0), false],
  ])('%j = %j → %s', (a, b, want) => {
    expect(keyEquals(a, b)).toBe(want);
  });
});

describe('moduleEquals and friends', () => {
  it('compares names and keys of every step', () => {
    expect(moduleEquals(mod('module.a[0]'), mod('module.a[0]'))).toBe(true);
    expect(moduleEquals(mod('module.a[0]'), mod('module.a["0"]'))).toBe(false);
    expect(moduleEquals(mod('module.a'), mod('module.a.module.b'))).toBe(false);
    expect(moduleEquals(ROOT_MODULE, mod(''))).toBe(true);
  });

  it('navigates the tree without changing its input', () => {
    const m = mod('module.a[0].module.b["x"]');
    expect(formatModuleInstance(moduleParent(m))).toBe('module.a[0]');
    expect(moduleParent(ROOT_MODULE)).toBe(ROOT_MODULE);
    expect(moduleIsRoot(moduleParent(moduleParent(m)))).toBe(true);
    expect(formatModuleInstance(moduleChild(m, 'c', intKey(2)))).toBe('module.a[0].module.b["x"].module.c[2]');
    expect(formatModuleInstance(toConfigModule(m))).toBe('module.a.module.b');
    expect(formatModuleInstance(m)).toBe('module.a[0].module.b["x"]');
  });
});

describe('moduleIsPrefixExact (state mv expansion)', () => {
  it.each([
    ['module.k', 'module.k', true],
    ['module.k', 'module.k.module.c', true],
    ['module.k', 'module.k["one"]', false],
    ['module.k', 'module.k["one"].module.c', false],
    ['module.k["one"]', 'module.k["one"].module.c', true],
    ['module.k["one"]', 'module.k["two"]', false],
    ['module.k[0]', 'module.k["0"]', false],
    ['module.k.module.c', 'module.k', false],
    ['', 'module.anything', true],
  ])('%s contains %s → %s', (prefix, m, want) => {
    expect(moduleIsPrefixExact(mod(prefix), mod(m))).toBe(want);
  });
});

describe('moduleMatchesTarget (state list / rm)', () => {
  it.each([
    ['module.a', 'module.a', true],
    ['module.a', 'module.a[0]', true],
    ['module.a', 'module.a["x"]', true],
    ['module.a', 'module.a[0].module.b', true],
    ['module.a', 'module.b', false],
    ['module.a', '', false],
    ['module.a[0]', 'module.a[0]', true],
    ['module.a[0]', 'module.a[1]', false],
    ['module.a[0]', 'module.a', false],
    ['module.a[0]', 'module.a[0].module.b', true],
    ['module.a[0]', 'module.a[1].module.b', false],
    ['module.a.module.b', 'module.a.module.b', true],
    ['module.a.module.b', 'module.a.module.b[3]', true],
    // Terraform's quirk: an unkeyed non-last step matches keys only in deeper modules.
    ['module.a.module.b', 'module.a[0].module.b', false],
    ['module.a.module.b', 'module.a[0].module.b.module.c', true],
    ['module.a.module.b', 'module.a[0].module.b[1].module.c', true],
    ['module.a[0].module.b', 'module.a[0].module.b["k"]', true],
    ['module.a.module.b', 'module.a', false],
  ])('target %s matches %s → %s', (t, m, want) => {
    expect(moduleMatchesTarget(mod(t), mod(m))).toBe(want);
  });
});

describe('resource equality and conversions', () => {
  it('compares mode, type, name, module and key', () => {
    expect(resourceEquals(res('data.a.b').resource, res('a.b').resource)).toBe(false);
    expect(absResourceEquals(res('module.m.a.b'), res('module.m.a.b'))).toBe(true);
    expect(absResourceEquals(res('module.m.a.b'), res('module.m[0].a.b'))).toBe(false);
    expect(absResourceInstanceEquals(inst('a.b[0]'), inst('a.b[0]'))).toBe(true);
    expect(absResourceInstanceEquals(inst('a.b[0]'), inst('a.b'))).toBe(false);
  });

  it('moves between a resource and its instances', () => {
    const i = inst('module.m.a.b["k"]');
    expect(absResourceEquals(absResourceOf(i), res('module.m.a.b'))).toBe(true);
    expect(formatAbsResourceInstance(instanceOf(res('module.m.a.b'), intKey(4)))).toBe('module.m.a.b[4]');
  });
});

describe('targetMatchesInstance', () => {
  it.each([
    ['module.a', 'module.a[1].x.y', true],
    ['module.a', 'module.ab.x.y', false],
    ['x.y', 'x.y[0]', true],
    ['x.y', 'x.y', true],
    ['x.y', 'module.a.x.y', false],
    ['x.y', 'data.x.y', false],
    ['x.y[0]', 'x.y[0]', true],
    ['x.y[0]', 'x.y[1]', false],
    ['x.y["0"]', 'x.y[0]', false],
  ])('%s selects %s → %s', (t, i, want) => {
    expect(targetMatchesInstance(target(t), inst(i))).toBe(want);
  });
});
