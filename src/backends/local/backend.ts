/**
 * The local-file backend: one state file on disk, with Terraform's fcntl
 * lock, in-place journaled writes and timestamped backups beside it.
 */
import { randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as os from 'node:os';
import { LockHeldError, type Backend } from '../../ports/backend.js';
import type { LockInfo } from '../../ports/lock-info.js';
import { LocalBackupStore } from './backup-store.js';
import { serialize } from './file-table.js';
import { hasJournal, recoverWrite } from './journal.js';
import { findLeftoverTemps, removeLeftoverTemps } from './leftovers.js';
import { LocalLocker } from './locker.js';
import { acquire, lockInfoPaths, readHolder, release } from './os-lock-file.js';
import { resolveStatePath } from './paths.js';
import { LocalStateStore } from './state-store.js';

/** Options for `createLocalBackend`. */
export interface LocalBackendOptions {
  /** Time source for journal entries and recovery's own lock (default: `new Date()`). */
  readonly clock?: () => Date;
  /** `user@host` recorded when recovery takes the lock itself (default: from the OS). */
  readonly who?: string;
  /** Version recorded when recovery takes the lock itself (default: `tfstate`). */
  readonly version?: string;
}

/** The Operation recorded in the lock `recover()` takes when none is held. */
export const RECOVER_OPERATION = 'tfstate-recover';

function defaultWho(): string {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry (containers): keep "unknown"
  }
  return `${user}@${os.hostname()}`;
}

/**
 * A `Backend` for the local state file at `statePath` (kept as given for
 * messages and LockInfo `Path`; every operation resolves symlinks and works
 * on the real file, see paths.ts). Nothing is touched until a method is
 * called; the file need not exist.
 *
 * `recover()` completes or rolls back a write interrupted by a crash (see
 * journal.ts), and removes the temporary files a killed run left beside the
 * state (see leftovers.ts). The session calls it right after `locker.lock()`;
 * called without the lock held in this process, it takes the lock itself for
 * the duration (throwing `LockHeldError` when another process holds it and a
 * journal is pending; leftover files alone are then left for later), and
 * with neither a journal nor leftover files it returns null at once, taking
 * no lock. It throws `RecoveryError` when it cannot tell what to do,
 * changing nothing.
 *
 * `close()` releases nothing while this process holds the lock: for local
 * files the lock lives on an open descriptor, which stays open until
 * `unlock()` (or process exit, when the OS drops the lock and only a stale
 * `.lock.info` remains).
 */
export function createLocalBackend(statePath: string, opts: LocalBackendOptions = {}): Backend {
  const clock = opts.clock ?? (() => new Date());
  const who = opts.who ?? defaultWho();
  const version = opts.version ?? 'tfstate';
  const store = new LocalStateStore(statePath, clock);
  const locker = new LocalLocker(statePath);
  const backups = new LocalBackupStore(statePath);

  /** Recovers under the lock held through `fh`: the journal first, then leftover temporary files. */
  async function recoverHeld(fh: FileHandle, real: string): Promise<string | null> {
    const note = await recoverWrite(fh, real, statePath);
    const removed = await removeLeftoverTemps(real);
    if (removed.length === 0) return note;
    const cleaned = `removed ${removed.length === 1 ? 'a temporary file' : `${removed.length} temporary files`} left beside ${statePath} by an interrupted tfstate run (${removed.join(', ')})`;
    return note === null ? cleaned : `${note}; ${cleaned}`;
  }

  async function recover(): Promise<string | null> {
    const real = await resolveStatePath(statePath);
    const journal = await hasJournal(real);
    // Leftover temporary files alone are cleaned only where the state exists (taking the lock would create it).
    if (!journal && ((await findLeftoverTemps(real)).length === 0 || !(await exists(real)))) return null;
    const infoPaths = await lockInfoPaths(statePath, real);
    return serialize(real, async (slot) => {
      if (slot.held) return recoverHeld(slot.held.fh, real);
      const info: LockInfo = {
        ID: randomUUID(),
        Operation: RECOVER_OPERATION,
        Info: 'completing or rolling back an interrupted write',
        Who: who,
        Version: version,
        Created: clock().toISOString(),
        Path: statePath,
      };
      const held = await acquire(slot, info, infoPaths);
      if (!held) {
        // Only leftover files: the holder may still be writing them, and they harm nobody meanwhile.
        if (!journal) return null;
        const holder = await readHolder(infoPaths);
        throw new LockHeldError(holder, `cannot recover an interrupted write of ${statePath}: it is locked by another process${holder ? ` (lock ID ${holder.ID}, ${holder.Operation} by ${holder.Who})` : ', which left no lock info'}`);
      }
      try {
        return await recoverHeld(held.fh, real);
      } finally {
        await release(slot);
      }
    });
  }

  return {
    kind: 'local',
    store,
    locker,
    backups,
    recover,
    close: async () => undefined,
  };
}

async function exists(file: string): Promise<boolean> {
  return fsp.stat(file).then(
    () => true,
    () => false,
  );
}
