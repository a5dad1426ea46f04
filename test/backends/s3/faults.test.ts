import { beforeEach, describe, expect, it } from 'vitest';
import { S3BackendError } from '../../../src/backends/s3/index.js';
import type { Fault } from '../../support/s3-server.js';
import { bytes, lockInfo, STATE_KEY, stateText, useS3Fixture } from './harness.js';

const fx = useS3Fixture();
beforeEach(() => fx.fresh());

const noBackup = { backup: null } as const;
const isStatePut = (r: { method: string; key: string }): boolean => r.method === 'PUT' && r.key === STATE_KEY;

/** A rule answering the first `times` matching requests with `fault`. */
function times(n: number, match: (r: { method: string; key: string }) => boolean, fault: Fault) {
  let left = n;
  return (r: { method: string; key: string }): Fault | undefined => {
    if (left === 0 || !match(r)) return undefined;
    left -= 1;
    return fault;
  };
}

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('S3 backend under faults', () => {
  it('fails a write that keeps getting 500, naming the step; the state is unchanged and the locks release', async () => {
    const backend = fx.backendFor('both');
    const seeded = await backend.store.write(bytes(stateText(1)), { ifVersion: null, ...noBackup });
    const id = await backend.locker!.lock(lockInfo());
    fx.s3.injectFault((r) => (isStatePut(r) ? { kind: 'status', status: 500 } : undefined));
    const before = fx.s3.requests.length;
    const err = await caught(backend.store.write(bytes(stateText(2)), { ifVersion: seeded.version, ...noBackup }));
    expect(err).toBeInstanceOf(S3BackendError);
    expect((err as S3BackendError).step).toBe('write');
    expect(err.message).toBe(
      `Failed to write the state: Writing s3://${fx.bucket}/${STATE_KEY} failed: InternalError: We encountered an internal error. Please try again. (HTTP 500, after 2 attempts).`,
    );
    expect(fx.s3.requests.slice(before).filter(isStatePut)).toHaveLength(0);
    fx.s3.clearFaults();
    expect(await fx.objectText(STATE_KEY)).toBe(stateText(1));
    expect(await fx.item(`${fx.bucket}/${STATE_KEY}-md5`)).toEqual(expect.objectContaining({ Digest: expect.any(String) }));
    await backend.locker!.unlock(id);
    expect(await backend.locker!.status()).toBeNull();
  });

  it.each<[string, Fault]>([
    ['a 500', { kind: 'status', status: 500 }],
    ['a 503 SlowDown', { kind: 'status', status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' }],
    ['a dropped connection', { kind: 'drop' }],
    ['a stalled response', { kind: 'stall', ms: Number.POSITIVE_INFINITY }],
  ])('retries a write after %s and succeeds', async (_what, fault) => {
    const backend = fx.backend({ idleTimeoutMs: 300 });
    fx.s3.injectFault(times(1, isStatePut, fault));
    await backend.store.write(bytes(stateText(1)), { ifVersion: null, ...noBackup });
    expect(await fx.objectText(STATE_KEY)).toBe(stateText(1));
  });

  it('fails a read that keeps getting 500, naming the step', async () => {
    fx.s3.injectFault((r) => (r.method === 'GET' && r.key === STATE_KEY ? { kind: 'status', status: 500 } : undefined));
    const err = await caught(fx.backend().store.read());
    expect((err as S3BackendError).step).toBe('read');
    expect(err.message).toBe(
      `Failed to read the state: Reading s3://${fx.bucket}/${STATE_KEY} failed: InternalError: We encountered an internal error. Please try again. (HTTP 500, after 2 attempts).`,
    );
  });

  it('explains a denied read with a hint about credentials', async () => {
    fx.s3.injectFault((r) => (r.method === 'GET' && r.key === STATE_KEY ? { kind: 'status', status: 403, code: 'AccessDenied', message: 'Access Denied' } : undefined));
    const err = await caught(fx.backend().store.read());
    expect(err.message).toBe(
      `Failed to read the state: Reading s3://${fx.bucket}/${STATE_KEY} failed: AccessDenied: Access Denied (HTTP 403). ` +
        'Check that the credentials in use (profile, environment or role) are allowed to access this bucket and table.',
    );
  });

  it('names a missing bucket', async () => {
    const err = await caught(fx.backend({ bucket: 'no-such-bucket' }).store.read());
    expect((err as S3BackendError).code).toBe('s3.no-such-bucket');
    expect(err.message).toMatch(/^S3 bucket does not exist: Reading s3:\/\/no-such-bucket\/prod\/terraform\.tfstate failed: NoSuchBucket: /);
  });

  it('fails a lock whose table keeps failing, naming the step, and releases the lock file it took', async () => {
    fx.dynamo.injectFault((r) => (r.operation === 'PutItem' ? { kind: 'status', status: 500, code: 'InternalServerError', message: 'boom' } : undefined));
    const backend = fx.backendFor('both');
    const err = await caught(backend.locker!.lock(lockInfo()));
    expect((err as S3BackendError).step).toBe('lock');
    expect(err.message).toBe(
      `Failed to lock the state: Writing the lock to DynamoDB table "${fx.table}", item "${fx.bucket}/${STATE_KEY}" failed: InternalServerError: boom (HTTP 500, after 2 attempts).`,
    );
    expect(await fx.objectText(`${STATE_KEY}.tflock`)).toBeNull();
  });

  it('keeps the original error and says what is left when releasing the lock file also fails', async () => {
    fx.dynamo.injectFault((r) => (r.operation === 'PutItem' ? { kind: 'status', status: 500, code: 'InternalServerError', message: 'boom' } : undefined));
    fx.s3.injectFault((r) => (r.method === 'DELETE' ? { kind: 'status', status: 500 } : undefined));
    const err = await caught(fx.backendFor('both').locker!.lock(lockInfo()));
    expect((err as S3BackendError).step).toBe('lock');
    expect(err.message).toContain(
      `In addition, the lock file s3://${fx.bucket}/${STATE_KEY}.tflock taken just before could not be released (Failed to unlock the state: Deleting the lock file`,
    );
    expect(err.message).toContain(`remove it with "tfstate force-unlock ${lockInfo().ID}".`);
  });

  it('fails a backup that keeps failing, naming the step', async () => {
    fx.s3.injectFault((r) => (r.method === 'PUT' && r.key.includes('.backups/') ? { kind: 'status', status: 500 } : undefined));
    const err = await caught(
      fx.backend().backups.put(bytes(stateText(1)), { time: new Date('2026-11-28T18:30:12Z'), operation: 'x', who: 'a@b', serialBefore: '1', serialAfter: '2' }),
    );
    expect((err as S3BackendError).step).toBe('backup');
  });
});
