/**
 * Edits from the TUI, end to end: check the state is still what was loaded
 * (re-read; say so and re-plan when it changed), plan and show the preview
 * dialog (no lock held while the user reads it), then on confirmation run
 * the transaction, report the backup it made and remember it for undo.
 * Restores (undo, backups) follow the same path.
 */
import { parseBatch } from '../../core/surgery/index.js';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { textInput } from '../model/text-input.js';
import type { Dialog, Job, PreviewModel } from '../model/types.js';
import { editJob, jobTitle } from '../model/intents.js';
import { diagText, say, showDiags, type FlowContext } from './context.js';
import type { Applied, Planned } from './gateway.js';

type ConfirmDialog = Extract<Dialog, { kind: 'confirm' }>;

/** Plans `job` on a freshly checked state and opens the confirmation dialog. */
export function prepareJob(ctx: FlowContext, job: Job, title: string): Promise<void> {
  return ctx.task('Checking the state…', async () => {
    const note = await refresh(ctx);
    if (note === null) return;
    const planned = job.kind === 'edit' ? ctx.gw.planEdit(job) : await ctx.gw.planRestore(job.backupId);
    if (!planned.ok) return showDiags(ctx, `${title}: refused`, planned.diags, note ? note + ' ' : '');
    openConfirm(ctx, job, title, planned.value, note);
  });
}

/** Re-reads the state; returns the note to show ('' when unchanged) or null after reporting a failure. */
async function refresh(ctx: FlowContext): Promise<string | null> {
  const fresh = await ctx.gw.freshness();
  if (!fresh.ok) {
    say(ctx, 'error', diagText(fresh.diags));
    return null;
  }
  if (!fresh.value.changed) return '';
  const note = `The state changed since it was loaded (serial ${fresh.value.before} → ${fresh.value.after}); it was re-read and this plan uses the new state.`;
  ctx.store.dispatch({ type: 'loaded', loaded: fresh.value.loaded, reset: false, status: { tone: 'warning', text: note } });
  return note;
}

function openConfirm(ctx: FlowContext, job: Job, title: string, planned: Planned, note: string): void {
  if (planned.kind === 'no-change') {
    say(ctx, 'info', `${note ? note + ' ' : ''}No change: ${planned.message}`);
    return;
  }
  const loc = ctx.store.getState().loaded?.location;
  const dialog: ConfirmDialog = {
    kind: 'confirm',
    title,
    job,
    preview: planned.preview,
    envName: loc?.envName ?? null,
    protected: loc?.protected ?? false,
    typed: textInput(''),
    focus: 'cancel',
    scroll: 0,
    note,
    refusal: '',
  };
  ctx.store.dispatch({ type: 'dialog', dialog });
}

/** Runs the confirmed job in `d` (the dialog closes first; the lock is held only while the transaction runs). */
export function applyConfirmed(ctx: FlowContext, d: ConfirmDialog): Promise<void> {
  ctx.store.dispatch({ type: 'dialog', dialog: null });
  return ctx.task(`Applying ${d.title}…`, async () => {
    const progress = (m: string): void => ctx.store.dispatch({ type: 'status', status: { tone: 'progress', text: m } });
    const applied: Applied = d.job.kind === 'edit' ? await ctx.gw.applyEdit(d.job, d.preview, progress) : await ctx.gw.applyRestore(d.job.backupId, d.preview, progress);
    await report(ctx, d, applied);
  }, true);
}

async function report(ctx: FlowContext, d: ConfirmDialog, applied: Applied): Promise<void> {
  const o = applied.outcome;
  if (applied.stale) {
    const note = 'The state changed while you were reviewing: nothing was written. This is the plan on the current state; confirm again to apply it.';
    await reload(ctx, { tone: 'warning', text: note });
    ctx.store.dispatch({ type: 'dialog', dialog: { ...d, preview: applied.stale, focus: 'cancel', typed: textInput(''), scroll: 0, note, refusal: '' } });
    return;
  }
  if (o.status === 'applied') {
    const backup = o.backups[0];
    const loc = ctx.store.getState().loaded?.location;
    if (d.job.kind === 'restore' && d.job.undo) ctx.store.dispatch({ type: 'undo-pop' });
    else if (backup && loc) ctx.store.dispatch({ type: 'undo-push', entry: { backupId: backup.id, backupLocation: backup.location, label: d.title, display: loc.display, envName: loc.envName } });
    const serial = o.serials[0] ? ` Serial ${o.serials[0].before} → ${o.serials[0].after}.` : '';
    const hook = 'hook' in o && o.hook ? ` onEdit: ${o.hook.message}` : '';
    const made = backup ? ` Backup: ${ctx.gw.shorten(backup.location)}.` : '';
    const undo = d.job.kind === 'restore' && d.job.undo ? ' Undone.' : ' u undoes it.';
    await reload(ctx, { tone: 'success', text: `${o.summary || 'Done.'}${serial}${made}${undo}${hook}` });
    return;
  }
  if (o.status === 'no-change') return say(ctx, 'info', `No change: ${o.summary || 'the state already looks like that.'}`);
  if (o.status === 'cancelled') return say(ctx, 'info', 'Cancelled: nothing was written.');
  showDiags(ctx, `${d.title}: failed`, o.diags);
}

async function reload(ctx: FlowContext, status: { tone: 'success' | 'warning'; text: string }): Promise<void> {
  const r = await ctx.gw.reload();
  if (r.ok) ctx.store.dispatch({ type: 'loaded', loaded: r.value, reset: false, status });
  else say(ctx, 'error', `${status.text} Re-reading the state failed: ${diagText(r.diags)}`);
}

/** Reads a batch file (relative to the working directory) and prepares it as one transaction. */
export async function prepareBatch(ctx: FlowContext, file: string, cwd: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (e) {
    return say(ctx, 'error', `Could not read ${file}: ${(e as Error).message}`);
  }
  const batch = parseBatch(text, file);
  if (!batch.ok) return showDiags(ctx, `apply-batch ${file}: invalid`, batch.diags);
  const job = { ...editJob(batch.value.operations), batch: { where: file, lines: batch.value.lines }, commandLine: `tfstate apply-batch ${file}`, lockOperation: 'tfstate apply-batch' };
  return prepareJob(ctx, job, `apply-batch ${file}: ${jobTitle(batch.value.operations)}`);
}

/** Undo: previews restoring the backup of the last edit made in this session on this location. */
export function prepareUndo(ctx: FlowContext): Promise<void> | void {
  const s = ctx.store.getState();
  const last = s.undo[s.undo.length - 1];
  if (!last) return say(ctx, 'info', 'Nothing to undo: no edit was made in this session.');
  if (!s.loaded || s.loaded.location.display !== last.display) {
    return say(ctx, 'warning', `The last edit (${last.label}) was made in ${last.envName ?? last.display}; switch to it (e) to undo it.`);
  }
  return prepareJob(ctx, { kind: 'restore', backupId: last.backupId, undo: true }, `undo ${last.label} (restore ${last.backupId})`);
}

/** The model's preview type, re-exported for tests. */
export type { PreviewModel };
