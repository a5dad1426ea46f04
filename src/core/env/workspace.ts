/**
 * Terraform workspace names (terraform-state.md §10.3). Pure.
 */
import { error, type Diagnostic } from '../diag/index.js';

/** The workspace every backend has. */
export const DEFAULT_WORKSPACE = 'default';

/**
 * True when `name` is a valid workspace name: non-empty and unchanged by Go's
 * `url.PathEscape`, i.e. only ASCII letters, digits and `- _ . ~ $ & + : = @`.
 */
export function isValidWorkspaceName(name: string): boolean {
  return /^[A-Za-z0-9\-_.~$&+:=@]+$/.test(name);
}

/**
 * Checks a workspace name, returning an `invalid-workspace` error under the
 * given code prefix (`location`, `config`, …) or null when it is valid.
 * `where` says where the name came from (`--workspace`, `TF_WORKSPACE`, …).
 */
export function checkWorkspaceName(name: string, where: string, codePrefix: string): Diagnostic | null {
  if (isValidWorkspaceName(name)) return null;
  return error(
    `${codePrefix}.invalid-workspace`,
    'Invalid workspace name',
    `${where}: "${name}" is not a valid workspace name. Terraform workspace names are non-empty and contain only letters, digits and the characters - _ . ~ $ & + : = @.`,
  );
}
