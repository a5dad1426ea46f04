/**
 * Crash recovery of the S3 backend: a write killed between the object put
 * and the digest update leaves a digest naming the previous state; the next
 * backend's `recover()` finishes the update because the write recorded its
 * intent, and refuses (changing nothing) for any mismatch no intent explains.
 */
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ChecksumMismatchError, DigestUpdateError } from '../../../src/backends/s3/index.js';
import { INTENT_ATTRIBUTE } from '../../../src/backends/s3/write-intent.js';
import type { DynamoFaultRule } from '../../support/dynamo-server.js';
import { bytes, lockInfo, STATE_KEY, stateText, useS3Fixture } from './harness.js';

const fx = useS3Fixture();
beforeEach(() => fx.fresh());

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
const digestId = (): string => `${fx.bucket}/${STATE_KEY}-md5`;
const url = (): string => `s3://${fx.bucket}/${STATE_KEY}`;

/** Fails every digest PutItem, as a process killed right after the object put never sends it. */
const noDigestUpdate: DynamoFaultRule = (req) => {
  const item = req.body.Item as { LockID?: { S?: string }; Digest?: unknown } | undefined;
  return req.operation === 'PutItem' && item?.Digest !== undefined ? { kind: 'drop' } : undefined;
};

/** Writes stateText(1), then stateText(2) whose digest update never happens; returns the writer's backend. */
async function interruptedAfterPut(opts: { lockId?: string } = {}) {
  const writer = fx.backendFor('dynamodb');
  const first = await writer.store.write(bytes(stateText(1)), { ifVersion: null, backup: null });
  if (opts.lockId !== undefined) await writer.locker!.lock(lockInfo({ ID: opts.lockId, Operation: 'tfstate mv' }));
  const remove = fx.dynamo.injectFault(noDigestUpdate);
  const backup = { id: 'b1', location: `${url()}.backups/b1.tfstate`, time: '', operation: '', who: '', serialBefore: '1', serialAfter: '2', size: 0 };
  await expect(writer.store.write(bytes(stateText(2)), { ifVersion: first.version, backup })).rejects.toBeInstanceOf(DigestUpdateError);
  remove();
  return writer;
}

