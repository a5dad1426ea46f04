import { beforeEach, describe, expect, it } from 'vitest';
import { LockHeldError, LockMismatchError } from '../../../src/ports/backend.js';
import { marshalLockInfo } from '../../../src/ports/lock-info.js';
import { LOCK_MODES, lockInfo, STATE_KEY, useS3Fixture, type LockMode } from './harness.js';

const fx = useS3Fixture();
beforeEach(() => fx.fresh());

const ALICE = lockInfo();
const BOB = lockInfo({ ID: '99999999-8888-7777-6666-555555555555', Who: 'bob@ci', Operation: 'state-rm' });
const lockPath = (): string => `${fx.bucket}/${STATE_KEY}`;
const lockFileKey = `${STATE_KEY}.tflock`;

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe.each(LOCK_MODES)('S3 locker (%s)', (mode: LockMode) => {
  it('returns the lock ID and records LockInfo with Path <bucket>/<key>', async () => {
    const locker = fx.backendFor(mode).locker!;
    expect(await locker.lock(ALICE)).toBe(ALICE.ID);
    expect(await locker.status()).toEqual({ ...ALICE, Path: lockPath() });
  });

  it("refuses a second backend's lock with LockHeldError carrying the holder", async () => {
    await fx.backendFor(mode).locker!.lock(ALICE);
    const err = await caught(fx.backendFor(mode).locker!.lock(BOB));
    expect(err).toBeInstanceOf(LockHeldError);
    expect((err as LockHeldError).holder).toEqual({ ...ALICE, Path: lockPath() });
    const where = mode === 'dynamodb' ? `DynamoDB table "${fx.table}", item "${lockPath()}"` : `lock file s3://${fx.bucket}/${lockFileKey}`;
    expect(err.message).toBe(
      `The state is locked by someone else (${where}; lock ID "${ALICE.ID}", held by alice@laptop for state-mv since 2026-11-28T18:30:12.123456789Z).`,
    );
  });

  it('lets the other backend lock once the holder unlocks', async () => {
    const alice = fx.backendFor(mode).locker!;
    await alice.lock(ALICE);
    await alice.unlock(ALICE.ID);
    expect(await alice.status()).toBeNull();
    const bob = fx.backendFor(mode).locker!;
    expect(await bob.lock(BOB)).toBe(BOB.ID);
  });

  it('keeps the lock when unlocked with another ID', async () => {
    const locker = fx.backendFor(mode).locker!;
    await locker.lock(ALICE);
    await expect(locker.unlock(BOB.ID)).rejects.toBeInstanceOf(LockMismatchError);
    expect((await locker.status())?.ID).toBe(ALICE.ID);
  });

  it('force-unlocks from another backend with the holder ID', async () => {
    await fx.backendFor(mode).locker!.lock(ALICE);
    const other = fx.backendFor(mode).locker!;
    await other.forceUnlock(ALICE.ID);
    expect(await other.status()).toBeNull();
    expect(await other.lock(BOB)).toBe(BOB.ID);
  });

  it('refuses to unlock when nothing is locked', async () => {
    const locker = fx.backendFor(mode).locker!;
    await expect(locker.unlock(ALICE.ID)).rejects.toBeInstanceOf(LockMismatchError);
  });

  it('generates a lock ID when the LockInfo has none', async () => {
    const locker = fx.backendFor(mode).locker!;
    const id = await locker.lock(lockInfo({ ID: '' }));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((await locker.status())?.ID).toBe(id);
  });

  it('locks each workspace separately', async () => {
    await fx.backendFor(mode).locker!.lock(ALICE);
    const dev = fx.backendFor(mode, { workspace: 'dev' }).locker!;
    expect(await dev.lock(BOB)).toBe(BOB.ID);
    expect((await dev.status())?.Path).toBe(`${fx.bucket}/env:/dev/${STATE_KEY}`);
  });
});

describe('S3 locker: records Terraform reads', () => {
  it('stores the DynamoDB lock as {LockID, Info} with compact LockInfo JSON', async () => {
    await fx.backendFor('dynamodb').locker!.lock(ALICE);
    expect(await fx.item(lockPath())).toEqual({ LockID: lockPath(), Info: marshalLockInfo({ ...ALICE, Path: lockPath() }) });
  });

  it('writes the lock file with If-None-Match: * and compact LockInfo JSON', async () => {
    await fx.backendFor('lockfile').locker!.lock(ALICE);
    expect(await fx.objectText(lockFileKey)).toBe(marshalLockInfo({ ...ALICE, Path: lockPath() }));
    const put = fx.s3.requests.find((r) => r.method === 'PUT' && r.key === lockFileKey);
    expect(put?.headers['if-none-match']).toBe('*');
  });

  it('reports a lock held by Terraform (its own record) as held', async () => {
    const terraform = '{"ID":"442b1de2-3cf7-c879-b783-386b5cd8071f","Operation":"OperationTypeInvalid","Info":"","Who":"root@vm","Version":"1.11.4","Created":"2026-11-28T17:26:20.757988241Z","Path":"x"}';
    await fx.putItem({ LockID: lockPath(), Info: terraform });
    const err = await caught(fx.backendFor('dynamodb').locker!.lock(ALICE));
    expect((err as LockHeldError).holder?.ID).toBe('442b1de2-3cf7-c879-b783-386b5cd8071f');
  });

  it('reports an unreadable lock record as held with no usable ID', async () => {
    await fx.putObject(lockFileKey, 'garbage');
    const err = await caught(fx.backendFor('lockfile').locker!.lock(ALICE));
    expect(err).toBeInstanceOf(LockHeldError);
    expect((err as LockHeldError).holder).toEqual(expect.objectContaining({ ID: '', Info: `unreadable lock information in lock file s3://${fx.bucket}/${lockFileKey}` }));
  });
});

