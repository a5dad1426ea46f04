/**
 * Converting the transaction's preview into the model's plain data, and
 * deciding whether two previews show the same change (so an edit confirmed
 * on one preview is applied only if the transaction planned the same thing).
 */
import type { Diagnostic } from '../../core/diag/index.js';
import type { Preview } from '../../session/transaction.js';
import type { PreviewModel } from '../model/types.js';

/** The model's preview for a transaction preview (`warnings` are kept as their detail sentences). */
export function toPreviewModel(p: Preview, warnings: readonly (Diagnostic | string)[]): PreviewModel {
  const t = p.targets[0];
  return {
    steps: p.steps.map((s) => s.dryLine || s.line),
    diffs: p.diffs.map((d) => ({ address: d.address, kind: d.kind, patch: d.patch })),
    serialBefore: t?.serialBefore ?? '',
    serialAfter: t?.serialAfter ?? '',
    warnings: warnings.map((w) => (typeof w === 'string' ? w : w.detail || w.summary)),
  };
}

/** True when both previews start from the same serial and change the same resources the same way. */
export function samePreview(a: PreviewModel, b: PreviewModel): boolean {
  if (a.serialBefore !== b.serialBefore || a.diffs.length !== b.diffs.length) return false;
  return a.diffs.every((d, i) => d.address === b.diffs[i].address && d.kind === b.diffs[i].kind && d.patch === b.diffs[i].patch);
}
