/**
 * Taking locks for the transaction: Terraform-compatible LockInfo, retry with
 * jittered exponential backoff (200 ms doubling to 16 s) up to `--lock-timeout`, and a
 * diagnostic that names the holder and how to force-unlock.
 */
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { error, type Diagnostic } from '../core/diag/index.js';
import { LockHeldError, StateMissingError, type Locker } from '../ports/backend.js';
import { formatLockInfo, type LockInfo } from '../ports/lock-info.js';

/** Who we are, for LockInfo and backup records: `user@host`. */
export function whoAmI(): string {
  let user = process.env.USER ?? 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // containers without a passwd entry
  }
  return `${user}@${os.hostname()}`;
}

/** RFC 3339 UTC with nanoseconds, as Go prints time.Time in LockInfo. */
export function rfc3339Nano(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/** A fresh LockInfo for an operation on `path`. */
export function newLockInfo(operation: string, path: string, version: string, info = '', clock: () => Date = () => new Date()): LockInfo {
  return { ID: randomUUID(), Operation: operation, Info: info, Who: whoAmI(), Version: version, Created: rfc3339Nano(clock()), Path: path };
}

/** Options for acquiring a lock. */
export interface AcquireOptions {
  /** How long to keep retrying, in milliseconds (0: one attempt). */
  readonly timeoutMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  /** Called once when the first attempt fails and we start waiting. */
  readonly onWait?: (holder: LockInfo | null) => void;
  /** Create a missing state to lock it, as Terraform does (default true); false: fail with `state.missing`. */
  readonly createMissing?: boolean;
  /**
   * Stops the waiting: once aborted, no further attempt is made and a
   * backoff pause ends at once, with `lock.interrupted`. An attempt already
   * under way is not cut short, so a lock it takes is still returned.
   */
  readonly signal?: AbortSignal;
}

/** Outcome of trying to lock. */
export type AcquireResult = { ok: true; id: string } | { ok: false; diag: Diagnostic; /** The state does not exist (and `createMissing` was false). */ missing?: true };

/**
 * Locks with retries. A `LockHeldError` is retried with backoff until the
 * timeout; any other error fails at once (a missing state that may not be
 * created with `state.missing`). The failure diagnostic (code
 * `lock.held`) prints the holder in Terraform's format and the force-unlock
 * command.
 */
export async function acquireLock(locker: Locker, info: LockInfo, location: string, opts: AcquireOptions): Promise<AcquireResult> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? (() => Date.now());
  const deadline = now() + opts.timeoutMs;
  // Like Terraform's backoff (doubling to 16 s) but starting shorter and
  // jittered, so many tfstate runs queued on one lock do not wake in step.
  let delay = 200;
  let waited = false;
  for (;;) {
    if (opts.signal?.aborted) return { ok: false, diag: interruptedDiagnostic(location) };
    try {
      const id = await locker.lock(info, opts.createMissing === false ? { createMissing: false } : {});
      return { ok: true, id };
    } catch (e) {
      if (e instanceof StateMissingError) {
        return { ok: false, diag: missingStateDiagnostic(location), missing: true };
      }
      if (!(e instanceof LockHeldError)) {
        return { ok: false, diag: error('lock.failed', 'Error acquiring the state lock', `Could not lock ${location}: ${(e as Error).message}. Nothing was changed.`) };
      }
      const remaining = deadline - now();
      if (remaining <= 0) return { ok: false, diag: lockHeldDiagnostic(location, e.holder, e.message) };
      if (!waited) opts.onWait?.(e.holder);
      waited = true;
      await untilAborted(sleep(Math.min(delay * (0.5 + Math.random() / 2), remaining)), opts.signal);
      delay = Math.min(delay * 2, 16_000);
    }
  }
}

/** `pause`, ended early when `signal` aborts. */
function untilAborted(pause: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return pause;
  return new Promise<void>((resolve) => {
    const done = (): void => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    void pause.then(done);
  });
}

/** The diagnostic for waiting for a lock that was interrupted (Ctrl-C): nothing was locked. */
export function interruptedDiagnostic(location: string): Diagnostic {
  return error('lock.interrupted', 'Interrupted', `Waiting for the lock on ${location} was interrupted; nothing was locked or changed.`);
}

/** The diagnostic for an edit of a state that does not exist (or is empty: Terraform's "no state"). */
export function missingStateDiagnostic(location: string): Diagnostic {
  return error('state.missing', 'No state file was found!', `There is no state at ${location}. Check the path (--state), the environment (--env) and the workspace; nothing was changed.`);
}

/** The diagnostic for a lock held by someone else. */
export function lockHeldDiagnostic(location: string, holder: LockInfo | null, message: string): Diagnostic {
  const who = holder ? `\n\n${formatLockInfo(holder)}` : `\n\n(${message})`;
  const unlock = holder?.ID ? `tfstate force-unlock ${holder.ID}` : 'tfstate lock status';
  return error(
    'lock.held',
    'Error acquiring the state lock',
    `${location} is locked by someone else, so nothing was changed.${who}\n\nTerraform (or another tfstate) may be running against this state right now: wait for it and retry, or pass --lock-timeout to wait. If the holder is gone (a crashed run), check with 'tfstate lock status' and release it with '${unlock}'.`,
  );
}
