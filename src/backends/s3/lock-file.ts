/**
 * Terraform's S3-native lock (`use_lockfile`, terraform-state.md §10.2): the
 * object `<state key>.tflock` holding the compact LockInfo JSON, created with
 * `If-None-Match: *`.
 *
 * Some S3-compatible stores ignore `If-None-Match` and overwrite. To stay
 * safe there, `acquire` first checks that no lock object exists, and after
 * writing reads the object back and refuses unless it holds our ID (the last
 * of two racing writers wins; the other sees the winner's ID).
 */
import './sdk-env.js';
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { LockMismatchError, type LockInfo } from '../../ports/backend.js';
import { marshalLockInfo } from '../../ports/lock-info.js';
import { isConditionalConflict, isPreconditionFailed, stepError } from './aws-errors.js';
import { S3BackendError } from './errors.js';
import { heldError, holderFrom, type LockMechanism } from './lock-mechanism.js';
import type { S3Names } from './location.js';
import { getObjectOrNull } from './object-io.js';

/** Creates the `.tflock` mechanism for a location. */
export function createLockFile(s3: S3Client, names: S3Names): LockMechanism {
  const url = `s3://${names.bucket}/${names.lockFileKey}`;
  const where = `lock file ${url}`;

  const read = async (doing: string, step: 'lock' | 'unlock'): Promise<LockInfo | null> => {
    let object;
    try {
      object = await getObjectOrNull(s3, names.bucket, names.lockFileKey);
    } catch (err) {
      throw stepError(step, `${doing} ${url}`, err);
    }
    return object === null || object.bytes.length === 0 ? null : holderFrom(Buffer.from(object.bytes).toString('utf8'), where);
  };

  return {
    where,

    async acquire(info) {
      const existing = await read('Reading the lock file', 'lock');
      if (existing !== null) throw heldError(where, existing);
      try {
        await s3.send(
          new PutObjectCommand({
            Bucket: names.bucket,
            Key: names.lockFileKey,
            Body: Buffer.from(marshalLockInfo(info), 'utf8'),
            ContentType: 'application/json',
            IfNoneMatch: '*',
          }),
        );
      } catch (err) {
        if (isPreconditionFailed(err) || isConditionalConflict(err)) {
          throw heldError(where, await read('Reading the lock file', 'lock'));
        }
        throw stepError('lock', `Writing the lock file ${url}`, err);
      }
      const back = await read('Reading back the lock file', 'lock');
      if (back === null) {
        throw new S3BackendError(
          'lock',
          's3.lock-vanished',
          'Failed to lock the state',
          `The lock file ${url} disappeared right after it was written; someone may have force-unlocked it. Try again.`,
        );
      }
      if (back.ID !== info.ID) throw heldError(where, back);
    },

    holder() {
      return read('Reading the lock file', 'lock');
    },

    async release(id) {
      const current = await read('Reading the lock file', 'unlock');
      if (current === null) return 'absent';
      if (current.ID !== id) {
        throw new LockMismatchError(`The ${where} holds lock ID "${current.ID}", not "${id}"; it was not removed.`);
      }
      try {
        await s3.send(new DeleteObjectCommand({ Bucket: names.bucket, Key: names.lockFileKey }));
      } catch (err) {
        throw stepError('unlock', `Deleting the lock file ${url}`, err);
      }
      return 'released';
    },
  };
}
