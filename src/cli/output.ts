/**
 * The CLI's output discipline (design §7): human text or exactly one JSON
 * document on stdout; diagnostics on stderr (or inside the JSON document);
 * exit codes from the contract. Commands never write to the streams
 * directly; they call these functions.
 *
 * Warnings (a state that decodes with a warning, a setting that is ignored)
 * always reach the user: on stderr in human mode; with --json, in the
 * `warnings` array of the documents this CLI composes (list, show, edits,
 * restore, backups, lock status, lock hold, force-unlock, and every error
 * document), else on stderr (graph's and audit's export formats have
 * schemas of their own, and pull's stdout is the state itself).
 */
import { formatDiagnostic, type Diagnostic } from '../core/diag/index.js';
import { exitCodeFor } from '../session/exit-codes.js';
import { recoveryWarning } from '../session/backend-diag.js';

/** Where output goes; swapped in tests. */
export interface Streams {
  out(text: string): void;
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly stdinIsTTY: boolean;
}

/** The process's real streams. */
export const processStreams: Streams = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  stdinIsTTY: process.stdin.isTTY === true,
};

/** Output settings shared by every command. */
export interface OutputOptions {
  readonly json: boolean;
  readonly color: boolean;
}

const RED = '\u001b[31m';
const YELLOW = '\u001b[33m';
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

/** Output options from the global flags (colour only on a terminal, never with --json or NO_COLOR). */
export function outputOptions(o: { json?: boolean; color?: boolean }, s: Streams): OutputOptions {
  return { json: o.json === true, color: o.color !== false && !o.json && s.stderrIsTTY && !process.env.NO_COLOR };
}

/** Renders diagnostics for humans (Terraform's plain layout, optionally coloured). */
export function renderDiagnostics(diags: readonly Diagnostic[], color: boolean): string {
  return diags
    .map((d) => {
      const text = formatDiagnostic(d);
      if (!color) return text;
      const [head, ...rest] = text.split('\n');
      return `${d.severity === 'error' ? RED : YELLOW}${BOLD}${head}${RESET}${rest.length ? '\n' + rest.join('\n') : ''}`;
    })
    .join('\n\n') + '\n';
}

/** A diagnostic as the JSON error object of the CLI contract. */
export function diagnosticJson(d: Diagnostic): Record<string, unknown> {
  return { code: d.code, severity: d.severity, summary: d.summary, detail: d.detail, ...(d.address ? { address: d.address } : {}) };
}

/**
 * Reports a failure and returns its exit code. With --json, stdout gets
 * `{"error": {...}, "errors": [...]}` and nothing else.
 */
export function reportFailure(s: Streams, o: OutputOptions, diags: readonly Diagnostic[], exitCode = exitCodeFor(diags)): number {
  const errors = diags.filter((d) => d.severity === 'error');
  if (o.json) {
    const first = errors[0] ?? diags[0];
    s.out(JSON.stringify({ error: first ? diagnosticJson(first) : null, errors: errors.map(diagnosticJson), warnings: warningsJson(diags) }, null, 2) + '\n');
  } else {
    s.err(renderDiagnostics(diags, o.color));
  }
  return exitCode;
}

/**
 * Says what recovery did before a successful command ran (an interrupted
 * write completed or forgotten): one `tfstate: …` line each on stderr, with
 * --json too (stdout stays one document), unless `inDocument` (the JSON
 * document carries them).
 */
export function printRecovered(s: Streams, o: OutputOptions, notes: readonly string[], inDocument = false): void {
  if (o.json && inDocument) return;
  for (const n of notes) s.err(`tfstate: ${n}\n`);
}

/** `reportFailure` after a recovery: its sentences on stderr first, or with --json as warnings of the error document. */
export function reportFailureAfterRecovery(s: Streams, o: OutputOptions, diags: readonly Diagnostic[], notes: readonly string[], exitCode = exitCodeFor(diags)): number {
  if (!o.json) printRecovered(s, o, notes);
  return reportFailure(s, o, o.json ? [...diags, ...notes.map(recoveryWarning)] : diags, exitCode);
}

/**
 * Prints the warnings among `diags` to stderr, unless `inDocument` says the
 * command's --json document carries them (see `warningsJson`); errors in
 * `diags` are ignored.
 */
export function reportWarnings(s: Streams, o: OutputOptions, diags: readonly Diagnostic[], inDocument = false): void {
  if (o.json && inDocument) return;
  const w = onlyWarnings(diags);
  if (w.length > 0) s.err(renderDiagnostics(w, o.color));
}

/** The warnings among `diags` (a new array; errors are left out). */
export function onlyWarnings(diags: readonly Diagnostic[]): Diagnostic[] {
  return diags.filter((d) => d.severity === 'warning');
}

/** The warnings among `diags` as the `warnings` array of a --json document (errors are left out). */
export function warningsJson(diags: readonly Diagnostic[]): Record<string, unknown>[] {
  return onlyWarnings(diags).map(diagnosticJson);
}

/** Writes one JSON document to stdout. bigint values become strings. */
export function printJson(s: Streams, value: unknown): void {
  s.out(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');
}

/** Red text when colour is on. */
export function red(o: OutputOptions, text: string): string {
  return o.color ? `${RED}${BOLD}${text}${RESET}` : text;
}
