import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from '../../../src/core/statefile/index.js';
import { fixtureBytes, text } from '../../support/state-fixtures.js';

function diagsOf(name: string) {
  const r = decodeState(fixtureBytes(name), { location: name });
  return r.ok ? [] : r.diags;
}

describe('decoding refuses what is not a usable state', () => {
  it.each([
    ['invalid/empty.tfstate', 'state.empty', 'No state'],
    ['invalid/binary-v0.tfstate', 'state.legacy-binary', 'Unsupported legacy state format'],
    ['invalid/future-v5.tfstate', 'state.unsupported-version', 'Unsupported state file format'],
    ['invalid/no-version.tfstate', 'state.no-version', 'Not a state file'],
    ['invalid/bad-private-base64.tfstate', 'state.bad-private', 'Invalid resource in state'],
    ['invalid/bad-terraform-version.tfstate', 'state.bad-terraform-version', 'Invalid state file format'],
    ['invalid/bad-provider.tfstate', 'state.bad-provider', 'Invalid resource in state'],
    ['tofu-encrypted.tfstate', 'state.encrypted', 'State file is encrypted'],
  ])('%s is refused with %s', (name, code, summary) => {
    const d = diagsOf(name);
    expect(d.map((x) => x.code)).toContain(code);
    expect(d.find((x) => x.code === code)?.summary).toBe(summary);
  });

  it('names the Terraform version that wrote a newer format', () => {
    expect(diagsOf('invalid/future-v5.tfstate')[0].detail).toBe(
      'invalid/future-v5.tfstate uses state format version 5, but tfstate supports versions 1 to 4. It was written by Terraform 2.0.0. Use a tool that understands that format; tfstate refuses rather than risk rewriting it.',
    );
  });

  it('gives the line and column of a JSON syntax error', () => {
    expect(diagsOf('invalid/bad-json.tfstate')[0].detail).toMatch(/^invalid\/bad-json\.tfstate:5:3: invalid character '"' after object key:value pair\./);
  });

  it('reports every structural problem, not only the first', () => {
    const codes = diagsOf('invalid/structural-errors.tfstate').map((d) => d.code).sort();
    expect(codes).toEqual(['state.bad-dependency', 'state.bad-deposed', 'state.bad-index-key', 'state.bad-mode', 'state.bad-module', 'state.bad-status', 'state.duplicate-instance']);
  });

  it('tells instances apart by key kind and deposed key: [1] and ["1"] differ, a repeated deposed object is a duplicate', () => {
    const inst = (key: string, deposed = '') => `{"index_key": ${key}${deposed ? `, "deposed": "${deposed}"` : ''}, "schema_version": 0, "attributes": {}}`;
    const state = (instances: string[]) =>
      `{"version":4,"terraform_version":"1.11.4","serial":1,"lineage":"x","outputs":{},"resources":[{"mode":"managed","type":"t","name":"n","provider":"provider[\\"registry.terraform.io/h/t\\"]","instances":[${instances.join(',')}]}]}`;
    const codes = (instances: string[]) => decodeState(new TextEncoder().encode(state(instances)), { location: 's' }).diags.map((d) => d.code);
    expect(codes([inst('1'), inst('"1"'), inst('1', 'abcd1234')])).toEqual([]);
    expect(codes([inst('"a"'), inst('"a"')])).toEqual(['state.duplicate-instance']);
    expect(codes([inst('2', 'abcd1234'), inst('2', 'abcd1234')])).toEqual(['state.duplicate-instance']);
    // Many objects take another path: the same answers.
    const ten = Array.from({ length: 10 }, (_, i) => inst(String(i)));
    expect(codes([...ten, inst('"3"'), inst('3', 'abcd1234')])).toEqual([]);
    expect(codes([...ten, inst('4'), inst('"a"'), inst('"a"')])).toEqual(['state.duplicate-instance', 'state.duplicate-instance']);
  });

  it('names a resource with no mode, type, name or provider without printing "undefined"', () => {
    const state = '{"version":4,"terraform_version":"1.11.4","serial":1,"lineage":"x","outputs":{},"resources":[{"": null, "instances": []}]}';
    const r = decodeState(new TextEncoder().encode(state), { location: 'bare.tfstate' });
    expect(r.ok).toBe(false);
    const details = r.diags.map((d) => d.detail);
    expect(details).toEqual([
      'bare.tfstate:1: a resource without a valid "type" and "name" has no "mode"; it must be "managed" or "data".',
      'bare.tfstate:1: a resource has a missing or invalid "type" or "name" (type missing, name missing).',
      'bare.tfstate:1: a resource without a valid "type" and "name" has no provider address, neither on the resource nor on its instances.',
    ]);
  });

  it('shortens a long invalid value quoted in a message', () => {
    const state = `{"version":4,"terraform_version":"1.11.4","serial":1,"lineage":"x","outputs":{},"resources":[{"mode":"${'m'.repeat(5000)}","type":"t","name":"n","provider":"provider[\\"registry.terraform.io/hashicorp/null\\"]","instances":[]}]}`;
    const r = decodeState(new TextEncoder().encode(state), { location: 'long.tfstate' });
    expect(r.ok ? '' : r.diags[0].detail).toBe(`long.tfstate:1: resource t.n has invalid mode "${'m'.repeat(76)}...; it must be "managed" or "data".`);
  });

  it('names a deeply nested invalid value by its kind instead of overflowing the stack', () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    const state = `{"version":4,"terraform_version":"1.11.4","serial":1,"lineage":"x","outputs":{},"resources":[{"mode":${deep},"type":"t","name":"n","provider":"provider[\\"registry.terraform.io/hashicorp/null\\"]","instances":[{"status":${deep},"schema_version":0,"attributes":{}}]}]}`;
    const r = decodeState(new TextEncoder().encode(state), { location: 'deep.tfstate' });
    expect(r.ok ? [] : r.diags.map((d) => d.detail)).toEqual([
      'deep.tfstate:1: instance has invalid status an array; it must be "tainted" or absent.',
      'deep.tfstate:1: resource t.n has invalid mode an array; it must be "managed" or "data".',
    ]);
  });

  it.each([
    ['['.repeat(50_000) + ']'.repeat(50_000), 'an array'],
    ['1e999', '1e999'],
    ['"4"', '"4"'],
  ])('quotes an invalid "version" %#, however deep, without overflowing the stack', (version, shownAs) => {
    const r = decodeState(new TextEncoder().encode(`{"version": ${version}, "serial": 1}`), { location: 'v.tfstate' });
    expect(r.ok ? '' : r.diags[0].detail).toBe(`v.tfstate has an invalid "version" attribute (${shownAs}); it must be an integer between 1 and 4.`);
  });

  it('says an encrypted OpenTofu state needs its key configuration', () => {
    expect(diagsOf('tofu-encrypted.tfstate')[0].detail).toMatch(/can not be read without an encryption configuration/);
  });
});

