/**
 * Small S3 object helpers shared by the state store, the lock file and the
 * backups: reads that turn "no such key" into null, and the server-side
 * encryption settings to carry from an object to the objects written beside
 * it (the one SSE helper, instead of a copy per call site).
 */
import './sdk-env.js';
import { GetObjectCommand, HeadObjectCommand, type S3Client, type ServerSideEncryption } from '@aws-sdk/client-s3';
import { isNotFound } from './aws-errors.js';

/** Server-side encryption of an object, as S3 reports it. */
export interface Encryption {
  readonly ServerSideEncryption?: ServerSideEncryption;
  readonly SSEKMSKeyId?: string;
  readonly BucketKeyEnabled?: boolean;
}

/** An object read in full. */
export interface StoredObject {
  readonly bytes: Uint8Array;
  /** The ETag exactly as S3 returned it (quoted). */
  readonly etag: string;
  readonly encryption: Encryption;
  readonly metadata: Readonly<Record<string, string>>;
}

/** An object's headers. */
export interface ObjectHead {
  readonly etag: string;
  readonly size: number;
  readonly encryption: Encryption;
  readonly metadata: Readonly<Record<string, string>>;
}

/** Picks the SSE fields of a GET/HEAD output (only those present). */
export function encryptionOf(out: Encryption): Encryption {
  return {
    ...(out.ServerSideEncryption !== undefined ? { ServerSideEncryption: out.ServerSideEncryption } : {}),
    ...(out.SSEKMSKeyId !== undefined && out.ServerSideEncryption?.startsWith('aws:kms') ? { SSEKMSKeyId: out.SSEKMSKeyId } : {}),
    ...(out.BucketKeyEnabled === true ? { BucketKeyEnabled: true } : {}),
  };
}

/** GETs an object; null when it does not exist. Other SDK errors propagate. */
export async function getObjectOrNull(s3: S3Client, bucket: string, key: string): Promise<StoredObject | null> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = out.Body === undefined ? new Uint8Array() : await out.Body.transformToByteArray();
    return { bytes, etag: out.ETag ?? '', encryption: encryptionOf(out), metadata: out.Metadata ?? {} };
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/** HEADs an object; null when it does not exist. Other SDK errors propagate. */
export async function headObjectOrNull(s3: S3Client, bucket: string, key: string): Promise<ObjectHead | null> {
  try {
    const out = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { etag: out.ETag ?? '', size: out.ContentLength ?? 0, encryption: encryptionOf(out), metadata: out.Metadata ?? {} };
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}
