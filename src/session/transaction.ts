/**
 * The one write path (design §4), used by the CLI and the TUI alike:
 * lock -> recover -> read -> plan -> preview -> confirm -> backup -> write ->
 * verify -> unlock (a state the edit creates is locked just before it is
 * written). A failure at any step leaves the previous state in place, and
 * no new file behind; the outcome says which step failed and where the
 * backup is.
 */
import { error, hasErrors, warning, type Diagnostic, type Result } from '../core/diag/index.js';
import type { StateSnapshot } from '../core/state/types.js';
import { decodeState, encodeStateRope, type ByteRope } from '../core/statefile/index.js';
import { sniff } from '../core/statefile/sniff.js';
import { planDiffs, type HclBlock, type Plan, type PlanStep, type ResourceDiff } from '../core/surgery/index.js';
import { storedBeforeFailing, type Backend, type BackupRecord, type PreparedBackup, type StateRead } from '../ports/backend.js';
import { startContainerIndex } from '../runtime/parallel-decode.js';
import { backendDiagnostic } from './backend-diag.js';
import { exitCodeFor, EXIT } from './exit-codes.js';
import { acquireLock, missingStateDiagnostic, newLockInfo } from './lock.js';

/** Something the transaction can open: a configured or discovered state location. */
export interface StateTarget {
  /** Path or s3:// URL, for messages. */
  readonly display: string;
  /** The environment's name when it came from configuration. */
  readonly envName: string | null;
  open(): Promise<Backend>;
}

/** Per-target plans: `null` where that target does not change. */
export interface EditPlan {
  readonly plans: readonly (Plan | null)[];
  /** Steps and closing line to show (usually those of the first plan). */
  readonly steps: readonly PlanStep[];
  readonly summary: string;
  readonly hcl: readonly HclBlock[];
}

/** What the user is shown before confirming. */
export interface Preview {
  readonly steps: readonly PlanStep[];
  readonly diffs: readonly ResourceDiff[];
  readonly targets: readonly { display: string; envName: string | null; serialBefore: string; serialAfter: string }[];
}

/** What to do. */
export interface EditSpec {
  /** One target, or [source, destination] for cross-state edits. */
  readonly targets: readonly StateTarget[];
  /** The command line, recorded with backups. */
  readonly operation: string;
  /** The LockInfo Operation, e.g. `tfstate mv`. */
  readonly lockOperation: string;
  readonly lock: boolean;
  readonly lockTimeoutMs: number;
  readonly dryRun: boolean;
  /** Tool version for LockInfo. */
  readonly version: string;
  /** Per target: a missing state is allowed (and planned as `null`). */
  readonly allowMissing?: readonly boolean[];
  /** Plans on the snapshots just read under the lock (null: no state there). */
  plan(snaps: readonly (StateSnapshot | null)[]): Result<EditPlan>;
  /** Asked after the preview; resolve false to cancel. Omit to skip (--yes). */
  confirm?(preview: Preview): Promise<boolean>;
  /**
   * Compute per-resource diffs even when nothing is previewed (for --json
   * output). By default they are computed only for a dry run or a
   * confirmation, since rendering them costs time on big resources.
   */
  readonly alwaysDiff?: boolean;
  /** Progress messages (`Acquiring state lock…`, `Writing…`). */
  progress?(message: string): void;
  clock?(): Date;
  /**
   * Aborted when the user interrupts (Ctrl-C): waiting for a lock stops, and
   * the edit stops at its next step before writing (`edit.interrupted`); a
   * write already under way is completed and verified. Locks are released
   * either way.
   */
  readonly signal?: AbortSignal;
}

/** How an edit ended. */
export interface EditOutcome {
  readonly status: 'applied' | 'no-change' | 'dry-run' | 'cancelled' | 'failed';
  readonly exitCode: number;
  readonly diags: readonly Diagnostic[];
  readonly steps: readonly PlanStep[];
  readonly summary: string;
  readonly hcl: readonly HclBlock[];
  readonly diffs: readonly ResourceDiff[];
  readonly backups: readonly BackupRecord[];
  readonly serials: readonly { display: string; before: string; after: string }[];
  /** Sentences from crash recovery done before the edit. */
  readonly recovered: readonly string[];
}

