/**
 * Provider source addresses (`hostname/namespace/type`), as in
 * `required_providers` and `state replace-provider FROM TO` (§1.3, §8.1).
 *
 * Normalisation follows the registry-address library bundled with
 * Terraform 1.11.4 (checked with `terraform state replace-provider`):
 * type and namespace are lower-cased and may hold letters, digits and
 * single dashes (no underscores, no leading/trailing dash, no dots);
 * hostnames are lower-cased, `:443` is dropped and other ports normalised;
 * a missing namespace means `hashicorp` and a missing host the public
 * registry. The legacy namespace `-` (pre-0.13 states) is kept as is and is
 * allowed only on the public registry.
 *
 * Non-ASCII hostnames and names are lower-cased with JavaScript's Unicode
 * case mapping; full IDNA validation is not performed.
 */

import { fail, ok, type Result } from '../diag/diagnostic.js';
import { ADDR_CODES, addrError } from './addr-diag.js';
import type { ProviderSource } from './types.js';

/** The public registry's hostname, implied when a source has no hostname. */
export const DEFAULT_PROVIDER_REGISTRY_HOST = 'registry.terraform.io';
/** The pseudo-hostname of providers built into Terraform (`terraform.io/builtin/terraform`). */
export const BUILTIN_PROVIDER_HOST = 'terraform.io';
/** Namespace of built-in providers. */
export const BUILTIN_PROVIDER_NAMESPACE = 'builtin';
/** Namespace marking a legacy (pre-0.13) provider address: `registry.terraform.io/-/aws`. */
export const LEGACY_PROVIDER_NAMESPACE = '-';
/** Namespace implied when a source gives only a type (`aws` → `hashicorp/aws`). */
export const DEFAULT_PROVIDER_NAMESPACE = 'hashicorp';

const LABEL_CHAR = /^[\p{L}\p{M}\p{N}-]$/u;
/** Already-normal parts and hostnames (the common case) skip the slower checks. */
const NORMAL_PART = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const NORMAL_LABEL = '[a-z0-9]+(?:-+[a-z0-9]+)*';
const NORMAL_HOST = new RegExp(`^${NORMAL_LABEL}(?:\\.${NORMAL_LABEL})*$`);
const PUNYCODE_LABEL = /(?:^|\.)xn--/;

