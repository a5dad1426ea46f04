/**
 * The CLI contract's exit codes (design §7) and how diagnostics map to them.
 */
import type { Diagnostic } from '../core/diag/index.js';

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  locked: 3,
  refused: 4,
  findings: 5,
} as const;

/** The exit code a list of error diagnostics calls for (the most specific wins). */
export function exitCodeFor(diags: readonly Diagnostic[]): number {
  const errors = diags.filter((d) => d.severity === 'error');
  if (errors.length === 0) return EXIT.ok;
  if (errors.some((d) => d.code.startsWith('lock.held'))) return EXIT.locked;
  if (errors.some((d) => d.code.startsWith('guard.') || d.code.startsWith('confirm.'))) return EXIT.refused;
  if (errors.some((d) => d.code.startsWith('addr.') || d.code.startsWith('usage.') || d.code.startsWith('batch.'))) return EXIT.usage;
  return EXIT.failed;
}
