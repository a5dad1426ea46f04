/**
 * `tfstate lock hold [--for DURATION] [--reason TEXT]`: takes the lock,
 * prints its ID, holds it until the time is up or the process is
 * interrupted (Ctrl-C, SIGTERM, SIGHUP), then releases it.
 *
 * Signals are caught from before the lock is taken until it is released,
 * so none ends the process with the lock left behind without a word: one
 * while waiting for the lock stops the waiting (or, when the lock was just
 * taken, ends the hold at once); one while holding releases the lock; while
 * releasing, the first says the release is still running, a second stops
 * waiting and reports the lock as possibly still held, with the command
 * that removes it.
 */
import { error, type Diagnostic } from '../../core/diag/index.js';
import type { Locker } from '../../ports/backend.js';
import { acquireLock, newLockInfo, whoAmI } from '../../session/lock.js';
import { exitCodeFor } from '../../session/exit-codes.js';
import { locate } from '../context.js';
import { parseDuration, type GlobalOptions } from '../options.js';
import { printJson, renderDiagnostics, reportFailure, reportWarnings, warningsJson, type OutputOptions, type Streams } from '../output.js';
import { catchSignals } from '../signals.js';
import { VERSION } from '../version.js';

/** The longest delay one `setTimeout` can wait: 2^31 - 1 ms, just under 25 days. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Waits `ms` (Infinity: for ever) or until a signal. The timer keeps the
 * process alive (signal listeners do not). One timer waits at most
 * MAX_TIMER_MS (Node fires a longer one after 1 ms), so a long hold re-arms it.
 */
function hold(ms: number, signals: { set(handler: () => void): void }): Promise<void> {
  return new Promise<void>((resolve) => {
    const until = Date.now() + ms;
    let timer: NodeJS.Timeout | undefined;
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const arm = (): void => {
      const left = until - Date.now();
      if (left <= 0) done();
      else timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    };
    signals.set(done);
    arm();
  });
}

/** Once the lock document is on stdout, --json output is complete: a later failure goes to stderr as text, so stdout stays one document. */
function reportAfterHolding(s: Streams, o: OutputOptions, d: Diagnostic): number {
  if (!o.json) return reportFailure(s, o, [d]);
  s.err(renderDiagnostics([d], false));
  return exitCodeFor([d]);
}

/** Releases the lock `id`; a first signal meanwhile says so, a second stops waiting (see the module comment). */
async function release(s: Streams, o: OutputOptions, locker: Locker, id: string, display: string, signals: { set(handler: () => void): void }): Promise<number> {
  const stopped = new Promise<'stopped'>((resolve) => {
    let asked = false;
    signals.set(() => {
      if (asked) return resolve('stopped');
      asked = true;
      s.err(`Still releasing the lock on ${display}. Interrupt again to stop waiting; the lock may then stay until: tfstate force-unlock ${id}\n`);
    });
  });
  try {
    const how = await Promise.race([locker.unlock(id).then(() => 'released' as const), stopped]);
    if (how === 'stopped') {
      return reportAfterHolding(s, o, error('lock.release-interrupted', 'Lock may still be held', `Releasing the lock on ${display} was interrupted, so it may still be held. Check with: tfstate lock status; release it with: tfstate force-unlock ${id}`));
    }
    s.err('Lock released.\n');
    return 0;
  } catch (e) {
    return reportAfterHolding(s, o, error('lock.release-failed', 'Failed to release the lock', `${(e as Error).message}. Release it with: tfstate force-unlock ${id}`));
  }
}

/**
 * Runs `tfstate lock hold`. Refuses a --for or --lock-timeout that is no
 * duration (exit 2) and a location without locking (exit 1); a lock held by
 * someone else is reported as for any command (exit 3). Never reads or
 * writes the state. Returns 0 once the lock is released.
 */
export async function lockHoldCommand(s: Streams, o: OutputOptions, g: GlobalOptions & { for?: string; reason?: string }): Promise<number> {
  const dur = g.for !== undefined ? parseDuration(g.for, '--for') : null;
  if (dur && !dur.ok) return reportFailure(s, o, dur.diags);
  const timeout = parseDuration(g.lockTimeout ?? '0s');
  if (!timeout.ok) return reportFailure(s, o, timeout.diags);
  const loc = await locate(g);
  if (!loc.ok) return reportFailure(s, o, loc.diags);
  const backend = await loc.value.open({ who: whoAmI(), version: VERSION });
  try {
    const locker = backend.locker;
    if (!locker) return reportFailure(s, o, [error('lock.none', 'No locking configured', `${loc.value.display} has no lock to hold (configure a DynamoDB table or use_lockfile for S3).`), ...loc.diags]);
    const info = newLockInfo('tfstate lock hold', backend.store.location, VERSION, g.reason ?? '');
    const signals = catchSignals();
    try {
      const interrupted = new AbortController();
      signals.set(() => interrupted.abort());
      const got = await acquireLock(locker, info, loc.value.display, { timeoutMs: timeout.value, signal: interrupted.signal });
      if (!got.ok) return reportFailure(s, o, [got.diag, ...loc.diags]);
      reportWarnings(s, o, loc.diags, true);
      if (o.json) printJson(s, { location: loc.value.display, lock: info, warnings: warningsJson(loc.diags) });
      else s.out(`${info.ID}\n`);
      s.err(`Holding the lock on ${loc.value.display}${dur ? ` for ${g.for}` : ''}. Press Ctrl-C to release it.\n`);
      // Interrupted while the lock was being taken: the hold ends as soon as it begins.
      if (!interrupted.signal.aborted) await hold(dur?.ok ? dur.value : Infinity, signals);
      return await release(s, o, locker, got.id, loc.value.display, signals);
    } finally {
      signals.stop();
    }
  } finally {
    await backend.close().catch(() => undefined);
  }
}
