import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ByteRope } from '../../../src/core/statefile/byte-rope.js';
import { StateConflictError } from '../../../src/ports/backend.js';
import { ChecksumMismatchError, DigestUpdateError, listWorkspaces } from '../../../src/backends/s3/index.js';
import { bytes, STATE_KEY, stateText, useS3Fixture } from './harness.js';

const fx = useS3Fixture();
beforeEach(() => fx.fresh());

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
const noBackup = { backup: null } as const;

describe('S3 state store: reads and writes', () => {
  it('reads a missing state as no bytes and no version', async () => {
    expect(await fx.backend().store.read()).toEqual({ bytes: null, version: null });
  });

  it('writes the exact bytes and reads them back with the ETag the write returned', async () => {
    const store = fx.backend().store;
    const text = stateText(1);
    const { version } = await store.write(bytes(text), { ifVersion: null, ...noBackup });
    const read = await store.read();
    expect(Buffer.from(read.bytes!).toString('utf8')).toBe(text);
    expect(read.version).toBe(version);
    expect(version).toBe(`"${md5(text)}"`);
  });

  it('reads a multi-megabyte state back exactly, and compares it with a rope of many parts as it streams in', async () => {
    const store = fx.backend().store;
    const big = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
    const parts: Uint8Array[] = [];
    for (let at = 0, n = 1; at < big.length; at += n, n = (n * 7 + 3) % 9000 + 1) parts.push(big.subarray(at, Math.min(big.length, at + n)));
    await store.write(new ByteRope(parts), { ifVersion: null, ...noBackup });
    expect(Buffer.from((await store.read()).bytes!).equals(big)).toBe(true);
    expect(await store.holds(new ByteRope(parts))).toBe(true);
    const flipped = Buffer.from(big);
    flipped[2_000_000] ^= 1;
    expect(await store.holds(flipped)).toBe(false);
    expect(await store.holds(big.subarray(0, big.length - 1))).toBe(false);
    expect(await store.holds(Buffer.concat([big, Buffer.from('x')]))).toBe(false);
  });

  it('stores the state as application/json under the key', async () => {
    await fx.backend().store.write(bytes(stateText(1)), { ifVersion: null, ...noBackup });
    expect((await fx.head(STATE_KEY))?.contentType).toBe('application/json');
  });

  it('names the location as an s3:// URL of the workspace object', () => {
    expect(fx.backend({ workspace: 'dev' }).store.location).toBe(`s3://${fx.bucket}/env:/dev/${STATE_KEY}`);
  });

  it('replaces the state when given the version it read', async () => {
    const store = fx.backend().store;
    const first = await store.write(bytes(stateText(1)), { ifVersion: null, ...noBackup });
    await store.write(bytes(stateText(2)), { ifVersion: first.version, ...noBackup });
    expect(await fx.objectText(STATE_KEY)).toBe(stateText(2));
  });

  it('refuses a lost update: the second writer of the same version gets StateConflictError and the first write stays', async () => {
    await fx.backend().store.write(bytes(stateText(1)), { ifVersion: null, ...noBackup });
    const alice = fx.backend().store;
    const bob = fx.backend().store;
    const [a, b] = [await alice.read(), await bob.read()];
    await alice.write(bytes(stateText(2)), { ifVersion: a.version, ...noBackup });
    const refused = bob.write(bytes(stateText(3)), { ifVersion: b.version, ...noBackup });
    await expect(refused).rejects.toBeInstanceOf(StateConflictError);
    await expect(refused).rejects.toThrow(
      `The state at s3://${fx.bucket}/${STATE_KEY} changed since it was read (ETag "${md5(stateText(2))}", expected "${md5(stateText(1))}"). Nothing was written; read it again and retry.`,
    );
    expect(await fx.objectText(STATE_KEY)).toBe(stateText(2));
  });

  it('refuses to create a state that someone else created since the read', async () => {
    const store = fx.backend().store;
    expect((await store.read()).bytes).toBeNull();
    await fx.putObject(STATE_KEY, stateText(7));
    await expect(store.write(bytes(stateText(1)), { ifVersion: null, ...noBackup })).rejects.toBeInstanceOf(StateConflictError);
    expect(await fx.objectText(STATE_KEY)).toBe(stateText(7));
  });

  it('refuses to overwrite a state deleted since the read', async () => {
    const store = fx.backend().store;
    const { version } = await store.write(bytes(stateText(1)), { ifVersion: null, ...noBackup });
    await fx.s3.client().send(new (await import('@aws-sdk/client-s3')).DeleteObjectCommand({ Bucket: fx.bucket, Key: STATE_KEY }));
    await expect(store.write(bytes(stateText(2)), { ifVersion: version, ...noBackup })).rejects.toThrow(
      `The state at s3://${fx.bucket}/${STATE_KEY} was deleted since it was read. Nothing was written; read it again and retry.`,
    );
    expect(await fx.objectText(STATE_KEY)).toBeNull();
  });

  it.each([
    ['If-Match', true],
    ['If-None-Match', false],
  ])('relies on the conditional PUT (%s) when another write lands between the check and the put', async (header, existing) => {
    const store = fx.backend().store;
    const version = existing ? (await store.write(bytes(stateText(1)), { ifVersion: null, ...noBackup })).version : null;
    let raced = false;
    fx.s3.injectFault((req) => {
      if (raced || req.method !== 'PUT' || req.key !== STATE_KEY) return undefined;
      raced = true;
      return { kind: 'before', run: async () => void (await fx.putObject(STATE_KEY, stateText(9))) };
    });
    const refused = store.write(bytes(stateText(2)), { ifVersion: version, ...noBackup });
    await expect(refused).rejects.toBeInstanceOf(StateConflictError);
    await expect(refused).rejects.toThrow(`The state at s3://${fx.bucket}/${STATE_KEY} changed while it was being written`);
    expect(await fx.objectText(STATE_KEY)).toBe(stateText(9));
    const put = fx.s3.requests.filter((r) => r.method === 'PUT' && r.key === STATE_KEY).at(-1);
    expect(put?.headers[header.toLowerCase()]).toBe(existing ? version : '*');
  });

  it('keeps the server-side encryption of the object it overwrites', async () => {
    const etag = await fx.putObject(STATE_KEY, stateText(1), { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'arn:aws:kms:us-east-1:111122223333:key/k1' });
    await fx.backend().store.write(bytes(stateText(2)), { ifVersion: etag, ...noBackup });
    expect(fx.s3.encryptionOf(fx.bucket, STATE_KEY)).toEqual({ serverSideEncryption: 'aws:kms', kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/k1' });
  });

  it('writes the workspace object, not the default one', async () => {
    await fx.backend({ workspace: 'dev' }).store.write(bytes(stateText(1)), { ifVersion: null, ...noBackup });
    expect(await fx.objectText(`env:/dev/${STATE_KEY}`)).toBe(stateText(1));
    expect(await fx.objectText(STATE_KEY)).toBeNull();
  });

  it('lists the workspaces that have a state, default first', async () => {
    for (const ws of ['prod-eu', 'dev']) await fx.backend({ workspace: ws }).store.write(bytes(stateText(1)), { ifVersion: null, ...noBackup });
    await fx.backend({ workspace: 'dev', useLockfile: true }).locker!.lock((await import('./harness.js')).lockInfo());
    expect(await fx.backend().listWorkspaces()).toEqual(['default', 'dev', 'prod-eu']);
    expect(await listWorkspaces(fx.configFor('none'))).toEqual(['default', 'dev', 'prod-eu']);
  });

  it('finds the endpoints in AWS_ENDPOINT_URL_S3 and AWS_ENDPOINT_URL_DYNAMODB', async () => {
    const env = { AWS_ENDPOINT_URL_S3: fx.s3.endpoint, AWS_ENDPOINT_URL_DYNAMODB: fx.dynamo.endpoint };
    const store = fx.backend({ endpoint: undefined, dynamodbEndpoint: undefined, dynamodbTable: fx.table, env }).store;
    await store.write(bytes(stateText(1)), { ifVersion: null, ...noBackup });
    expect(await fx.objectText(STATE_KEY)).toBe(stateText(1));
    expect(await fx.item(`${fx.bucket}/${STATE_KEY}-md5`)).toEqual(expect.objectContaining({ Digest: md5(stateText(1)) }));
  });
});

describe('S3 state store: the DynamoDB digest', () => {
  it('records the MD5 of the written bytes as the digest item', async () => {
    await fx.backend({ dynamodbTable: fx.table }).store.write(bytes(stateText(1)), { ifVersion: null, ...noBackup });
    expect(await fx.item(`${fx.bucket}/${STATE_KEY}-md5`)).toEqual({ LockID: `${fx.bucket}/${STATE_KEY}-md5`, Digest: md5(stateText(1)) });
  });

  it('touches no table when none is configured', async () => {
    const before = fx.dynamo.requests.length;
    const store = fx.backend().store;
    await store.write(bytes(stateText(1)), { ifVersion: null, ...noBackup });
    await store.read();
    expect(fx.dynamo.requests.length).toBe(before);
  });

  it('reads a state whose digest matches without waiting', async () => {
    const sleeps: number[] = [];
    const store = fx.backend({ dynamodbTable: fx.table, consistency: { sleep: async (ms) => void sleeps.push(ms) } }).store;
    await store.write(bytes(stateText(1)), { ifVersion: null, ...noBackup });
    expect(Buffer.from((await store.read()).bytes!).toString()).toBe(stateText(1));
    expect(sleeps).toEqual([]);
  });

  it("waits every 2 s for 10 s, then fails with Terraform's checksum message", async () => {
    await fx.putObject(STATE_KEY, stateText(1));
    await fx.putItem({ LockID: `${fx.bucket}/${STATE_KEY}-md5`, Digest: md5('something else') });
    let now = Date.parse('2026-11-28T18:30:00Z');
    const sleeps: number[] = [];
    const store = fx.backend({
      dynamodbTable: fx.table,
      clock: () => new Date(now),
      consistency: { sleep: async (ms) => void (sleeps.push(ms), (now += ms)) },
    }).store;
    const gets = (): number => fx.s3.requests.filter((r) => r.method === 'GET' && r.key === STATE_KEY).length;
    const before = gets();
    const failed = store.read();
    await expect(failed).rejects.toBeInstanceOf(ChecksumMismatchError);
    await expect(failed).rejects.toThrow(
      `state data in S3 does not have the expected content.

The checksum calculated for the state stored in S3 does not match the checksum
stored in DynamoDB.

Bucket: ${fx.bucket}
Key:    ${STATE_KEY}
Calculated checksum: ${md5(stateText(1))}
Stored checksum:     ${md5('something else')}

This may be caused by unusually long delays in S3 processing a previous state
update. Please wait for a minute or two and try again.

If this problem persists, and neither S3 nor DynamoDB are experiencing an
outage, you may need to manually verify the remote state and update the Digest
value stored in the DynamoDB table to the following value: ${md5(stateText(1))}`,
    );
    expect(sleeps).toEqual([2000, 2000, 2000, 2000, 2000]);
    expect(gets() - before).toBe(6);
  });

  it('says to remove the digest when the state object is missing', async () => {
    await fx.putItem({ LockID: `${fx.bucket}/${STATE_KEY}-md5`, Digest: md5(stateText(1)) });
    const store = fx.backend({ dynamodbTable: fx.table, consistency: { timeoutMs: 0 } }).store;
    const failed = store.read();
    await expect(failed).rejects.toThrow(
      `Calculated checksum: \nStored checksum:     ${md5(stateText(1))}\n\nThis may be caused by unusually long delays in S3 processing a previous state
update. Please wait for a minute or two and try again.

If this problem persists, and neither S3 nor DynamoDB are experiencing an
outage, you may need to manually verify the remote state and remove the Digest
value stored in the DynamoDB table`,
    );
  });

  it('accepts the state once the digest catches up while waiting', async () => {
    await fx.putObject(STATE_KEY, stateText(2));
    await fx.putItem({ LockID: `${fx.bucket}/${STATE_KEY}-md5`, Digest: md5(stateText(1)) });
    let sleeps = 0;
    const store = fx.backend({
      dynamodbTable: fx.table,
      consistency: {
        sleep: async () => {
          sleeps += 1;
          if (sleeps === 2) await fx.putItem({ LockID: `${fx.bucket}/${STATE_KEY}-md5`, Digest: md5(stateText(2)) });
        },
      },
    }).store;
    expect(Buffer.from((await store.read()).bytes!).toString()).toBe(stateText(2));
    expect(sleeps).toBe(2);
  });

  it('reads without the check, and warns, when the digest cannot be read', async () => {
    await fx.putObject(STATE_KEY, stateText(1));
    fx.dynamo.injectFault((req) => (req.operation === 'GetItem' ? { kind: 'status', status: 400, code: 'ResourceNotFoundException', message: 'no table' } : undefined));
    const warnings: string[] = [];
    const read = await fx.backend({ dynamodbTable: fx.table, warn: (m) => void warnings.push(m) }).store.read();
    expect(Buffer.from(read.bytes!).toString()).toBe(stateText(1));
    expect(warnings).toEqual([
      `Could not read the state digest from DynamoDB table "${fx.table}" (ResourceNotFoundException: no table (HTTP 400)); the state was read without the consistency check.`,
    ]);
  });

  it('ignores a digest item that is not an MD5, as Terraform does', async () => {
    await fx.putObject(STATE_KEY, stateText(1));
    await fx.putItem({ LockID: `${fx.bucket}/${STATE_KEY}-md5`, Digest: 'not-a-digest' });
    const read = await fx.backend({ dynamodbTable: fx.table, consistency: { timeoutMs: 0 } }).store.read();
    expect(read.bytes).not.toBeNull();
  });

  it('fails the write loudly when the digest cannot be stored, giving the value to set; the state is written', async () => {
    const store = fx.backend({ dynamodbTable: fx.table }).store;
    fx.dynamo.injectFault((req) => {
      const item = req.body.Item as { LockID?: { S?: string } } | undefined;
      return req.operation === 'PutItem' && item?.LockID?.S?.endsWith('-md5') ? { kind: 'status', status: 400, code: 'AccessDeniedException', message: 'not allowed' } : undefined;
    });
    const failed = store.write(bytes(stateText(1)), { ifVersion: null, ...noBackup });
    await expect(failed).rejects.toBeInstanceOf(DigestUpdateError);
    const err = (await failed.catch((e: unknown) => e)) as DigestUpdateError;
    const digestId = `${fx.bucket}/${STATE_KEY}-md5`;
    expect(err.message).toBe(
      `State written, but its digest is stale: The new state was written to s3://${fx.bucket}/${STATE_KEY}, but updating its MD5 digest in DynamoDB table "${fx.table}" failed: AccessDeniedException: not allowed (HTTP 400). ` +
        `Until the digest is fixed, Terraform will refuse to read this state ("state data in S3 does not have the expected content"). ` +
        `Set the Digest attribute of the item with LockID "${digestId}" to ${md5(stateText(1))}, for example:\n` +
        `  aws dynamodb put-item --table-name ${fx.table} --item '{"LockID":{"S":"${digestId}"},"Digest":{"S":"${md5(stateText(1))}"}}'\n` +
        `or run any tfstate command on this state (e.g. tfstate list) once DynamoDB accepts writes again: it completes the update itself.`,
    );
    expect(err.step).toBe('digest');
    expect(err.version).toBe(`"${md5(stateText(1))}"`);
    expect(await fx.objectText(STATE_KEY)).toBe(stateText(1));
  });
});
