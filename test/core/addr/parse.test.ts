import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatAbsResource,
  formatAbsResourceInstance,
  formatModuleInstance,
  formatTarget,
  intKey,
  NO_KEY,
  numberLiteralToSafeInt,
  parseAbsResource,
  parseAbsResourceInstance,
  parseConfigResourceDependency,
  parseModuleInstance,
  parseTarget,
  parseTraversal,
  stringKey,
  type Target,
} from '../../../src/core/addr/index.js';

const WHOLE = 'value must be a whole number, between -9007199254740991 and 9007199254740991';

describe('parseTarget', () => {
  it.each<[string, Target['kind'], string]>([
    ['aws_instance.web', 'resource', 'aws_instance.web'],
    ['aws_instance.web[0]', 'instance', 'aws_instance.web[0]'],
    ['aws_instance.web["a"]', 'instance', 'aws_instance.web["a"]'],
    ['data.aws_ami.x', 'resource', 'data.aws_ami.x'],
    ['ephemeral.random_password.p', 'resource', 'ephemeral.random_password.p'],
    ['list.aws_instance.all', 'resource', 'list.aws_instance.all'],
    ['resource.aws_instance.web', 'resource', 'aws_instance.web'],
    ['resource.count.x', 'resource', 'count.x'],
    ['resource.data.x', 'resource', 'data.x'],
    ['data.count.x', 'resource', 'data.count.x'],
    ['module.a', 'module', 'module.a'],
    ['module.a[0]', 'module', 'module.a[0]'],
    ['module.a["x"].module.b[0]', 'module', 'module.a["x"].module.b[0]'],
    ['module.a["x"].module.b[0].data.aws_ami.this["us-east-1"]', 'instance', 'module.a["x"].module.b[0].data.aws_ami.this["us-east-1"]'],
    ['module.a.aws_instance.web', 'resource', 'module.a.aws_instance.web'],
    ['foo-bar.baz-qux', 'resource', 'foo-bar.baz-qux'],
    ['_foo._x', 'resource', '_foo._x'],
    ['café.x', 'resource', 'café.x'],
    ['a.b[01]', 'instance', 'a.b[1]'],
    ['a.b[1.0]', 'instance', 'a.b[1]'],
    ['a.b[1e2]', 'instance', 'a.b[100]'],
    ['a.b[1.5e1]', 'instance', 'a.b[15]'],
    ['a.b[9007199254740991]', 'instance', 'a.b[9007199254740991]'],
    ['a.b["0"]', 'instance', 'a.b["0"]'],
    ['a.b[""]', 'instance', 'a.b[""]'],
    ['a.b["a\\"b"]', 'instance', 'a.b["a\\"b"]'],
    ['a.b["$${x}"]', 'instance', 'a.b["$${x}"]'],
    ['a.b["%%{y}"]', 'instance', 'a.b["%%{y}"]'],
    ['a.b["$$$${x}"]', 'instance', 'a.b["$$$${x}"]'],
    ['a.b["line\\nbreak"]', 'instance', 'a.b["line\\nbreak"]'],
    ['a.b["\\u00e9"]', 'instance', 'a.b["é"]'],
    ['a.b["\\U0001F600"]', 'instance', 'a.b["😀"]'],
    ['a.b["\\u00A0\\u200b"]', 'instance', 'a.b["\\u00a0\\u200b"]'],
    ['a.b["raw\ttab"]', 'instance', 'a.b["raw\\ttab"]'],
    // Spaces between tokens are skipped, as in Terraform (verified with 1.11.4).
    [' null_resource.a ', 'resource', 'null_resource.a'],
    ['null_resource. a', 'resource', 'null_resource.a'],
    ['null_resource .a', 'resource', 'null_resource.a'],
    ['module. a [ 0 ] . x . y', 'resource', 'module.a[0].x.y'],
    ['a.b[ "x" ]', 'instance', 'a.b["x"]'],
    ['foo\n.bar', 'resource', 'foo.bar'],
  ])('parses %j as a %s printed %s', (input, kind, printed) => {
    const r = parseTarget(input);
    expect(r.ok, JSON.stringify(r.diags)).toBe(true);
    if (!r.ok) return;
    expect(r.value.kind).toBe(kind);
    expect(formatTarget(r.value)).toBe(printed);
    expect(r.diags).toEqual([]);
  });

  it('builds the structure: module steps, mode, type, name and key', () => {
    const r = parseTarget('module.a["x"].module.b[0].data.aws_ami.this["k"]');
    expect(r).toEqual({
      ok: true,
      diags: [],
      value: {
        kind: 'instance',
        addr: {
          module: [
            { name: 'a', key: stringKey('x') },
            { name: 'b', key: intKey(0) },
          ],
          resource: { mode: 'data', type: 'aws_ami', name: 'this' },
          key: stringKey('k'),
        },
      },
    });
  });

  it('treats an unkeyed module step as NO_KEY and a keyless resource as the whole resource', () => {
    expect(parseTarget('module.a.t.n')).toEqual({
      ok: true,
      diags: [],
      value: { kind: 'resource', addr: { module: [{ name: 'a', key: NO_KEY }], resource: { mode: 'managed', type: 't', name: 'n' } } },
    });
  });

  it.each<[string, string, string, string]>([
    // Syntax (HCL) errors.
    ['', 'addr.invalid-syntax', 'Variable name required', 'Must begin with a variable name.'],
    ['1foo.bar', 'addr.invalid-syntax', 'Variable name required', 'Must begin with a variable name.'],
    ['-foo.bar', 'addr.invalid-syntax', 'Variable name required', 'Must begin with a variable name.'],
    ['foo.bar.0', 'addr.invalid-syntax', 'Attribute name required', 'Dot must be followed by attribute name.'],
    ['foo.1bar', 'addr.invalid-syntax', 'Attribute name required', 'Dot must be followed by attribute name.'],
    ['foo..bar', 'addr.invalid-syntax', 'Attribute name required', 'Dot must be followed by attribute name.'],
    ['foo.bar.', 'addr.invalid-syntax', 'Attribute name required', 'Dot must be followed by attribute name.'],
    ['module.', 'addr.invalid-syntax', 'Attribute name required', 'Dot must be followed by attribute name.'],
    ['foo.bar[*]', 'addr.splat-not-allowed', 'Attribute name required', 'Splat expressions ([*]) may not be used here.'],
    ['foo.*', 'addr.splat-not-allowed', 'Attribute name required', 'Splat expressions (.*) may not be used here.'],
    ['foo.bar.*', 'addr.splat-not-allowed', 'Attribute name required', 'Splat expressions (.*) may not be used here.'],
    ['foo.bar[-1]', 'addr.invalid-syntax', 'Index value required', 'Index brackets must contain either a literal number or a literal string.'],
    ['foo.bar[x]', 'addr.invalid-syntax', 'Index value required', 'Index brackets must contain either a literal number or a literal string.'],
    ['foo.bar[true]', 'addr.invalid-syntax', 'Index value required', 'Index brackets must contain either a literal number or a literal string.'],
    ['foo.bar[]', 'addr.invalid-syntax', 'Index value required', 'Index brackets must contain either a literal number or a literal string.'],
    ['foo.bar[.5]', 'addr.invalid-syntax', 'Index value required', 'Index brackets must contain either a literal number or a literal string.'],
    ['foo.bar[0', 'addr.invalid-syntax', 'Unclosed index brackets', 'Index key must be followed by a closing bracket.'],
    ['foo.bar[0x10]', 'addr.invalid-syntax', 'Unclosed index brackets', 'Index key must be followed by a closing bracket.'],
    ['foo.bar[1,2]', 'addr.invalid-syntax', 'Unclosed index brackets', 'Index key must be followed by a closing bracket.'],
    ['foo.bar[0]x', 'addr.invalid-syntax', 'Invalid character', 'Expected an attribute access or an index operator.'],
    ['foo.bar["a"]x', 'addr.invalid-syntax', 'Invalid character', 'Expected an attribute access or an index operator.'],
    ['foo.bar # comment', 'addr.invalid-syntax', 'Invalid character', 'Expected an attribute access or an index operator.'],
    ['foo.bar["${x}"]', 'addr.invalid-string', 'Invalid string literal', 'Template sequences are not allowed in this string. To include a literal "$", double it (as "$$") to escape it.'],
    ['foo.bar["%{x}"]', 'addr.invalid-string', 'Invalid string literal', 'Template sequences are not allowed in this string. To include a literal "%", double it (as "%%") to escape it.'],
    ['foo.bar["\\q"]', 'addr.invalid-string', 'Invalid escape sequence', 'The symbol "q" is not a valid escape sequence selector.'],
    ['foo.bar["abc', 'addr.invalid-string', 'Unterminated string literal', 'Unable to find the closing quote mark before the end of the address.'],
    // Module prefix errors.
    ['module', 'addr.invalid-module', 'Invalid address operator', 'Prefix "module." must be followed by a module name.'],
    ['module.a.module', 'addr.invalid-module', 'Invalid address operator', 'Prefix "module." must be followed by a module name.'],
    ['module["a"]', 'addr.invalid-module', 'Invalid address operator', 'Prefix "module." must be followed by a module name.'],
    ['module.a[0][1]', 'addr.invalid-module', 'Invalid address operator', 'Module address prefix must be followed by dot and then a name.'],
    ['module.a[1.5]', 'addr.invalid-module', 'Invalid address operator', `Invalid module index: ${WHOLE}.`],
    ['module.a[9007199254740992]', 'addr.invalid-module', 'Invalid address operator', `Invalid module index: ${WHOLE}.`],
    // Resource part errors.
    ['foo', 'addr.invalid-resource', 'Invalid address', 'Resource specification must include a resource type and name.'],
    ['data', 'addr.invalid-resource', 'Invalid address', 'Resource specification must include a resource type and name.'],
    ['data.foo', 'addr.invalid-resource', 'Invalid address', 'Resource specification must include a resource type and name.'],
    ['resource.foo', 'addr.invalid-resource', 'Invalid address', 'Resource specification must include a resource type and name.'],
    ['module.a.foo', 'addr.invalid-resource', 'Invalid address', 'Resource specification must include a resource type and name.'],
    ['foo[0].bar', 'addr.invalid-resource', 'Invalid address', 'A resource name is required.'],
    ['resource[0].bar', 'addr.invalid-resource', 'Invalid address', 'A resource type name is required.'],
    ['data[0].bar', 'addr.invalid-resource', 'Invalid address', 'A data source name is required.'],
    ['ephemeral[0].bar', 'addr.invalid-resource', 'Invalid address', 'An ephemeral resource type name is required.'],
    ['list[0].bar', 'addr.invalid-resource', 'Invalid address', 'A list resource type name is required.'],
    ['foo.bar.baz', 'addr.invalid-resource', 'Invalid address', 'Resource instance key must be given in square brackets.'],
    ['foo.bar[0][1]', 'addr.invalid-resource', 'Invalid address', 'Unexpected extra operators after address.'],
    ['foo.bar[0].baz', 'addr.invalid-resource', 'Invalid address', 'Unexpected extra operators after address.'],
    ['foo.bar["a"]["b"]', 'addr.invalid-resource', 'Invalid address', 'Unexpected extra operators after address.'],
    ['foo.bar[1.5]', 'addr.invalid-resource', 'Invalid address', `Invalid resource instance key: ${WHOLE}.`],
    ['foo.bar[1e400]', 'addr.invalid-resource', 'Invalid address', `Invalid resource instance key: ${WHOLE}.`],
    ['foo.bar[99999999999999999999]', 'addr.invalid-resource', 'Invalid address', `Invalid resource instance key: ${WHOLE}.`],
    ...['count', 'each', 'local', 'path', 'self', 'terraform', 'var', 'template', 'lazy', 'arg'].map(
      (kw) =>
        [
          `${kw}.x`,
          'addr.invalid-resource',
          'Invalid address',
          `The keyword "${kw}" is reserved and cannot be used to target a resource address. If you are targeting a resource type that uses a reserved keyword, please prefix your address with "resource.".`,
        ] as [string, string, string, string],
    ),
    ['module.a.count.x', 'addr.invalid-resource', 'Invalid address', 'The keyword "count" is reserved and cannot be used to target a resource address. If you are targeting a resource type that uses a reserved keyword, please prefix your address with "resource.".'],
  ])('refuses %j with %s: %s', (input, code, summary, detail) => {
    const r = parseTarget(input);
    expect(r.ok).toBe(false);
    expect(r.diags).toEqual([{ severity: 'error', code, summary, detail, address: input }]);
  });
});