describe('S3 recovery of an interrupted write', () => {
  it('a completed write leaves the digest item as Terraform writes it: LockID and Digest only', async () => {
    await fx.backendFor('dynamodb').store.write(bytes(stateText(1)), { ifVersion: null, backup: null });
    expect(await fx.item(digestId())).toEqual({ LockID: digestId(), Digest: md5(stateText(1)) });
  });

  it('finishes the digest update of a write stopped after the object put, says so, and reads without waiting', async () => {
    await interruptedAfterPut();
    expect((await fx.item(digestId()))?.Digest).toBe(md5(stateText(1)));
    const sleeps: number[] = [];
    const next = fx.backendFor('dynamodb', { consistency: { sleep: async (ms) => void sleeps.push(ms) } });
    expect(await next.recover()).toBe(
      `completed an interrupted write of ${url()}: the new state (${bytes(stateText(2)).length} bytes, md5 ${md5(stateText(2)).slice(0, 12)}) had been stored but its digest in DynamoDB table "${fx.table}" had not been updated, and now is; the previous state is in ${url()}.backups/b1.tfstate`,
    );
    expect(await fx.item(digestId())).toEqual({ LockID: digestId(), Digest: md5(stateText(2)) });
    expect(Buffer.from((await next.store.read()).bytes!).toString()).toBe(stateText(2));
    expect(sleeps).toEqual([]);
    expect(await next.recover()).toBeNull();
  });

  it('names the lock the interrupted run left behind and how to release it', async () => {
    const id = '99999999-8888-4777-8666-555555555555';
    await interruptedAfterPut({ lockId: id });
    const note = await fx.backendFor('dynamodb').recover();
    expect(note).toMatch(/^completed an interrupted write of /);
    expect(note).toContain(`Its lock (ID ${id}, tfstate mv by alice@laptop) is still held: if that process is gone, release it with "tfstate force-unlock ${id}"`);
  });

  it('refuses a mismatch no recorded write explains, changing nothing, with the command that fixes the digest', async () => {
    await interruptedAfterPut();
    await fx.putObject(STATE_KEY, stateText(3)); // someone else replaced the object meanwhile
    const before = await fx.item(digestId());
    const next = fx.backendFor('dynamodb', { consistency: { timeoutMs: 0 } });
    expect(await next.recover()).toBeNull();
    expect(await fx.item(digestId())).toEqual(before);
    const failed = (await next.store.read().catch((e: unknown) => e)) as ChecksumMismatchError;
    expect(failed).toBeInstanceOf(ChecksumMismatchError);
    expect(failed.toDiagnostic().code).toBe('s3.checksum-mismatch');
    expect(failed.detail).toContain(`Stored checksum:     ${md5(stateText(1))}`);
    expect(failed.detail).toContain(
      `tfstate changed nothing: the object is not the state an interrupted tfstate write was storing (tfstate completes those itself before reading). Check that ${url()} holds the state you expect`,
    );
    expect(failed.detail).toContain(`aws dynamodb put-item --table-name ${fx.table} --item '{"LockID":{"S":"${digestId()}"},"Digest":{"S":"${md5(stateText(3))}"}}'`);
    expect(await fx.item(digestId())).toEqual(before);
  });

  it('says how to remove the digest when the object is gone', async () => {
    await fx.putItem({ LockID: digestId(), Digest: md5(stateText(1)) });
    const failed = (await fx.backendFor('dynamodb', { consistency: { timeoutMs: 0 } }).store.read().catch((e: unknown) => e)) as ChecksumMismatchError;
    expect(failed.detail).toContain(`aws dynamodb delete-item --table-name ${fx.table} --key '{"LockID":{"S":"${digestId()}"}}'`);
  });

  it('forgets the intent of a write stopped before the object put once the lock is free, and not while another holds it', async () => {
    const writer = fx.backendFor('dynamodb');
    const first = await writer.store.write(bytes(stateText(1)), { ifVersion: null, backup: null });
    const id = await writer.locker!.lock(lockInfo());
    const remove = fx.s3.injectFault((r) => (r.method === 'PUT' && r.key === STATE_KEY ? { kind: 'drop' } : undefined));
    await expect(writer.store.write(bytes(stateText(2)), { ifVersion: first.version, backup: null })).rejects.toThrow();
    remove();
    expect(await fx.objectText(STATE_KEY)).toBe(stateText(1));
    expect(JSON.parse((await fx.item(digestId()))![INTENT_ATTRIBUTE])).toMatchObject({ md5: md5(stateText(2)), size: bytes(stateText(2)).length, backup: null });

    const other = fx.backendFor('dynamodb');
    expect(await other.recover()).toBeNull();
    expect((await fx.item(digestId()))![INTENT_ATTRIBUTE]).toBeDefined();
    await other.locker!.forceUnlock(id);
    expect(await other.recover()).toBe(`discarded the record of an interrupted write of ${url()}: the write had not replaced the state, which is unchanged`);
    expect(await fx.item(digestId())).toEqual({ LockID: digestId(), Digest: md5(stateText(1)) });
  });

  it('the lock holder itself forgets a stale intent at once', async () => {
    const writer = fx.backendFor('dynamodb');
    await writer.store.write(bytes(stateText(1)), { ifVersion: null, backup: null });
    await fx.putItem({ LockID: digestId(), Digest: md5(stateText(1)), [INTENT_ATTRIBUTE]: JSON.stringify({ md5: md5('never written'), size: 13, backup: null, time: '2026-01-01T00:00:00.000Z' }) });
    const next = fx.backendFor('dynamodb');
    await next.locker!.lock(lockInfo());
    expect(await next.recover()).toMatch(/^discarded the record of an interrupted write/);
    expect(await fx.item(digestId())).toEqual({ LockID: digestId(), Digest: md5(stateText(1)) });
  });

  it('leaves an unreadable intent alone', async () => {
    await fx.putObject(STATE_KEY, stateText(2));
    await fx.putItem({ LockID: digestId(), Digest: md5(stateText(1)), [INTENT_ATTRIBUTE]: 'not json' });
    const before = await fx.item(digestId());
    expect(await fx.backendFor('dynamodb').recover()).toBeNull();
    expect(await fx.item(digestId())).toEqual(before);
  });

  it('completes a write whose digest item had no Digest yet (a new state)', async () => {
    const writer = fx.backendFor('dynamodb');
    const remove = fx.dynamo.injectFault(noDigestUpdate);
    await expect(writer.store.write(bytes(stateText(1)), { ifVersion: null, backup: null })).rejects.toBeInstanceOf(DigestUpdateError);
    remove();
    expect((await fx.item(digestId()))?.Digest).toBeUndefined();
    expect(await fx.backendFor('dynamodb').recover()).toMatch(/^completed an interrupted write/);
    expect(await fx.item(digestId())).toEqual({ LockID: digestId(), Digest: md5(stateText(1)) });
  });

  it('refuses to write, having written nothing, when the intent cannot be recorded', async () => {
    const writer = fx.backendFor('dynamodb');
    const first = await writer.store.write(bytes(stateText(1)), { ifVersion: null, backup: null });
    fx.dynamo.injectFault((req) => (req.operation === 'UpdateItem' ? { kind: 'status', status: 400, code: 'AccessDeniedException', message: 'not allowed' } : undefined));
    await expect(writer.store.write(bytes(stateText(2)), { ifVersion: first.version, backup: null })).rejects.toThrow(
      `Recording the write in DynamoDB table "${fx.table}" before writing ${url()} (nothing was written) failed: AccessDeniedException: not allowed (HTTP 400).`,
    );
    expect(await fx.objectText(STATE_KEY)).toBe(stateText(1));
  });

  it('is a no-op without a table, and when the digest item cannot be read', async () => {
    await fx.putObject(STATE_KEY, stateText(1));
    const before = fx.dynamo.requests.length;
    expect(await fx.backendFor('lockfile').recover()).toBeNull();
    expect(fx.dynamo.requests.length).toBe(before);
    fx.dynamo.injectFault((req) => (req.operation === 'GetItem' ? { kind: 'status', status: 400, code: 'ResourceNotFoundException', message: 'no table' } : undefined));
    expect(await fx.backendFor('dynamodb').recover()).toBeNull();
  });
});
