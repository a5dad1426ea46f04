/**
 * The state object in S3: exact-bytes reads with the DynamoDB digest check,
 * and conditional writes (If-Match on the ETag read, If-None-Match for a new
 * state) that keep the object's server-side encryption and update the digest.
 * With a digest table, a write first records its intent (write-intent.ts) so
 * that a crash between the object put and the digest update can be finished
 * by the next command (recover.ts).
 */
import './sdk-env.js';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { asBytes, asRope, type StateBytes } from '../../core/statefile/byte-rope.js';
import { StateConflictError, type StateRead, type StateStore, type WriteOptions, type WriteResult } from '../../ports/backend.js';
import { describeAwsError, isConditionalConflict, isNotFound, isPreconditionFailed, stepError } from './aws-errors.js';
import type { S3Clients } from './clients.js';
import { md5Hex, readDigest, writeDigest } from './digest.js';
import { ChecksumMismatchError, DigestUpdateError } from './errors.js';
import { recordWriteIntent } from './write-intent.js';
import type { S3Names } from './location.js';
import { getObjectOrNull, headObjectOrNull, objectEquals } from './object-io.js';

/**
 * How long a read waits for S3 to match the DynamoDB digest (Terraform: 10 s,
 * polling every 2 s). `now` and `sleep` are injectable for tests.
 */
export interface ConsistencyOptions {
  readonly timeoutMs?: number;
  readonly pollMs?: number;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Everything the store needs. */
export interface S3StateStoreDeps {
  readonly clients: S3Clients;
  readonly names: S3Names;
  /** DynamoDB table holding the digest; null for none. */
  readonly table: string | null;
  readonly consistency?: ConsistencyOptions;
  /** Receives non-fatal problems (e.g. the digest could not be read). */
  readonly warn?: (message: string) => void;
}

/** Creates the state store of one location. */
export function createS3StateStore(deps: S3StateStoreDeps): StateStore {
  const { clients, names, table } = deps;
  const { s3, dynamodb } = clients;
  const timeoutMs = deps.consistency?.timeoutMs ?? 10_000;
  const pollMs = deps.consistency?.pollMs ?? 2_000;
  const now = deps.consistency?.now ?? (() => new Date());
  const sleep = deps.consistency?.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const warn = deps.warn ?? (() => {});
  const digestTable = table !== null && dynamodb !== null ? { client: dynamodb, name: table } : null;

  const storedDigest = async (): Promise<string | null> => {
    if (digestTable === null) return null;
    try {
      return await readDigest(digestTable.client, digestTable.name, names.digestId);
    } catch (err) {
      // Terraform logs this and reads without the check; so do we, loudly.
      warn(`Could not read the state digest from DynamoDB table "${digestTable.name}" (${describeAwsError(err)}); the state was read without the consistency check.`);
      return null;
    }
  };

  return {
    location: names.url,

    async read(): Promise<StateRead> {
      const deadline = now().getTime() + timeoutMs;
      for (;;) {
        let object;
        try {
          object = await getObjectOrNull(s3, names.bucket, names.objectKey);
        } catch (err) {
          throw stepError('read', `Reading ${names.url}`, err);
        }
        const stored = await storedDigest();
        if (stored !== null) {
          const calculated = object !== null && object.bytes.length > 0 ? md5Hex(object.bytes) : '';
          if (calculated !== stored) {
            if (now().getTime() < deadline) {
              await sleep(pollMs);
              continue;
            }
            throw new ChecksumMismatchError(names.bucket, names.objectKey, calculated, stored, digestTable?.name ?? '', names.digestId);
          }
        }
        return object === null ? { bytes: null, version: null } : { bytes: object.bytes, version: object.etag };
      }
    },

    async holds(content: StateBytes): Promise<boolean> {
      try {
        return await objectEquals(s3, names.bucket, names.objectKey, asRope(content));
      } catch (err) {
        throw stepError('read', `Reading ${names.url} back after writing it`, err);
      }
    },

    async write(content: StateBytes, options: WriteOptions): Promise<WriteResult> {
      const { ifVersion } = options;
      // The SDK needs one body; S3 edits hold the new state in full (local ones do not).
      const bytes = asBytes(content);
      // A HEAD first: refuses early (with the ETag found) and protects on
      // S3-compatible stores that ignore conditional headers.
      let head;
      try {
        head = await headObjectOrNull(s3, names.bucket, names.objectKey);
      } catch (err) {
        throw stepError('write', `Checking ${names.url} before writing`, err);
      }
      if (ifVersion === null && head !== null) {
        throw new StateConflictError(`The state at ${names.url} was created by someone else since it was read (it now has ETag ${head.etag}). Nothing was written; read it again and retry.`);
      }
      if (ifVersion !== null && head === null) {
        throw new StateConflictError(`The state at ${names.url} was deleted since it was read. Nothing was written; read it again and retry.`);
      }
      if (ifVersion !== null && head !== null && head.etag !== ifVersion) {
        throw new StateConflictError(
          `The state at ${names.url} changed since it was read (ETag ${head.etag}, expected ${ifVersion}). Nothing was written; read it again and retry.`,
        );
      }
      const digest = md5Hex(bytes);
      if (digestTable !== null) {
        try {
          await recordWriteIntent(digestTable.client, digestTable.name, names.digestId, { md5: digest, size: bytes.length, backup: options.backup?.location ?? null, time: now().toISOString() });
        } catch (err) {
          throw stepError('write', `Recording the write in DynamoDB table "${digestTable.name}" before writing ${names.url} (nothing was written)`, err);
        }
      }
      let etag: string | undefined;
      try {
        const out = await s3.send(
          new PutObjectCommand({
            Bucket: names.bucket,
            Key: names.objectKey,
            Body: bytes,
            ContentType: 'application/json',
            ContentMD5: Buffer.from(digest, 'hex').toString('base64'),
            ...(ifVersion === null ? { IfNoneMatch: '*' } : { IfMatch: ifVersion }),
            ...(head?.encryption ?? {}),
          }),
        );
        etag = out.ETag;
      } catch (err) {
        if (isPreconditionFailed(err) || isConditionalConflict(err) || (ifVersion !== null && isNotFound(err))) {
          throw new StateConflictError(`The state at ${names.url} changed while it was being written (S3 refused the conditional write: ${describeAwsError(err)}). Nothing was written by us; read it again and retry.`);
        }
        throw stepError('write', `Writing ${names.url}`, err);
      }
      if (etag === undefined || etag === '') {
        try {
          etag = (await headObjectOrNull(s3, names.bucket, names.objectKey))?.etag ?? '';
        } catch (err) {
          throw stepError('write', `Reading the ETag of ${names.url} after writing`, err);
        }
      }
      if (digestTable !== null) {
        try {
          await writeDigest(digestTable.client, digestTable.name, names.digestId, digest);
        } catch (err) {
          throw new DigestUpdateError(etag, digestTable.name, names.digestId, digest, names.url, describeAwsError(err), err);
        }
      }
      return { version: etag, readBack: false };
    },
  };
}
