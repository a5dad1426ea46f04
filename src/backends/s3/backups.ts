/**
 * Backups of an S3 state, kept in the same bucket so secrets never leave the
 * backend (design.md §5): `<state key>.backups/<UTC stamp>-serial-<N>.tfstate`,
 * written with the state object's server-side encryption. The backup's facts
 * (time, operation, who, serials) are S3 user metadata, so listing needs a
 * HEAD per backup but never reads a body.
 */
import './sdk-env.js';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { deferredBackup, type BackupMeta, type BackupRecord, type BackupStore, type PreparedBackup } from '../../ports/backend.js';
import { isConditionalConflict, isPreconditionFailed, stepError } from './aws-errors.js';
import { S3BackendError } from './errors.js';
import type { S3Names } from './location.js';
import { getObjectOrNull, headObjectOrNull, type ObjectHead } from './object-io.js';

const ID_PATTERN = /^\d{8}T\d{6}Z-serial-[A-Za-z0-9]+(?:-\d+)?$/;
const HEAD_CONCURRENCY = 8;

/** `20261128T183012Z` for a time (UTC, seconds). */
export function backupStamp(time: Date): string {
  return time.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

const encode = (s: string): string => encodeURIComponent(s);
const decode = (s: string | undefined): string => {
  if (s === undefined) return '';
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Creates the backup store of a location. `who` fills records whose meta has none. */
export function createS3BackupStore(s3: S3Client, names: S3Names, who = ''): BackupStore {
  const keyOf = (id: string): string => `${names.backupsPrefix}${id}.tfstate`;
  const urlOf = (id: string): string => `s3://${names.bucket}/${keyOf(id)}`;

  const recordOf = (id: string, head: ObjectHead): BackupRecord => {
    const m = head.metadata;
    const stamp = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(id);
    const fromId = stamp === null ? '' : `${stamp[1]}-${stamp[2]}-${stamp[3]}T${stamp[4]}:${stamp[5]}:${stamp[6]}Z`;
    return {
      id,
      location: urlOf(id),
      time: decode(m.time) || fromId,
      operation: decode(m.operation),
      who: decode(m.who),
      serialBefore: decode(m['serial-before']),
      serialAfter: decode(m['serial-after']),
      size: head.size,
    };
  };

  return {
    prepare(bytes: Uint8Array): PreparedBackup {
      return deferredBackup(this, bytes);
    },

    async put(bytes: Uint8Array, meta: BackupMeta): Promise<BackupRecord> {
      let state;
      try {
        state = await headObjectOrNull(s3, names.bucket, names.objectKey);
      } catch (err) {
        throw stepError('backup', `Reading the encryption settings of ${names.url}`, err);
      }
      const serial = meta.serialBefore.replace(/[^A-Za-z0-9]/g, '') || 'none';
      const base = `${backupStamp(meta.time)}-serial-${serial}`;
      const metadata = {
        time: meta.time.toISOString(),
        operation: encode(meta.operation),
        who: encode(meta.who || who),
        'serial-before': encode(meta.serialBefore),
        'serial-after': encode(meta.serialAfter),
      };
      for (let n = 1; n <= 20; n++) {
        const id = n === 1 ? base : `${base}-${n}`;
        try {
          await s3.send(
            new PutObjectCommand({
              Bucket: names.bucket,
              Key: keyOf(id),
              Body: bytes,
              ContentType: 'application/json',
              Metadata: metadata,
              IfNoneMatch: '*',
              ...(state?.encryption ?? {}),
            }),
          );
        } catch (err) {
          if (isPreconditionFailed(err) || isConditionalConflict(err)) continue;
          throw stepError('backup', `Writing the backup ${urlOf(id)}`, err);
        }
        return {
          id,
          location: urlOf(id),
          time: metadata.time,
          operation: meta.operation,
          who: meta.who || who,
          serialBefore: meta.serialBefore,
          serialAfter: meta.serialAfter,
          size: bytes.length,
        };
      }
      throw new S3BackendError('backup', 's3.backup-failed', 'Failed to write the backup', `Every backup name for ${base} under s3://${names.bucket}/${names.backupsPrefix} is taken. Try again in a second.`);
    },

    async list(): Promise<BackupRecord[]> {
      const ids: string[] = [];
      try {
        let token: string | undefined;
        do {
          const out = await s3.send(new ListObjectsV2Command({ Bucket: names.bucket, Prefix: names.backupsPrefix, ContinuationToken: token }));
          for (const o of out.Contents ?? []) {
            const rest = (o.Key ?? '').slice(names.backupsPrefix.length);
            if (!rest.endsWith('.tfstate')) continue;
            const id = rest.slice(0, -'.tfstate'.length);
            if (ID_PATTERN.test(id)) ids.push(id);
          }
          token = out.IsTruncated ? out.NextContinuationToken : undefined;
        } while (token !== undefined);
      } catch (err) {
        throw stepError('backup', `Listing the backups under s3://${names.bucket}/${names.backupsPrefix}`, err);
      }
      const records: BackupRecord[] = [];
      for (let i = 0; i < ids.length; i += HEAD_CONCURRENCY) {
        const batch = ids.slice(i, i + HEAD_CONCURRENCY);
        const heads = await Promise.all(
          batch.map(async (id) => {
            try {
              return await headObjectOrNull(s3, names.bucket, keyOf(id));
            } catch (err) {
              throw stepError('backup', `Reading the backup ${urlOf(id)}`, err);
            }
          }),
        );
        heads.forEach((head, j) => {
          if (head !== null) records.push(recordOf(batch[j], head));
        });
      }
      return records.sort((a, b) => (a.time === b.time ? compare(b.id, a.id) : compare(b.time, a.time)));
    },

    async get(id: string): Promise<Uint8Array> {
      const unknown = (): S3BackendError =>
        new S3BackendError('backup', 's3.unknown-backup', 'No such backup', `There is no backup "${id}" of ${names.url}. List the backups with "tfstate backups".`);
      if (!ID_PATTERN.test(id)) throw unknown();
      let object;
      try {
        object = await getObjectOrNull(s3, names.bucket, keyOf(id));
      } catch (err) {
        throw stepError('backup', `Reading the backup ${urlOf(id)}`, err);
      }
      if (object === null) throw unknown();
      return object.bytes;
    },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
