/**
 * The S3 backend's Locker: the `.tflock` object, the DynamoDB item, or both
 * (terraform-state.md §10.2). With both, the lock file is taken first and
 * released again when DynamoDB refuses; unlock releases both and reports the
 * failures together.
 */
import { randomUUID } from 'node:crypto';
import { LockMismatchError, type LockInfo, type Locker } from '../../ports/backend.js';
import { S3BackendError } from './errors.js';
import type { LockMechanism } from './lock-mechanism.js';

/** The S3 Locker, which also knows whether this process holds the lock. */
export interface S3Locker extends Locker {
  /** The ID of the lock this locker took and has not released yet, or null. */
  heldId(): string | null;
}

/**
 * Combines mechanisms, in the order given (lock file first). Precondition:
 * at least one mechanism. `lockPath` becomes every LockInfo's Path, as
 * Terraform does (`<bucket>/<key>`).
 */
export function createS3Locker(mechanisms: readonly LockMechanism[], lockPath: string, url: string): S3Locker {
  let held: string | null = null;
  const appendNote = (err: unknown, note: string): unknown => {
    if (err instanceof Error) err.message = `${err.message} ${note}`;
    return err;
  };

  const release = async (id: string): Promise<void> => {
    const results: ('released' | 'absent')[] = [];
    const errors: unknown[] = [];
    for (const m of mechanisms) {
      try {
        results.push(await m.release(id));
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length === 0) {
      if (results.every((r) => r === 'absent')) {
        throw new LockMismatchError(`The state at ${url} is not locked (no ${mechanisms.map((m) => m.where).join(', nor ')}); there is no lock "${id}" to release.`);
      }
      return;
    }
    if (errors.length === 1) throw errors[0];
    const messages = errors.map((e) => (e instanceof Error ? e.message : String(e)));
    if (errors.every((e) => e instanceof LockMismatchError)) {
      throw new LockMismatchError(messages.join(' '));
    }
    throw new S3BackendError('unlock', 's3.unlock-failed', 'Failed to unlock both S3 and DynamoDB', messages.join('\n'), { cause: errors });
  };

  return {
    async lock(info: LockInfo): Promise<string> {
      const full: LockInfo = { ...info, ID: info.ID === '' ? randomUUID() : info.ID, Path: lockPath };
      const taken: LockMechanism[] = [];
      for (const m of mechanisms) {
        try {
          await m.acquire(full);
          taken.push(m);
        } catch (err) {
          for (const t of taken.reverse()) {
            try {
              await t.release(full.ID);
            } catch (cleanup) {
              const why = cleanup instanceof Error ? cleanup.message : String(cleanup);
              throw appendNote(err, `In addition, the ${t.where} taken just before could not be released (${why}); remove it with "tfstate force-unlock ${full.ID}".`);
            }
          }
          throw err;
        }
      }
      held = full.ID;
      return full.ID;
    },

    async unlock(id: string): Promise<void> {
      await release(id);
      if (id === held) held = null;
    },

    async status(): Promise<LockInfo | null> {
      for (const m of mechanisms) {
        const holder = await m.holder();
        if (holder !== null) return holder;
      }
      return null;
    },

    async forceUnlock(id: string): Promise<void> {
      await release(id);
      if (id === held) held = null;
    },

    heldId: () => held,
  };
}

