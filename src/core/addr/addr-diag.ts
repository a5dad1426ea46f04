/**
 * Diagnostic codes and a builder for address parsing errors.
 *
 * Summaries and details follow the wording Terraform prints for the same
 * input (`terraform state list 'foo.bar.0'` says "Attribute name required" /
 * "Dot must be followed by attribute name."), so users who know Terraform's
 * messages recognise ours. Codes are stable and never reworded.
 */

import { error, type Diagnostic } from '../diag/diagnostic.js';

/** Stable diagnostic codes produced by `core/addr`. */
export const ADDR_CODES = {
  /** The text is not an HCL traversal (bad character, missing name, unclosed bracket...). */
  syntax: 'addr.invalid-syntax',
  /** `[*]` or `.*` where only exact addresses are allowed. */
  splat: 'addr.splat-not-allowed',
  /** A quoted key is not a valid HCL string literal (escape, template, newline...). */
  string: 'addr.invalid-string',
  /** The `module.NAME[KEY]` prefix is malformed. */
  module: 'addr.invalid-module',
  /** The resource part (`type.name[key]`) is malformed. */
  resource: 'addr.invalid-resource',
  /** The address is valid but of the wrong kind for this place (module where a resource is required...). */
  kind: 'addr.wrong-kind',
  /** A provider configuration address (`provider["…"]`, `provider.aws`) is malformed. */
  providerConfig: 'addr.invalid-provider-config',
  /** A provider source string (`hashicorp/aws`) is malformed. */
  providerSource: 'addr.invalid-provider-source',
} as const;

/** One of the codes above. */
export type AddrCode = (typeof ADDR_CODES)[keyof typeof ADDR_CODES];

/**
 * Builds an error diagnostic for `input`. The input is attached as the
 * diagnostic's `address` so renderers can show what was typed.
 */
export function addrError(code: AddrCode, summary: string, detail: string, input: string): Diagnostic {
  return error(code, summary, detail, input);
}
