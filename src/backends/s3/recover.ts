/**
 * Crash recovery of the S3 backend: finishing the digest update of a write
 * that was interrupted after the state object was replaced (see
 * write-intent.ts), and forgetting the intent of a write that never got that
 * far. Everything else is left for the read's digest check, which waits and
 * then refuses with `ChecksumMismatchError`.
 */
import './sdk-env.js';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LockInfo } from '../../ports/lock-info.js';
import { stepError } from './aws-errors.js';
import { md5Hex } from './digest.js';
import type { S3Clients } from './clients.js';
import type { S3Names } from './location.js';
import { getObjectOrNull } from './object-io.js';
import { completeWriteIntent, discardWriteIntent, readDigestItem, type DigestItem } from './write-intent.js';

/** Who holds the state lock, as recovery needs to know it. */
export type LockState = { readonly kind: 'ours' } | { readonly kind: 'free' } | { readonly kind: 'other'; readonly holder: LockInfo };

/** Everything recovery needs. */
export interface S3RecoveryDeps {
  readonly clients: S3Clients;
  readonly names: S3Names;
  /** DynamoDB table holding the digest; null for none (there is then nothing to recover). */
  readonly table: string | null;
  /** The lock's state; consulted only when an intent is found. */
  readonly lockState: () => Promise<LockState>;
}

const short = (md5: string): string => md5.slice(0, 12);

/**
 * Returns the backend's `recover()`. With a digest table and a recorded
 * write intent it:
 * - when the object's MD5 is the intent's and the digest differs: sets the
 *   digest to it (a conditional update, safe against a concurrent writer)
 *   and returns a sentence saying so, naming a lock left behind;
 * - when the digest matches the object (the write never replaced it) and
 *   the lock is free or held by this process: removes the intent and says so;
 * - otherwise: changes nothing and returns null.
 * Without a table or an intent it returns null after one DynamoDB read. A
 * digest item that cannot be read is not an error here (the read warns
 * about it); reading the object can fail with `S3BackendError`.
 */
export function createS3Recovery(deps: S3RecoveryDeps): () => Promise<string | null> {
  const { clients, names, table } = deps;
  const dynamodb: DynamoDBClient | null = clients.dynamodb;
  return async () => {
    if (table === null || dynamodb === null) return null;
    let item: DigestItem;
    try {
      item = await readDigestItem(dynamodb, table, names.digestId);
    } catch {
      return null;
    }
    const { intent, intentRaw } = item;
    if (intent === null || intentRaw === null) return null;
    let object;
    try {
      object = await getObjectOrNull(clients.s3, names.bucket, names.objectKey);
    } catch (err) {
      throw stepError('read', `Reading ${names.url} to check an interrupted write`, err);
    }
    const calculated = object !== null && object.bytes.length > 0 ? md5Hex(object.bytes) : '';

    if (calculated === intent.md5 && item.digest !== calculated) {
      if (!(await completeWriteIntent(dynamodb, table, names.digestId, intentRaw, calculated))) return null;
      const backup = intent.backup === null ? '' : `; the previous state is in ${intent.backup}`;
      return `completed an interrupted write of ${names.url}: the new state (${intent.size} bytes, md5 ${short(calculated)}) had been stored but its digest in DynamoDB table "${table}" had not been updated, and now is${backup}${await lockNote(deps)}`;
    }
    if (item.digest === null || item.digest === calculated) {
      let lock: LockState;
      try {
        lock = await deps.lockState();
      } catch {
        return null;
      }
      if (lock.kind === 'other') return null;
      if (!(await discardWriteIntent(dynamodb, table, names.digestId, intentRaw))) return null;
      return `discarded the record of an interrupted write of ${names.url}: the write had not replaced the state, which is unchanged`;
    }
    return null;
  };
}

/** ` (the lock … is still held …)` when another holder has the lock; '' otherwise. */
async function lockNote(deps: S3RecoveryDeps): Promise<string> {
  let lock: LockState;
  try {
    lock = await deps.lockState();
  } catch {
    return '';
  }
  if (lock.kind !== 'other') return '';
  const h = lock.holder;
  return `. Its lock (ID ${h.ID || '(none)'}, ${h.Operation || 'an unknown operation'} by ${h.Who || 'an unknown user'}) is still held: if that process is gone, release it with "tfstate force-unlock ${h.ID}"`;
}