function checkLabelChars(label: string): string | undefined {
  if (/^[a-z0-9-]+$/.test(label)) return undefined;
  for (const ch of label) {
    if (!LABEL_CHAR.test(ch)) return `disallowed character U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return undefined;
}

/**
 * Normalises a provider namespace or type name: lower-case; letters, digits
 * and dashes; no dots, no `--`, no leading or trailing dash. Returns the
 * normalised part or an error message (the text after the colon in
 * Terraform's "Invalid provider type …: <message>").
 */
export function normalizeProviderPart(given: string): { ok: true; value: string } | { ok: false; message: string } {
  if (NORMAL_PART.test(given)) return { ok: true, value: given };
  if (given.length === 0) return { ok: false, message: 'must have at least one character' };
  if (given.includes('.')) return { ok: false, message: 'dots are not allowed' };
  if (given.includes('--')) return { ok: false, message: 'cannot use multiple consecutive dashes' };
  const lower = given.normalize('NFC').toLowerCase();
  if (lower.startsWith('-') || lower.endsWith('-') || checkLabelChars(lower) !== undefined) {
    return { ok: false, message: 'must contain only letters, digits, and dashes, and may not use leading or trailing dashes' };
  }
  return { ok: true, value: lower };
}

/** Normalises `host[:port]` like Terraform's svchost.ForComparison (display form). */
function normalizeHostname(given: string): { ok: true; value: string } | { ok: false; message: string } {
  if (NORMAL_HOST.test(given) && !PUNYCODE_LABEL.test(given)) return { ok: true, value: given };
  let host = given;
  let port = '';
  const colon = given.indexOf(':');
  if (colon !== -1) {
    host = given.slice(0, colon);
    const digits = given.slice(colon + 1);
    if (!/^[0-9]+$/.test(digits)) {
      const h = host.toLowerCase();
      if (h === 'http' || h === 'https') return { ok: false, message: 'need just a hostname and optional port number, not a full URL' };
      return { ok: false, message: 'port portion contains non-digit characters' };
    }
    const num = Number(digits);
    if (num > 65535) return { ok: false, message: 'port number is greater than 65535' };
    port = num === 443 ? '' : `:${num}`;
  }
  if (host === '') return { ok: false, message: 'empty string is not a valid hostname' };
  const labels = host.normalize('NFC').toLowerCase().split('.');
  for (const label of labels) {
    if (label === '') return { ok: false, message: 'hostname contains empty label (two consecutive periods)' };
    if (label.startsWith('xn--')) {
      return { ok: false, message: `hostname label "${label}" specified in punycode format; service hostnames must be given in unicode` };
    }
    const bad = checkLabelChars(label);
    if (bad !== undefined) return { ok: false, message: bad };
    if (label.startsWith('-') || label.endsWith('-')) return { ok: false, message: `invalid label "${label}"` };
  }
  return { ok: true, value: labels.join('.') + port };
}

/**
 * Parses a provider source string: `aws`, `hashicorp/aws`,
 * `registry.terraform.io/-/aws`, `example.com:8443/ns/name`. Returns the
 * normalised, fully-qualified source (see the file header), or an
 * `addr.invalid-provider-source` error with Terraform's summary ("Invalid
 * provider source string", "Invalid provider type", "Invalid provider
 * namespace", "Invalid provider source hostname").
 */
export function parseProviderSource(str: string): Result<ProviderSource> {
  const bad = (summary: string, detail: string) => fail<ProviderSource>(addrError(ADDR_CODES.providerSource, summary, detail, str));
  const parts = str.split('/');
  if (parts.length > 3 || parts.some((p) => p === '')) {
    return bad('Invalid provider source string', 'A provider source must be in the format "[hostname/][namespace/]name", for example "hashicorp/aws".');
  }
  const givenType = parts[parts.length - 1]!;
  const type = normalizeProviderPart(givenType);
  if (!type.ok) return bad('Invalid provider type', `Invalid provider type "${givenType}" in source "${str}": ${type.message}.`);
  let namespace = DEFAULT_PROVIDER_NAMESPACE;
  if (parts.length >= 2) {
    const givenNs = parts[parts.length - 2]!;
    if (givenNs === LEGACY_PROVIDER_NAMESPACE) {
      namespace = LEGACY_PROVIDER_NAMESPACE;
    } else {
      const ns = normalizeProviderPart(givenNs);
      if (!ns.ok) return bad('Invalid provider namespace', `Invalid provider namespace "${givenNs}" in source "${str}": ${ns.message}.`);
      namespace = ns.value;
    }
  }
  let hostname = DEFAULT_PROVIDER_REGISTRY_HOST;
  if (parts.length === 3) {
    const host = normalizeHostname(parts[0]!);
    if (!host.ok) return bad('Invalid provider source hostname', `Invalid provider source hostname "${parts[0]}" in source "${str}": ${host.message}.`);
    hostname = host.value;
  }
  if (namespace === LEGACY_PROVIDER_NAMESPACE && hostname !== DEFAULT_PROVIDER_REGISTRY_HOST) {
    return bad('Invalid provider namespace', `The legacy provider namespace "-" can be used only with hostname ${DEFAULT_PROVIDER_REGISTRY_HOST}.`);
  }
  return ok({ hostname, namespace, type: type.value });
}

/** `hostname/namespace/type`, e.g. `registry.terraform.io/hashicorp/aws`. */
export function formatProviderSource(p: ProviderSource): string {
  return `${p.hostname}/${p.namespace}/${p.type}`;
}

/** Unique key of a provider source (its string form). */
export const providerSourceKey: (p: ProviderSource) => string = formatProviderSource;

/** True for a legacy provider: namespace `-` on the public registry (`registry.terraform.io/-/aws`). */
export function isLegacyProvider(p: ProviderSource): boolean {
  return p.namespace === LEGACY_PROVIDER_NAMESPACE && p.hostname === DEFAULT_PROVIDER_REGISTRY_HOST;
}

/** True for a provider built into Terraform (`terraform.io/builtin/…`). */
export function isBuiltInProvider(p: ProviderSource): boolean {
  return p.hostname === BUILTIN_PROVIDER_HOST && p.namespace === BUILTIN_PROVIDER_NAMESPACE;
}

/** True when both sources have the same hostname, namespace and type. */
export function providerSourceEquals(a: ProviderSource, b: ProviderSource): boolean {
  return a.hostname === b.hostname && a.namespace === b.namespace && a.type === b.type;
}

/**
 * The provider type a resource type implies: the text before the first `_`
 * (`aws_instance` → `aws`, `null_resource` → `null`), or the whole type when
 * it has no `_`.
 */
export function impliedProviderType(resourceType: string): string {
  const under = resourceType.indexOf('_');
  return under === -1 ? resourceType : resourceType.slice(0, under);
}

/**
 * The provider a resource type implies when nothing else says (`import`
 * without `--provider`): `hashicorp/<type>` on the public registry, and
 * `terraform.io/builtin/terraform` for the `terraform` type (e.g.
 * `terraform_data`).
 */
export function impliedProviderSource(resourceType: string): ProviderSource {
  const type = impliedProviderType(resourceType);
  if (type === 'terraform') return { hostname: BUILTIN_PROVIDER_HOST, namespace: BUILTIN_PROVIDER_NAMESPACE, type };
  return { hostname: DEFAULT_PROVIDER_REGISTRY_HOST, namespace: DEFAULT_PROVIDER_NAMESPACE, type };
}
