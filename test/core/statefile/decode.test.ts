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
