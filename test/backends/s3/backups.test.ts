import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3BackendError } from '../../../src/backends/s3/index.js';
import { bytes, STATE_KEY, stateText, useS3Fixture } from './harness.js';

const fx = useS3Fixture();
beforeEach(() => fx.fresh());

const meta = (iso: string, before: number, operation = 'tfstate mv aws_instance.a aws_instance.b') => ({
  time: new Date(iso),
  operation,
  who: 'alice@laptop',
  serialBefore: String(before),
  serialAfter: String(before + 1),
});

describe('S3 backups', () => {
  it('stores the exact bytes under <key>.backups/<UTC stamp>-serial-<N>.tfstate and describes them', async () => {
    const backups = fx.backend().backups;
    const record = await backups.put(bytes(stateText(3)), meta('2026-11-28T18:30:12.345Z', 3));
    const key = `${STATE_KEY}.backups/20261128T183012Z-serial-3.tfstate`;
    expect(record).toEqual({
      id: '20261128T183012Z-serial-3',
      location: `s3://${fx.bucket}/${key}`,
      time: '2026-11-28T18:30:12.345Z',
      operation: 'tfstate mv aws_instance.a aws_instance.b',
      who: 'alice@laptop',
      serialBefore: '3',
      serialAfter: '4',
      size: bytes(stateText(3)).length,
    });
    expect(await fx.objectText(key)).toBe(stateText(3));
    expect(Buffer.from(await backups.get(record.id)).toString()).toBe(stateText(3));
  });

  it('records the facts as object metadata, so listing reads no body', async () => {
    const backups = fx.backend().backups;
    await backups.put(bytes(stateText(3)), meta('2026-11-28T18:30:12Z', 3, 'tfstate rm module.app["é"]'));
    const head = await fx.s3.client().send(new HeadObjectCommand({ Bucket: fx.bucket, Key: `${STATE_KEY}.backups/20261128T183012Z-serial-3.tfstate` }));
    expect(head.Metadata).toEqual({
      time: '2026-11-28T18:30:12.000Z',
      operation: 'tfstate%20rm%20module.app%5B%22%C3%A9%22%5D',
      who: 'alice%40laptop',
      'serial-before': '3',
      'serial-after': '4',
    });
    const before = fx.s3.requests.length;
    const [listed] = await backups.list();
    expect(listed.operation).toBe('tfstate rm module.app["é"]');
    expect(fx.s3.requests.slice(before).map((r) => r.method)).toEqual(['GET', 'HEAD']);
    expect(fx.s3.requests.slice(before)[0].query.get('list-type')).toBe('2');
  });

  it('lists newest first, ignoring other objects under the prefix', async () => {
    const backups = fx.backend().backups;
    await backups.put(bytes(stateText(3)), meta('2026-11-28T18:30:12Z', 3));
    await backups.put(bytes(stateText(5)), meta('2026-11-29T09:00:00Z', 5));
    await backups.put(bytes(stateText(4)), meta('2026-11-28T20:00:00Z', 4));
    await fx.putObject(`${STATE_KEY}.backups/notes.txt`, 'hello');
    expect((await backups.list()).map((r) => [r.id, r.serialBefore])).toEqual([
      ['20261129T090000Z-serial-5', '5'],
      ['20261128T200000Z-serial-4', '4'],
      ['20261128T183012Z-serial-3', '3'],
    ]);
  });

  it('keeps each workspace’s backups apart', async () => {
    await fx.backend({ workspace: 'dev' }).backups.put(bytes(stateText(1)), meta('2026-11-28T18:30:12Z', 1));
    expect(await fx.backend().backups.list()).toEqual([]);
    expect((await fx.backend({ workspace: 'dev' }).backups.list())[0].location).toBe(
      `s3://${fx.bucket}/env:/dev/${STATE_KEY}.backups/20261128T183012Z-serial-1.tfstate`,
    );
  });

  it('never overwrites a backup taken in the same second for the same serial', async () => {
    const backups = fx.backend().backups;
    const a = await backups.put(bytes('first'), meta('2026-11-28T18:30:12.100Z', 3));
    const b = await backups.put(bytes('second'), meta('2026-11-28T18:30:12.900Z', 3));
    expect([a.id, b.id]).toEqual(['20261128T183012Z-serial-3', '20261128T183012Z-serial-3-2']);
    expect(Buffer.from(await backups.get(a.id)).toString()).toBe('first');
    expect((await backups.list()).map((r) => r.id)).toEqual([b.id, a.id]);
  });

  it('writes backups with the server-side encryption of the state object', async () => {
    await fx.putObject(STATE_KEY, stateText(3), { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'key-1', BucketKeyEnabled: true });
    const record = await fx.backend().backups.put(bytes(stateText(3)), meta('2026-11-28T18:30:12Z', 3));
    expect(fx.s3.encryptionOf(fx.bucket, `${STATE_KEY}.backups/${record.id}.tfstate`)).toEqual({
      serverSideEncryption: 'aws:kms',
      kmsKeyId: 'key-1',
      bucketKeyEnabled: 'true',
    });
  });

  it.each(['20261128T183012Z-serial-9', '../terraform.tfstate', 'x'])('refuses an unknown backup ID %s', async (id) => {
    const failed = fx.backend().backups.get(id);
    await expect(failed).rejects.toBeInstanceOf(S3BackendError);
    await expect(failed).rejects.toThrow(`No such backup: There is no backup "${id}" of s3://${fx.bucket}/${STATE_KEY}. List the backups with "tfstate backups".`);
  });
});