describe('legacy formats are upgraded exactly as Terraform does', () => {
  it.each(['v1-simple', 'v3-simple', 'v3-modules'])('%s upgrades to the v4 Terraform writes (terraform_version aside)', (name) => {
    const r = decodeState(fixtureBytes(`${name}.tfstate`), { location: name });
    if (!r.ok) throw new Error(r.diags.map((d) => d.detail).join('\n'));
    expect(r.value.upgraded).toBe(true);
    const ours = text(encodeState(r.value)).replace(/"terraform_version": "[^"]*"/, '"terraform_version": "X"');
    const theirs = text(fixtureBytes(`${name}.upgraded-by-terraform.tfstate`)).replace(/"terraform_version": "[^"]*"/, '"terraform_version": "X"');
    expect(ours).toBe(theirs);
  });

  const legacy = (version: number, module: object): string => JSON.stringify({ version, serial: 1, lineage: 'l', modules: [{ path: ['root'], ...module }] });
  it.each([
    ['a resource that is null', legacy(3, { resources: { 'aws_instance.a': null } }), 'modules[0].resources["aws_instance.a"] is null, not an object'],
    ['attributes that are not strings', legacy(3, { resources: { 'aws_instance.a': { primary: { id: 'i', attributes: { n: 1 } } } } }), 'modules[0].resources["aws_instance.a"].primary.attributes is an object, not an object of strings'],
    ['a v1 output that is not a string', legacy(1, { outputs: { o: [1] } }), 'modules[0].outputs["o"] is an array, not a string'],
    ['a module that is a number', JSON.stringify({ version: 2, serial: 1, modules: [7] }), 'modules[0] is a number, not an object'],
    ['a deposed list that is an object', legacy(3, { resources: { 'aws_instance.a': { deposed: {} } } }), 'modules[0].resources["aws_instance.a"].deposed is an object, not an array'],
    ['a huge number', legacy(3, { outputs: { o: { value: 'HUGE' } } }).replace('"HUGE"', '1e999'), 'a number is too large to represent (such as 1e999)'],
    ['a serial that is not an integer', JSON.stringify({ version: 3, serial: 1.5, modules: [] }), 'serial is a number, not a non-negative integer'],
    ['a deposed object that is null', legacy(3, { resources: { 'aws_instance.a': { deposed: [null] } } }), 'modules[0].resources["aws_instance.a"].deposed[0] is null, not an object'],
    ['an output value nested too deep', legacy(3, { outputs: { o: { value: 'V' } } }).replace('"V"', '['.repeat(5000) + ']'.repeat(5000)), 'modules[0].outputs["o"].value is nested deeper than 1000 levels'],
  ])('refuses a legacy state with %s, saying where', (_what, state, problem) => {
    const r = decodeState(new TextEncoder().encode(state), { location: 'old.tfstate' });
    expect(r.ok).toBe(false);
    expect(r.ok ? null : { code: r.diags[0].code, detail: r.diags[0].detail }).toMatchObject({ code: 'state.bad-legacy', detail: expect.stringContaining(problem) as unknown as string });
  });

  it('keeps a legacy resource whose key is __proto__ visible, and refuses it as an invalid address', () => {
    const state = legacy(1, { resources: { PROTO: { type: 'x', primary: { id: 'i' } } } }).replace('"PROTO"', '"__proto__"');
    const r = decodeState(new TextEncoder().encode(state), { location: 'old.tfstate' });
    expect(r.ok ? '' : r.diags[0].code).toBe('state.bad-resource-name');
  });
});