interface Opened {
  readonly target: StateTarget;
  readonly backend: Backend;
  lockId: string | null;
  read?: StateRead;
  snapshot?: StateSnapshot | null;
  /** The backup of what was read, being stored while the edit is planned; null once committed or discarded. */
  prepared?: PreparedBackup | null;
}

/** Refusal of an edit interrupted before anything was written. */
function interruptedDiagnostic(): Diagnostic {
  return error('edit.interrupted', 'Interrupted', 'The edit was interrupted before anything was written: nothing was changed, and the lock was released.');
}

function fail(diags: readonly Diagnostic[], partial: Partial<EditOutcome> = {}): EditOutcome {
  return { status: 'failed', exitCode: exitCodeFor(diags), diags, steps: [], summary: '', hcl: [], diffs: [], backups: [], serials: [], recovered: [], ...partial };
}

/**
 * Runs one edit transaction. Never throws for expected failures: the outcome
 * carries diagnostics and the exit code. Locks taken here are always
 * released before it returns.
 */
export async function runEdit(spec: EditSpec): Promise<EditOutcome> {
  const clock = spec.clock ?? (() => new Date());
  const say = spec.progress ?? (() => undefined);
  const opened: Opened[] = [];
  const recovered: string[] = [];
  const interrupted = (): boolean => spec.signal?.aborted === true;
  try {
    for (const target of spec.targets) opened.push({ target, backend: await target.open(), lockId: null });

    // 1. Lock, in a stable order so two tfstate runs never deadlock. Taking a local lock creates a
    //    missing state (as Terraform does), so nothing is created here: a state that must exist and
    //    is missing fails now, and one the edit may create is locked only when it is about to be
    //    written (step 5), so a refused, cancelled or dry-run edit leaves no empty file behind.
    const lockTarget = (o: Opened, createMissing: boolean) =>
      acquireLock(o.backend.locker!, newLockInfo(spec.lockOperation, o.backend.store.location, spec.version, spec.operation, clock), o.target.display, {
        timeoutMs: spec.lockTimeoutMs,
        onWait: () => say(`Acquiring state lock on ${o.target.display}. This may take a few moments...`),
        createMissing,
        ...(spec.signal ? { signal: spec.signal } : {}),
      });
    const deferred = new Set<Opened>();
    if (spec.lock) {
      for (const o of [...opened].sort((a, b) => (a.target.display < b.target.display ? -1 : 1))) {
        if (!o.backend.locker) continue;
        const got = await lockTarget(o, false);
        if (!got.ok && got.missing && spec.allowMissing?.[opened.indexOf(o)]) {
          deferred.add(o);
          continue;
        }
        if (!got.ok) return fail([got.diag]);
        o.lockId = got.id;
      }
    }

    if (interrupted()) return fail([interruptedDiagnostic()]);

    // 2. Recover interrupted writes, then read and decode under the lock.
    const snaps: (StateSnapshot | null)[] = [];
    // Warnings of the decode (a fractional index key…) go with the outcome, whatever it is from here on.
    const decodeWarnings: Diagnostic[] = [];
    for (const [i, o] of opened.entries()) {
      const note = await o.backend.recover();
      if (note) recovered.push(note);
      o.read = await o.backend.store.read();
      // A zero-byte file is "no state" to Terraform (taking the local lock creates one).
      const empty = o.read.bytes === null || sniff(o.read.bytes).kind === 'empty';
      // The background thread indexes the state first (decoding waits on it), then hashes it for the backup.
      const containerEnds = empty ? undefined : startContainerIndex(o.read.bytes!);
      // Start storing the backup now: the copy is written while the state is decoded and planned.
      if (!empty && !spec.dryRun) {
        o.prepared = o.backend.backups.prepare(o.read.bytes!);
        await o.prepared.started;
      }
      if (empty) {
        if (!spec.allowMissing?.[i]) return fail([missingStateDiagnostic(o.target.display)], { recovered });
        o.snapshot = null;
      } else {
        const decoded = decodeState(o.read.bytes!, { location: o.target.display, containerEnds });
        if (!decoded.ok) return fail(decoded.diags, { recovered });
        o.snapshot = decoded.value;
        decodeWarnings.push(...decoded.diags);
      }
      snaps.push(o.snapshot);
    }

    if (interrupted()) return fail([interruptedDiagnostic(), ...decodeWarnings], { recovered });

    // 3. Plan on what was just read.
    const planned = spec.plan(snaps);
    if (!planned.ok) return fail([...planned.diags, ...decodeWarnings], { recovered });
    const ep = planned.value;
    const warnings = [...decodeWarnings, ...planned.diags];
    const diffs: ResourceDiff[] = [];
    const serials: { display: string; before: string; after: string }[] = [];
    const newBytes: (ByteRope | null)[] = [];
    ep.plans.forEach((p, i) => {
      const o = opened[i];
      if (!p || !p.changed) {
        newBytes.push(null);
        return;
      }
      const base = p.base;
      const before = base.meta.serial;
      const after = before + 1n;
      const result: StateSnapshot = { ...p.result, meta: { ...p.result.meta, serial: after } };
      if (spec.dryRun || spec.confirm || spec.alwaysDiff) diffs.push(...planDiffs(base, p));
      serials.push({ display: o.target.display, before: o.snapshot ? before.toString() : '(new)', after: after.toString() });
      newBytes.push(encodeStateRope(result));
    });
    const common = { steps: ep.steps, summary: ep.summary, hcl: ep.hcl, diffs, serials, recovered, backups: [] as BackupRecord[] };
    if (newBytes.every((b) => b === null)) return { ...common, status: 'no-change', exitCode: EXIT.ok, diags: warnings };
    if (spec.dryRun) return { ...common, status: 'dry-run', exitCode: EXIT.ok, diags: warnings };

    // 4. Confirm.
    if (spec.confirm) {
      const preview: Preview = { steps: ep.steps, diffs, targets: serials.map((s, i) => ({ display: s.display, envName: opened[i]?.target.envName ?? null, serialBefore: s.before, serialAfter: s.after })) };
      if (!(await spec.confirm(preview))) {
        if (interrupted()) return fail([interruptedDiagnostic(), ...warnings], { ...common });
        return { ...common, status: 'cancelled', exitCode: EXIT.refused, diags: [error('confirm.cancelled', 'Cancelled', 'The edit was not confirmed; nothing was written.'), ...warnings] };
      }
    }

    if (interrupted()) return fail([interruptedDiagnostic(), ...warnings], { ...common });

    // 5. Lock the states this edit creates, and check nothing created them meanwhile.
    for (const [i, o] of opened.entries()) {
      if (!deferred.has(o) || !newBytes[i]) continue;
      const got = await lockTarget(o, true);
      if (!got.ok) return fail([got.diag], { ...common });
      o.lockId = got.id;
      o.read = await o.backend.store.read();
      if (o.read.bytes !== null && sniff(o.read.bytes).kind !== 'empty') {
        return fail([error('state.appeared', 'State created meanwhile', `${o.target.display} did not exist when this edit was planned, but it does now: something else created it in the meantime. Nothing was written; run the command again to plan on what is there now.`)], { ...common });
      }
    }

    // 6. Back up the exact bytes read, before anything is written.
    const backups: (BackupRecord | null)[] = [];
    for (const [i, o] of opened.entries()) {
      if (!newBytes[i] || !o.read?.bytes || o.read.bytes.length === 0) {
        backups.push(null);
        continue;
      }
      say(`Backing up ${o.target.display}…`);
      try {
        const s = serials.find((x) => x.display === o.target.display);
        const meta = { time: clock(), operation: spec.operation, who: newLockInfo('', '', '').Who, serialBefore: s?.before ?? '', serialAfter: s?.after ?? '' };
        const prepared = o.prepared ?? o.backend.backups.prepare(o.read.bytes);
        o.prepared = null;
        backups.push(await prepared.commit(meta));
      } catch (e) {
        return fail([error('backup.failed', 'Backup failed', `Could not back up ${o.target.display} before writing: ${(e as Error).message}. Nothing was written; the state is unchanged. Check free space and permissions where backups are kept.`)], { ...common });
      }
    }
    const made = backups.filter((b): b is BackupRecord => b !== null);

    // The last point to stop: from here on, every write of the edit is made (an interrupt is noted at the end).
    if (interrupted()) return fail([interruptedDiagnostic(), ...warnings], { ...common, backups: made });

    // 7. Write: destination first, then source (Terraform's order); undo earlier writes if a later one fails.
    const order = opened.map((_, i) => i).reverse();
    const written: Array<{ i: number; version: string; readBack: boolean }> = [];
    for (const i of order) {
      const bytes = newBytes[i];
      if (!bytes) continue;
      const o = opened[i];
      say(`Writing ${o.target.display}…`);
      try {
        const w = await o.backend.store.write(bytes, { ifVersion: o.read?.version ?? null, backup: backups[i] });
        written.push({ i, version: w.version, readBack: w.readBack });
      } catch (e) {
        // A write that stored the new bytes before failing is undone like a completed one.
        const stored = storedBeforeFailing(e);
        if (stored) written.push({ i, version: e.version, readBack: false });
        const undone = await undoWrites(opened, written);
        const where = backups[i] ? ` The backup is at ${backups[i]!.location}.` : '';
        const what = stored ? `Writing ${o.target.display} stored the new state, but then ${e.failure}.` : `Writing ${o.target.display} failed: ${(e as Error).message}. The state there is unchanged.`;
        return fail([error('write.failed', 'Failed to write state', `${what}${where}${undone}`)], { ...common, backups: made });
      }
    }

    // 8. Verify by reading back (unless the write did, under the lock).
    for (const { i, readBack } of written) {
      const o = opened[i];
      if (!readBack && !(await o.backend.store.holds(newBytes[i]!))) {
        return fail([error('verify.failed', 'State verification failed', `After writing ${o.target.display}, reading it back did not return the bytes written. Something else may have written it concurrently. The previous state is in ${backups[i]?.location ?? '(no backup: the state was new)'}; inspect both before doing anything else.`)], { ...common, backups: made });
      }
    }
    const late = interrupted() ? [warning('edit.interrupted-late', 'Interrupted while writing', 'The interrupt came while the state was being written: the write was completed and verified, and the lock released.')] : [];
    return { ...common, backups: made, status: 'applied', exitCode: EXIT.ok, diags: [...warnings, ...late] };
  } catch (e) {
    const own = backendDiagnostic(e);
    if (own) return fail([error(own.code, own.summary, `${own.detail}\n\nNothing was written unless stated above.`)], { recovered });
    return fail([error('edit.failed', 'Edit failed', `${(e as Error).message}. Nothing was written unless stated above.`)], { recovered });
  } finally {
    for (const o of opened) {
      if (o.prepared) await o.prepared.discard();
      if (o.lockId && o.backend.locker) {
        try {
          await o.backend.locker.unlock(o.lockId);
        } catch {
          // reported by lock status; the lock can be force-unlocked
        }
      }
      await o.backend.close().catch(() => undefined);
    }
  }
}

async function undoWrites(opened: readonly Opened[], written: ReadonlyArray<{ i: number; version: string }>): Promise<string> {
  const notes: string[] = [];
  for (const { i, version } of written) {
    const o = opened[i];
    const old = o.read?.bytes;
    if (!old) {
      notes.push(` ${o.target.display} was created by this edit and has been left in place; delete it if unwanted.`);
      continue;
    }
    try {
      await o.backend.store.write(old, { ifVersion: version, backup: null });
      notes.push(` ${o.target.display} was restored to its previous content.`);
    } catch (e) {
      if (storedBeforeFailing(e)) notes.push(` ${o.target.display} was restored to its previous content, but ${e.failure}.`);
      else notes.push(` Restoring ${o.target.display} failed too (${(e as Error).message}): restore it from its backup with 'tfstate restore'.`);
    }
  }
  return notes.join('');
}

/** True when the outcome carries an error. */
export function outcomeFailed(o: EditOutcome): boolean {
  return hasErrors(o.diags);
}
