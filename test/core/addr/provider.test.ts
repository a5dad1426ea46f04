import { describe, expect, it } from 'vitest';
import {
  formatProviderConfig,
  formatProviderSource,
  impliedProviderSource,
  impliedProviderType,
  isBuiltInProvider,
  isLegacyProvider,
  parseProviderConfig,
  parseProviderSource,
  providerConfigEquals,
} from '../../../src/core/addr/index.js';

describe('parseProviderConfig', () => {
  it.each([
    // Modern forms are kept (after source normalisation).
    ['provider["registry.terraform.io/hashicorp/aws"]', 'provider["registry.terraform.io/hashicorp/aws"]', false],
    ['provider["registry.terraform.io/hashicorp/aws"].west', 'provider["registry.terraform.io/hashicorp/aws"].west', false],
    ['module.a.module.b.provider["registry.terraform.io/hashicorp/aws"]', 'module.a.module.b.provider["registry.terraform.io/hashicorp/aws"]', false],
    ['provider["aws"]', 'provider["registry.terraform.io/hashicorp/aws"]', false],
    ['provider["registry.terraform.io/HashiCorp/T"]', 'provider["registry.terraform.io/hashicorp/t"]', false],
    ['provider["registry.terraform.io/-/Foo"]', 'provider["registry.terraform.io/-/foo"]', false],
    ['provider["MÜNCHEN.de:443/ns/x"]', 'provider["münchen.de/ns/x"]', false],
    ['provider["registry.terraform.io/hashicorp/aws"]  .  west', 'provider["registry.terraform.io/hashicorp/aws"].west', false],
    // Legacy forms become legacy providers; names pass through verbatim.
    ['provider.aws', 'provider["registry.terraform.io/-/aws"]', true],
    ['provider.aws.west', 'provider["registry.terraform.io/-/aws"].west', true],
    ['module.x.provider.aws', 'module.x.provider["registry.terraform.io/-/aws"]', true],
    ['module.x.provider.aws.west', 'module.x.provider["registry.terraform.io/-/aws"].west', true],
    ['provider.terraform', 'provider["terraform.io/builtin/terraform"]', true],
    ['provider.AWS', 'provider["registry.terraform.io/-/AWS"]', true],
    // The odd spaced form from the v4-legacy-modules round-trip case: Terraform reads it as provider.null.
    ['provider. null', 'provider["registry.terraform.io/-/null"]', true],
  ])('reads %j and writes it back as %s (legacy syntax: %s)', (input, printed, legacy) => {
    const r = parseProviderConfig(input);
    expect(r.ok, JSON.stringify(r.diags)).toBe(true);
    if (!r.ok) return;
    expect(formatProviderConfig(r.value.config)).toBe(printed);
    expect(r.value.legacy).toBe(legacy);
  });

  it('builds the structure', () => {
    expect(parseProviderConfig('module.a.provider["example.com/acme/thing"].x')).toEqual({
      ok: true,
      diags: [],
      value: { config: { module: ['a'], provider: { hostname: 'example.com', namespace: 'acme', type: 'thing' }, alias: 'x' }, legacy: false },
    });
  });

  it.each([
    ['module.a[0].provider["registry.terraform.io/hashicorp/aws"]', 'Provider address cannot contain module indexes.'],
    ['aws_instance.x', 'Provider address must begin with "provider.", followed by a provider type name.'],
    ['provider', 'Provider address must begin with "provider.", followed by a provider type name.'],
    ['module.a', 'Provider address must begin with "provider.", followed by a provider type name.'],
    ['provider["hashicorp/aws"].x.y', 'Extraneous operators after provider configuration alias.'],
    ['provider[0]', 'The prefix "provider." must be followed by a provider type name.'],
    ['provider["hashicorp/aws"][0]', 'Provider type name must be followed by a configuration alias name.'],
  ])('refuses %j', (input, detail) => {
    expect(parseProviderConfig(input).diags).toEqual([
      { severity: 'error', code: 'addr.invalid-provider-config', summary: 'Invalid provider configuration address', detail, address: input },
    ]);
  });

  it('reports a bad quoted source with the source error', () => {
    expect(parseProviderConfig('provider["a/b/c/d"]').diags[0]).toMatchObject({ code: 'addr.invalid-provider-source', summary: 'Invalid provider source string' });
  });

  it('reports syntax errors', () => {
    expect(parseProviderConfig('provider.').diags[0]).toMatchObject({ code: 'addr.invalid-syntax', detail: 'Dot must be followed by attribute name.' });
  });

  it('compares configurations by module, source and alias', () => {
    const a = parseProviderConfig('provider.aws');
    const b = parseProviderConfig('provider["registry.terraform.io/-/aws"]');
    const c = parseProviderConfig('provider["registry.terraform.io/-/aws"].x');
    if (!a.ok || !b.ok || !c.ok) throw new Error('unexpected parse failure');
    expect(providerConfigEquals(a.value.config, b.value.config)).toBe(true);
    expect(providerConfigEquals(a.value.config, c.value.config)).toBe(false);
  });
});

