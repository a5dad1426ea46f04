/**
 * Applies operations to a fixture in memory the way the transaction does
 * (plan, serial + 1, lossless encode), for comparing with Terraform.
 */
import { encodeState } from '../../src/core/statefile/index.js';
import { planOperations, type Operation } from '../../src/core/surgery/index.js';
import { loadFixture, text } from './state-fixtures.js';

/** The bytes our edit writes, or the diagnostics' details when planning fails. */
export function applyToFixture(fixture: string, ops: Operation[]): { ok: true; text: string; steps: string[]; summary: string } | { ok: false; errors: string[] } {
  const snap = loadFixture(fixture);
  const r = planOperations(snap, ops);
  if (!r.ok) return { ok: false, errors: r.diags.map((d) => `${d.summary}: ${d.detail}`) };
  const result = r.value.changed ? { ...r.value.result, meta: { ...r.value.result.meta, serial: snap.meta.serial + 1n } } : r.value.result;
  return { ok: true, text: text(encodeState(result)), steps: r.value.steps.map((s) => s.line), summary: r.value.summary };
}

/** Removes every `dependencies` list from Terraform-framed state text (for comparing around our documented difference). */
export function withoutDependencies(t: string): string {
  return t.replace(/,\n\s*"dependencies": \[[^\]]*\]/g, '');
}
