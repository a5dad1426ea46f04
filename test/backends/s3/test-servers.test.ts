import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import { useS3Fixture } from './harness.js';

// The backend tests are only as good as these servers' imitation of AWS.
const fx = useS3Fixture();
beforeEach(() => fx.fresh());

async function status(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    return `${e.$metadata?.httpStatusCode} ${e.name}`;
  }
}

describe('test S3 server', () => {
  const put = (key: string, body: string, headers: { IfMatch?: string; IfNoneMatch?: string } = {}) =>
    fx.s3.client().send(new PutObjectCommand({ Bucket: fx.bucket, Key: key, Body: body, ...headers }));

  it('enforces If-None-Match: * on PUT like AWS', async () => {
    expect(await status(put('k', 'a', { IfNoneMatch: '*' }))).toBe('ok');
    expect(await status(put('k', 'b', { IfNoneMatch: '*' }))).toBe('412 PreconditionFailed');
    expect(await fx.objectText('k')).toBe('a');
  });

  it('enforces If-Match on PUT like AWS (412 on a stale ETag, 404 on a missing key)', async () => {
    const { ETag } = await put('k', 'a');
    expect(await status(put('k', 'b', { IfMatch: '"0123"' }))).toBe('412 PreconditionFailed');
    expect(await status(put('k', 'b', { IfMatch: ETag }))).toBe('ok');
    expect(await status(put('missing', 'b', { IfMatch: ETag }))).toBe('404 NoSuchKey');
    expect(await fx.objectText('k')).toBe('b');
  });

  it('admits exactly one of many concurrent If-None-Match writers', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => status(put('race', `writer ${i}`, { IfNoneMatch: '*' }))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === '412 PreconditionFailed')).toHaveLength(7);
  });

  it('ignores conditional headers when told to, like some S3-compatible stores', async () => {
    fx.s3.setConditionalWrites('ignore');
    await put('k', 'a');
    expect(await status(put('k', 'b', { IfNoneMatch: '*' }))).toBe('ok');
    expect(await fx.objectText('k')).toBe('b');
  });

  it('keeps the previous object when a client dies mid-upload, like AWS', async () => {
    const { ETag } = await put('k', 'old');
    const url = new URL(fx.s3.endpoint);
    await new Promise<void>((resolve) => {
      const req = request({ host: url.hostname, port: url.port, method: 'PUT', path: `/${fx.bucket}/k`, headers: { 'content-length': '4000000' } });
      req.on('error', () => resolve());
      // Half the promised body, then the connection dies (as when the process is killed).
      req.write(Buffer.alloc(2_000_000, 0x61), () => {
        req.destroy();
        resolve();
      });
    });
    const head = await fx.s3.client().send(new HeadObjectCommand({ Bucket: fx.bucket, Key: 'k' }));
    expect([await fx.objectText('k'), head.ETag]).toEqual(['old', ETag]);
    expect(await status(put('k', 'new', { IfMatch: ETag }))).toBe('ok');
    expect(await fx.objectText('k')).toBe('new');
  });

  it('answers a PUT only once the whole object reads back, and a GET during a PUT returns one version whole', async () => {
    const client = fx.s3.client();
    const versions = [...'abcdefgh'].map((c) => Buffer.alloc(8 << 20, c));
    const get = async () => {
      const out = await client.send(new GetObjectCommand({ Bucket: fx.bucket, Key: 'big' }));
      const body = Buffer.from(await out.Body!.transformToByteArray());
      return { body, etag: out.ETag, length: out.ContentLength };
    };
    const md5 = (b: Buffer) => `"${createHash('md5').update(b).digest('hex')}"`;
    const seen: string[] = [];
    for (const v of versions) {
      const reader = get().catch(() => null);
      await client.send(new PutObjectCommand({ Bucket: fx.bucket, Key: 'big', Body: v }));
      const [during, after] = [await reader, await get()];
      expect(after.body.equals(v)).toBe(true);
      expect([after.length, after.etag]).toEqual([v.length, md5(v)]);
      if (during !== null) {
        expect([during.length, during.etag]).toEqual([during.body.length, md5(during.body)]);
        seen.push(String.fromCharCode(during.body[0]));
      }
    }
    expect(seen.every((c, i) => c === 'abcdefgh'[i] || c === 'abcdefgh'[i - 1])).toBe(true);
  });

  it('returns the SSE headers an object was written with', async () => {
    await fx.s3.client().send(new PutObjectCommand({ Bucket: fx.bucket, Key: 'k', Body: 'a', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'key-1' }));
    const head = await fx.s3.client().send(new HeadObjectCommand({ Bucket: fx.bucket, Key: 'k' }));
    const get = await fx.s3.client().send(new GetObjectCommand({ Bucket: fx.bucket, Key: 'k' }));
    await get.Body?.transformToString();
    expect([head.ServerSideEncryption, head.SSEKMSKeyId, get.ServerSideEncryption]).toEqual(['aws:kms', 'key-1', 'aws:kms']);
  });

  it('answers an injected fault instead of serving', async () => {
    const remove = fx.s3.injectFault((r) => (r.key === 'k' ? { kind: 'status', status: 503, code: 'SlowDown', message: 'slow' } : undefined));
    expect(await status(put('k', 'a'))).toBe('503 SlowDown');
    remove();
    expect(await status(put('k', 'a'))).toBe('ok');
  });
});

describe('test DynamoDB server', () => {
  it('creates a lock table with the hash key LockID (String)', async () => {
    const out = await fx.dynamo.client().send(new DescribeTableCommand({ TableName: fx.table }));
    expect([out.Table?.TableStatus, out.Table?.KeySchema, out.Table?.AttributeDefinitions]).toEqual([
      'ACTIVE',
      [{ AttributeName: 'LockID', KeyType: 'HASH' }],
      [{ AttributeName: 'LockID', AttributeType: 'S' }],
    ]);
  });
});