describe('OpenTofu compact framing', () => {
  it('keeps the compact framing when a resource is re-serialised', () => {
    const r = decodeState(fixtureBytes('tofu-compact.tfstate'), { location: 'tofu' });
    if (!r.ok) throw new Error(r.diags.map((d) => d.detail).join('\n'));
    expect(r.value.framing).toBe('compact');
    const rebuilt = { ...r.value, resources: r.value.resources.map((e) => ({ ...e, origin: null, instances: e.instances.map((i) => ({ ...i, origin: null })) })) };
    expect(text(encodeState(rebuilt))).toBe(text(fixtureBytes('tofu-compact.tfstate')));
  });
});

describe('lossless values', () => {
  it('keeps big integers, number spelling and escapes through a rewrite of their resource', () => {
    const bytes = fixtureBytes('v4-tricky-numbers-escapes.tfstate');
    const r = decodeState(bytes, { location: 'tricky' });
    if (!r.ok) throw new Error(r.diags.map((d) => d.detail).join('\n'));
    const rebuilt = { ...r.value, meta: { ...r.value.meta, serial: r.value.meta.serial + 1n }, resources: r.value.resources.map((e) => ({ ...e, origin: null, instances: e.instances.map((i) => ({ ...i, origin: null })) })) };
    const out = text(encodeState(rebuilt));
    const src = text(bytes);
    for (const token of ['100.0', '\\u00e9', '\\/']) if (src.includes(token)) expect(out).toContain(token);
    expect(out.replace(/"serial": \d+/, '')).toBe(src.replace(/"serial": \d+/, ''));
  });
});