describe('S3 locker: both mechanisms', () => {
  it('takes the lock file first and releases it when DynamoDB is held by someone else', async () => {
    await fx.putItem({ LockID: lockPath(), Info: marshalLockInfo({ ...BOB, Path: lockPath() }) });
    const err = await caught(fx.backendFor('both').locker!.lock(ALICE));
    expect(err).toBeInstanceOf(LockHeldError);
    expect((err as LockHeldError).holder?.ID).toBe(BOB.ID);
    expect(fx.s3.requests.some((r) => r.method === 'PUT' && r.key === lockFileKey)).toBe(true);
    expect(await fx.objectText(lockFileKey)).toBeNull();
  });

  it('releases the half left by a crash (lock file only) with force-unlock', async () => {
    await fx.backendFor('lockfile').locker!.lock(ALICE);
    const both = fx.backendFor('both').locker!;
    expect((await both.status())?.ID).toBe(ALICE.ID);
    await both.forceUnlock(ALICE.ID);
    expect(await both.status()).toBeNull();
  });

  it('reports both mismatches together and removes neither lock', async () => {
    const locker = fx.backendFor('both').locker!;
    await locker.lock(ALICE);
    const err = await caught(locker.unlock(BOB.ID));
    expect(err).toBeInstanceOf(LockMismatchError);
    expect(err.message).toBe(
      `The lock file s3://${fx.bucket}/${lockFileKey} holds lock ID "${ALICE.ID}", not "${BOB.ID}"; it was not removed. ` +
        `The DynamoDB table "${fx.table}", item "${lockPath()}" holds lock ID "${ALICE.ID}", not "${BOB.ID}"; it was not removed.`,
    );
    expect(await fx.objectText(lockFileKey)).not.toBeNull();
    expect(await fx.item(lockPath())).not.toBeNull();
  });
});

describe('S3 locker: stores that ignore If-None-Match', () => {
  it('refuses to lock over an existing lock file (checked before writing)', async () => {
    fx.s3.setConditionalWrites('ignore');
    await fx.backendFor('lockfile').locker!.lock(ALICE);
    const err = await caught(fx.backendFor('lockfile').locker!.lock(BOB));
    expect((err as LockHeldError).holder?.ID).toBe(ALICE.ID);
    expect(JSON.parse((await fx.objectText(lockFileKey))!).ID).toBe(ALICE.ID);
  });

  it('refuses when the read-back shows another writer overwrote the lock file', async () => {
    fx.s3.setConditionalWrites('ignore');
    let gets = 0;
    fx.s3.injectFault((req) => {
      if (req.method !== 'GET' || req.key !== lockFileKey) return undefined;
      gets += 1;
      // The second GET is the read-back after our PUT: a racing writer lands first.
      return gets === 2 ? { kind: 'before', run: async () => void (await fx.putObject(lockFileKey, marshalLockInfo({ ...BOB, Path: lockPath() }))) } : undefined;
    });
    const err = await caught(fx.backendFor('lockfile').locker!.lock(ALICE));
    expect(err).toBeInstanceOf(LockHeldError);
    expect((err as LockHeldError).holder?.ID).toBe(BOB.ID);
    expect(JSON.parse((await fx.objectText(lockFileKey))!).ID).toBe(BOB.ID);
  });

  it('with a conforming store, a racing writer makes our PUT fail with 412 and we report it', async () => {
    let raced = false;
    fx.s3.injectFault((req) => {
      if (raced || req.method !== 'PUT' || req.key !== lockFileKey) return undefined;
      raced = true;
      return { kind: 'before', run: async () => void (await fx.putObject(lockFileKey, marshalLockInfo({ ...BOB, Path: lockPath() }))) };
    });
    const err = await caught(fx.backendFor('lockfile').locker!.lock(ALICE));
    expect((err as LockHeldError).holder?.ID).toBe(BOB.ID);
  });
});

describe('S3 backend without locking', () => {
  it('has no locker when neither a table nor the lock file is configured', () => {
    expect(fx.backend().locker).toBeNull();
  });
});