describe('parseAbsResource', () => {
  it('returns the whole resource', () => {
    const r = parseAbsResource('module.a[0].aws_x.y');
    expect(r.ok && formatAbsResource(r.value)).toBe('module.a[0].aws_x.y');
  });

  it.each([
    ['aws_x.y[0]', 'A resource address is required. This instance key identifies a specific resource instance, which is not expected here.'],
    ['module.a', 'A resource address is required here. The module path must be followed by a resource specification.'],
  ])('refuses %j', (input, detail) => {
    expect(parseAbsResource(input).diags).toEqual([{ severity: 'error', code: 'addr.wrong-kind', summary: 'Invalid address', detail, address: input }]);
  });
});

describe('parseAbsResourceInstance', () => {
  it.each([
    ['aws_x.y', 'aws_x.y', 'none'],
    ['aws_x.y[2]', 'aws_x.y[2]', 'int'],
    ['module.m["k"].data.aws_x.y["z"]', 'module.m["k"].data.aws_x.y["z"]', 'string'],
  ])('parses %j (key kind %s)', (input, printed, keyKind) => {
    const r = parseAbsResourceInstance(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(formatAbsResourceInstance(r.value)).toBe(printed);
    expect(r.value.key.kind).toBe(keyKind);
  });

  it('refuses a module path', () => {
    expect(parseAbsResourceInstance('module.a').diags).toEqual([
      {
        severity: 'error',
        code: 'addr.wrong-kind',
        summary: 'Invalid address',
        detail: 'A resource instance address is required here. The module path must be followed by a resource instance specification.',
        address: 'module.a',
      },
    ]);
  });
});

describe('parseModuleInstance', () => {
  it.each([
    ['', ''],
    ['module.a', 'module.a'],
    ['module.a[0].module.b["x"]', 'module.a[0].module.b["x"]'],
    ['module.a["\\u00e9"]', 'module.a["é"]'],
  ])('parses the state file module %j', (input, printed) => {
    const r = parseModuleInstance(input);
    expect(r.ok).toBe(true);
    if (r.ok) expect(formatModuleInstance(r.value)).toBe(printed);
  });

  it.each([
    ['aws_x.y', 'A module instance address must begin with "module.".'],
    ['module.a.aws_x.y', 'The module instance address is followed by additional invalid content.'],
  ])('refuses %j', (input, detail) => {
    expect(parseModuleInstance(input).diags).toEqual([
      { severity: 'error', code: 'addr.invalid-module', summary: 'Invalid module instance address', detail, address: input },
    ]);
  });

  it('reports syntax errors from the traversal', () => {
    expect(parseModuleInstance('module.a[').diags[0]?.summary).toBe('Index value required');
  });
});

describe('parseConfigResourceDependency', () => {
  it.each([
    ['null_resource.a', 'null_resource.a'],
    ['module.a[0].t.other', 'module.a.t.other'],
    ['module.b["k"].module.c[1].data.t.z', 'module.b.module.c.data.t.z'],
  ])('reads %j as the config resource %s', (input, printed) => {
    const r = parseConfigResourceDependency(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(formatAbsResource(r.value)).toBe(printed);
    expect(r.value.module.every((s) => s.key.kind === 'none')).toBe(true);
  });

  it('refuses an instance key on the resource, like Terraform', () => {
    expect(parseConfigResourceDependency('null_resource.a[0]').diags[0]?.code).toBe('addr.wrong-kind');
  });
});

describe('numberLiteralToSafeInt', () => {
  it.each([
    ['0', 0],
    ['007', 7],
    ['1.0', 1],
    ['1.50e1', 15],
    ['1e2', 100],
    ['1E+2', 100],
    ['1000e-3', 1],
    ['0.0e999999999', 0],
    ['9007199254740991', 9007199254740991],
    ['9007199254740992', undefined],
    ['1.5', undefined],
    ['1e-1', undefined],
    ['1e999999999', undefined],
    ['1e15', 1e15],
  ])('%s → %s', (text, want) => {
    expect(numberLiteralToSafeInt(text)).toBe(want);
  });
});

describe('parseTraversal', () => {
  it('reads plain dotted names the same on its fast path as on its general path', () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,6}$/);
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 6 }), (names) => {
        const s = names.join('.');
        const fast = parseTraversal(s);
        // A leading space is skipped by the general path and keeps the fast path out.
        expect(parseTraversal(' ' + s)).toEqual(fast);
        expect(fast.ok && fast.value).toEqual(names.map((n) => ({ kind: 'name', name: n })));
      }),
      { numRuns: 300 },
    );
  });

  it('reads keys as index steps', () => {
    expect(parseTraversal('a[0]["x"]')).toEqual({
      ok: true,
      diags: [],
      value: [
        { kind: 'name', name: 'a' },
        { kind: 'index', key: { kind: 'number', value: 0 } },
        { kind: 'index', key: { kind: 'string', value: 'x' } },
      ],
    });
  });
});