describe('parseProviderSource', () => {
  it.each([
    ['aws', 'registry.terraform.io/hashicorp/aws'],
    ['NULL', 'registry.terraform.io/hashicorp/null'],
    ['hashicorp/aws', 'registry.terraform.io/hashicorp/aws'],
    ['Hashicorp/AWS', 'registry.terraform.io/hashicorp/aws'],
    ['-/aws', 'registry.terraform.io/-/aws'],
    ['registry.terraform.io/-/aws', 'registry.terraform.io/-/aws'],
    ['registry.terraform.io/-/Aws', 'registry.terraform.io/-/aws'],
    ['example.com/ns/name', 'example.com/ns/name'],
    ['Example.COM:443/NS/Foo', 'example.com/ns/foo'],
    ['example.com:0443/a/b', 'example.com/a/b'],
    ['example.com:08080/a/b', 'example.com:8080/a/b'],
    ['MÜNCHEN.de:8080/ns/x', 'münchen.de:8080/ns/x'],
    ['1abc/x2', 'registry.terraform.io/1abc/x2'],
    ['google-beta', 'registry.terraform.io/hashicorp/google-beta'],
    ['terraform-provider-aws', 'registry.terraform.io/hashicorp/terraform-provider-aws'],
  ])('normalises %j to %s', (input, want) => {
    const r = parseProviderSource(input);
    expect(r.ok, JSON.stringify(r.diags)).toBe(true);
    if (r.ok) expect(formatProviderSource(r.value)).toBe(want);
  });

  const FORMAT = 'A provider source must be in the format "[hostname/][namespace/]name", for example "hashicorp/aws".';
  const LETTERS = 'must contain only letters, digits, and dashes, and may not use leading or trailing dashes';
  it.each([
    ['', 'Invalid provider source string', FORMAT],
    ['a/b/c/d', 'Invalid provider source string', FORMAT],
    ['a//b', 'Invalid provider source string', FORMAT],
    ['hashicorp/', 'Invalid provider source string', FORMAT],
    ['hashicorp/my_provider', 'Invalid provider type', `Invalid provider type "my_provider" in source "hashicorp/my_provider": ${LETTERS}.`],
    ['a--b', 'Invalid provider type', 'Invalid provider type "a--b" in source "a--b": cannot use multiple consecutive dashes.'],
    ['ns/ty.pe', 'Invalid provider type', 'Invalid provider type "ty.pe" in source "ns/ty.pe": dots are not allowed.'],
    ['aws-', 'Invalid provider type', `Invalid provider type "aws-" in source "aws-": ${LETTERS}.`],
    ['a_b/x', 'Invalid provider namespace', `Invalid provider namespace "a_b" in source "a_b/x": ${LETTERS}.`],
    ['a-/x', 'Invalid provider namespace', `Invalid provider namespace "a-" in source "a-/x": ${LETTERS}.`],
    ['example.com/-/aws', 'Invalid provider namespace', 'The legacy provider namespace "-" can be used only with hostname registry.terraform.io.'],
    ['https://example.com/ns/x', 'Invalid provider source string', FORMAT],
    ['example.com:/a/b', 'Invalid provider source hostname', 'Invalid provider source hostname "example.com:" in source "example.com:/a/b": port portion contains non-digit characters.'],
    ['example.com:70000/a/b', 'Invalid provider source hostname', 'Invalid provider source hostname "example.com:70000" in source "example.com:70000/a/b": port number is greater than 65535.'],
    ['xn--abc.com/ns/x', 'Invalid provider source hostname', 'Invalid provider source hostname "xn--abc.com" in source "xn--abc.com/ns/x": hostname label "xn--abc" specified in punycode format; service hostnames must be given in unicode.'],
    ['ex_ample.com/ns/x', 'Invalid provider source hostname', 'Invalid provider source hostname "ex_ample.com" in source "ex_ample.com/ns/x": disallowed character U+005F.'],
    ['a..b/ns/x', 'Invalid provider source hostname', 'Invalid provider source hostname "a..b" in source "a..b/ns/x": hostname contains empty label (two consecutive periods).'],
  ])('refuses %j: %s', (input, summary, detail) => {
    expect(parseProviderSource(input).diags).toEqual([{ severity: 'error', code: 'addr.invalid-provider-source', summary, detail, address: input }]);
  });
});

describe('provider predicates and implied providers', () => {
  const src = (s: string) => {
    const r = parseProviderSource(s);
    if (!r.ok) throw new Error(s);
    return r.value;
  };
  it('recognises legacy and built-in providers', () => {
    expect(isLegacyProvider(src('-/aws'))).toBe(true);
    expect(isLegacyProvider(src('hashicorp/aws'))).toBe(false);
    expect(isBuiltInProvider(src('terraform.io/builtin/terraform'))).toBe(true);
    expect(isBuiltInProvider(src('hashicorp/terraform'))).toBe(false);
  });

  it.each([
    ['aws_instance', 'aws', 'registry.terraform.io/hashicorp/aws'],
    ['null_resource', 'null', 'registry.terraform.io/hashicorp/null'],
    ['google_beta_thing', 'google', 'registry.terraform.io/hashicorp/google'],
    ['terraform_data', 'terraform', 'terraform.io/builtin/terraform'],
    ['noprefix', 'noprefix', 'registry.terraform.io/hashicorp/noprefix'],
  ])('%s implies the provider type %s (%s)', (type, want, source) => {
    expect(impliedProviderType(type)).toBe(want);
    expect(formatProviderSource(impliedProviderSource(type))).toBe(source);
  });
});
