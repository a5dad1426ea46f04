/**
 * Diagnostics from backends. A backend may throw errors that know their own
 * diagnostic (the S3 backend's errors do: a stable `s3.*` code, a summary
 * and a detail saying what to do); the session reports those as they are
 * instead of wrapping their message in a generic one. A backend's recovery
 * sentence becomes a warning where a result carries diagnostics only.
 */
import { warning, type Diagnostic } from '../core/diag/index.js';

/** An error that converts itself to a diagnostic. */
interface DiagnosticCarrier {
  toDiagnostic(): Diagnostic;
}

function carriesDiagnostic(e: unknown): e is DiagnosticCarrier {
  return typeof e === 'object' && e !== null && typeof (e as { toDiagnostic?: unknown }).toDiagnostic === 'function';
}

/** The error's own diagnostic when it carries one (an error-severity one), else null. */
export function backendDiagnostic(e: unknown): Diagnostic | null {
  if (!carriesDiagnostic(e)) return null;
  const d = e.toDiagnostic();
  return d.severity === 'error' ? d : null;
}

/**
 * A recovery sentence (an interrupted write completed or forgotten before
 * the command ran) as a warning, so a command that fails afterwards, or
 * answers with a JSON error document, still says what it changed.
 */
export function recoveryWarning(note: string): Diagnostic {
  return warning('state.recovered', 'Interrupted write recovered', `tfstate ${note}.`);
}
