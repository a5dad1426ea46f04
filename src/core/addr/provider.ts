/**
 * Provider configuration addresses, the `provider` field of a state file
 * resource (§1.3):
 *
 * - modern: `provider["registry.terraform.io/hashicorp/aws"]`, optionally
 *   `.ALIAS`, optionally prefixed by a module path without keys
 *   (`module.a.module.b.provider["…"]`);
 * - legacy (written by Terraform ≤0.12): `provider.aws`, `provider.aws.west`,
 *   `module.x.provider.aws`. Terraform reads these as the legacy provider
 *   `registry.terraform.io/-/aws` (`terraform` as the built-in
 *   `terraform.io/builtin/terraform`) and writes them back in the modern form.
 *
 * Like Terraform, spaces between tokens are accepted, so the odd
 * `"provider. null"` found in old states (the `v4-legacy-modules` round-trip
 * case, §2.5) reads as `provider.null`. OpenTofu's keyed provider instances
 * (`provider["…"].alias["k"]`) are not supported.
 */

import { fail, ok, type Result } from '../diag/diagnostic.js';
import { ADDR_CODES, addrError } from './addr-diag.js';
import { goQuote } from './go-quote.js';
import { moduleInstancePrefix } from './parse.js';
import {
  BUILTIN_PROVIDER_HOST,
  BUILTIN_PROVIDER_NAMESPACE,
  DEFAULT_PROVIDER_REGISTRY_HOST,
  formatProviderSource,
  LEGACY_PROVIDER_NAMESPACE,
  parseProviderSource,
  providerSourceEquals,
} from './provider-source.js';
import { parseTraversal } from './traversal.js';
import type { AbsProviderConfig, ProviderSource } from './types.js';

/** A parsed provider configuration and whether it was written in the legacy form. */
export interface ParsedProviderConfig {
  readonly config: AbsProviderConfig;
  /**
   * True when the text used the legacy `provider.TYPE` syntax (it will be
   * rewritten in the modern form on the next write). A modern string naming
   * a legacy provider (`provider["registry.terraform.io/-/aws"]`) is not
   * legacy syntax; use `isLegacyProvider(config.provider)` for that.
   */
  readonly legacy: boolean;
}

/** The provider a legacy `provider.TYPE` string stands for. */
export function legacyProviderSource(type: string): ProviderSource {
  if (type === 'terraform') return { hostname: BUILTIN_PROVIDER_HOST, namespace: BUILTIN_PROVIDER_NAMESPACE, type };
  // Terraform passes legacy names through verbatim (no case folding).
  return { hostname: DEFAULT_PROVIDER_REGISTRY_HOST, namespace: LEGACY_PROVIDER_NAMESPACE, type };
}

/**
 * Parses a state file's `provider` string, modern or legacy (see the file
 * header). The source inside `provider["…"]` is normalised like
 * `parseProviderSource` (so `"aws"` means `registry.terraform.io/hashicorp/aws`
 * and upper case is folded). Errors are `addr.invalid-provider-config`
 * (summary "Invalid provider configuration address"), or the
 * `addr.invalid-provider-source` error of the quoted source.
 */
export function parseProviderConfig(str: string): Result<ParsedProviderConfig> {
  const bad = (detail: string) =>
    fail<ParsedProviderConfig>(addrError(ADDR_CODES.providerConfig, 'Invalid provider configuration address', detail, str));
  const t = parseTraversal(str);
  if (!t.ok) return t;
  const steps = t.value;
  const prefix = moduleInstancePrefix(steps, str);
  if (!prefix.ok) return prefix;
  const { module, rest } = prefix.value;
  if (module.some((s) => s.key.kind !== 'none')) return bad('Provider address cannot contain module indexes.');
  const count = steps.length - rest;
  const root = steps[rest];
  if (count < 2 || root === undefined || root.kind !== 'name' || root.name !== 'provider') {
    return bad('Provider address must begin with "provider.", followed by a provider type name.');
  }
  if (count > 3) return bad('Extraneous operators after provider configuration alias.');
  const typeStep = steps[rest + 1]!;
  let provider: ProviderSource;
  let legacy: boolean;
  if (typeStep.kind === 'index') {
    if (typeStep.key.kind !== 'string') return bad('The prefix "provider." must be followed by a provider type name.');
    const src = parseProviderSource(typeStep.key.value);
    if (!src.ok) return src;
    provider = src.value;
    legacy = false;
  } else {
    provider = legacyProviderSource(typeStep.name);
    legacy = true;
  }
  let alias = '';
  if (count === 3) {
    const aliasStep = steps[rest + 2]!;
    if (aliasStep.kind !== 'name') return bad('Provider type name must be followed by a configuration alias name.');
    alias = aliasStep.name;
  }
  return ok({ config: { module: module.map((s) => s.name), provider, alias }, legacy });
}

/**
 * The modern string form Terraform writes: `provider["<host>/<ns>/<type>"]`
 * (the source quoted like Go's `%q`), then `.ALIAS` when there is one, with
 * `module.a.module.b.` in front for a module's provider configuration.
 */
export function formatProviderConfig(c: AbsProviderConfig): string {
  let out = '';
  for (const name of c.module) out += 'module.' + name + '.';
  out += 'provider[' + goQuote(formatProviderSource(c.provider)) + ']';
  if (c.alias !== '') out += '.' + c.alias;
  return out;
}

/** Unique key of a provider configuration (its string form). */
export const providerConfigKey: (c: AbsProviderConfig) => string = formatProviderConfig;

/** True when module path, provider source and alias are equal. */
export function providerConfigEquals(a: AbsProviderConfig, b: AbsProviderConfig): boolean {
  return (
    a.alias === b.alias &&
    providerSourceEquals(a.provider, b.provider) &&
    a.module.length === b.module.length &&
    a.module.every((name, i) => name === b.module[i])
  );
}
