/**
 * Small S3 object helpers shared by the state store, the lock file and the
 * backups: reads that turn "no such key" into null, and the server-side
 * encryption settings to carry from an object to the objects written beside
 * it (the one SSE helper, instead of a copy per call site).
 */
import './sdk-env.js';
import { GetObjectCommand, HeadObjectCommand, type S3Client, type ServerSideEncryption } from '@aws-sdk/client-s3';
import type { ByteRope } from '../../core/statefile/byte-rope.js';
import { LARGE_STATE_BYTES, sharedBuffer, warmBackgroundThread } from '../../runtime/background-thread.js';
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

/** A response body as the SDK gives it in Node: chunks as they arrive. */
type BodyChunks = AsyncIterable<Uint8Array>;

/**
 * Reads a response body into one array. With the length announced, the
 * chunks are copied into an array of that size as they arrive (collecting
 * them first and joining them would hold the object twice); a body that
 * turns out longer or shorter is an error, not a truncated state.
 */
async function readBody(body: BodyChunks, length: number | undefined): Promise<Uint8Array> {
  if (length === undefined) {
    const chunks: Uint8Array[] = [];
    for await (const c of body) chunks.push(c);
    return Buffer.concat(chunks);
  }
  // A large state goes into shared memory, so the background thread can index it without a copy.
  const large = length >= LARGE_STATE_BYTES;
  if (large) warmBackgroundThread();
  const out = large ? sharedBuffer(length) : Buffer.allocUnsafeSlow(length);
  let at = 0;
  for await (const c of body) {
    if (at + c.length > length) throw new Error(`the object is longer than the ${length} bytes announced`);
    out.set(c, at);
    at += c.length;
  }
  if (at !== length) throw new Error(`the object ended after ${at} of the ${length} bytes announced`);
  return out;
}

/** GETs an object; null when it does not exist. Other SDK errors propagate. */
export async function getObjectOrNull(s3: S3Client, bucket: string, key: string): Promise<StoredObject | null> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = out.Body === undefined ? new Uint8Array() : await readBody(out.Body as unknown as BodyChunks, out.ContentLength);
    return { bytes, etag: out.ETag ?? '', encryption: encryptionOf(out), metadata: out.Metadata ?? {} };
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/**
 * Whether the object holds exactly `content`, compared chunk by chunk as it
 * streams in: nothing of it is kept. False when it is missing.
 */
export async function objectEquals(s3: S3Client, bucket: string, key: string, content: ByteRope): Promise<boolean> {
  let out;
  try {
    out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
  const body = out.Body as unknown as BodyChunks | undefined;
  if (body === undefined) return content.length === 0;
  if (out.ContentLength !== undefined && out.ContentLength !== content.length) {
    (body as unknown as { destroy?: () => void }).destroy?.();
    return false;
  }
  let seen = 0;
  let same = true;
  for await (const c of body) {
    if (!same) continue; // drain, so the connection can be reused
    if (seen + c.length > content.length) same = false;
    else {
      content.forRange(seen, seen + c.length, (part, start, end, at) => {
        if (same && Buffer.compare(c.subarray(at - seen, at - seen + end - start), part.subarray(start, end)) !== 0) same = false;
      });
      seen += c.length;
    }
  }
  return same && seen === content.length;
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
