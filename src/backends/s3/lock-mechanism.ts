/**
 * One way of holding Terraform's S3 state lock (the `.tflock` object or the
 * DynamoDB item). The locker combines them in Terraform's order.
 */
import { LockHeldError, type LockInfo } from '../../ports/backend.js';
import { parseLockInfo } from '../../ports/lock-info.js';

/** A lock mechanism. All methods throw `S3BackendError` on SDK failures. */
export interface LockMechanism {
  /** Where the lock lives, for messages: `lock file s3://b/k.tflock`. */
  readonly where: string;
  /**
   * Takes the lock for `info` (whose ID and Path are final), or throws
   * `LockHeldError` with the holder's LockInfo.
   */
  acquire(info: LockInfo): Promise<void>;
  /** The current holder, or null when not locked. */
  holder(): Promise<LockInfo | null>;
  /**
   * Releases the lock when its ID is `id`: `released`; `absent` when there is
   * no lock; throws `LockMismatchError` when another ID holds it.
   */
  release(id: string): Promise<'released' | 'absent'>;
}

/** Parses a stored LockInfo; a record that is not LockInfo JSON is reported as unreadable. */
export function holderFrom(text: string, where: string): LockInfo {
  return (
    parseLockInfo(text) ?? {
      ID: '',
      Operation: '',
      Info: `unreadable lock information in ${where}`,
      Who: '',
      Version: '',
      Created: '',
      Path: '',
    }
  );
}

/** The error for a lock someone else holds, naming where and who. */
export function heldError(where: string, holder: LockInfo | null): LockHeldError {
  const about =
    holder === null
      ? 'its lock information could not be read'
      : `lock ID ${holder.ID === '' ? '(none)' : `"${holder.ID}"`}, held by ${holder.Who || 'an unknown user'} for ${holder.Operation || 'an unknown operation'} since ${holder.Created || 'an unknown time'}`;
  return new LockHeldError(holder, `The state is locked by someone else (${where}; ${about}).`);
}
