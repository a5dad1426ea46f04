/**
 * Diagnostics: how every layer reports user-facing problems.
 *
 * A diagnostic has a stable `code` (for scripts and tests), a short `summary`
 * (a label, like Terraform's "Invalid target address") and a `detail` that
 * names the thing concerned and says what to do next. The core never throws
 * for user errors; it returns diagnostics. `throw` is reserved for bugs.
 */

/** Severity of a diagnostic. Only `error` stops an operation. */
export type Severity = 'error' | 'warning';

/** A user-facing problem report. Immutable by convention. */
export interface Diagnostic {
  readonly severity: Severity;
  /** Stable machine-readable code, e.g. `state.invalid-json`. Never reworded. */
  readonly code: string;
  /** Short label, like Terraform's diagnostic summaries. */
  readonly summary: string;
  /** Full sentences: what happened and what to do next. */
  readonly detail: string;
  /** The Terraform address concerned, when there is one. */
  readonly address?: string;
}

/** Builds an error diagnostic. */
export function error(code: string, summary: string, detail: string, address?: string): Diagnostic {
  return address === undefined ? { severity: 'error', code, summary, detail } : { severity: 'error', code, summary, detail, address };
}

/** Builds a warning diagnostic. */
export function warning(code: string, summary: string, detail: string, address?: string): Diagnostic {
  return address === undefined ? { severity: 'warning', code, summary, detail } : { severity: 'warning', code, summary, detail, address };
}

/** True when any diagnostic in the list is an error. */
export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/**
 * The result of an operation that may fail with diagnostics. When `ok` is
 * false `diags` holds at least one error; warnings may accompany either.
 */
export type Result<T> =
  | { readonly ok: true; readonly value: T; readonly diags: readonly Diagnostic[] }
  | { readonly ok: false; readonly diags: readonly Diagnostic[] };

/** A successful result, with optional warnings. */
export function ok<T>(value: T, diags: readonly Diagnostic[] = []): Result<T> {
  return { ok: true, value, diags };
}

/** A failed result. `diags` must contain at least one error. */
export function fail<T = never>(diags: Diagnostic | readonly Diagnostic[]): Result<T> {
  const list = Array.isArray(diags) ? (diags as readonly Diagnostic[]) : [diags as Diagnostic];
  if (!hasErrors(list)) throw new InvariantError('fail() called without an error diagnostic');
  return { ok: false, diags: list };
}

/** Thrown only for programming errors (violated invariants), never for user input. */
export class InvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantError';
  }
}

/**
 * Formats a diagnostic in Terraform's plain style:
 * `Error: <summary>\n\n<detail>`.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.severity === 'error' ? 'Error' : 'Warning'}: ${d.summary}`;
  return d.detail ? `${head}\n\n${d.detail}` : head;
}
