/**
 * The behavioural suite every backend passes (design.md §1 backends/conformance).
 * A backend's test file calls `runBackendConformance(name, make)` at top level;
 * `make` is called before each test for a fresh, empty location.
 *
 * `makeSecond` must return another backend on the SAME location that competes
 * for its lock as another Terraform would: for local files a backend in a
 * second process (fcntl locks are per process); for S3 a second client.
 * Calling the second backend's `close()` must abandon its lock as a crash
 * would (local: the child is killed; S3: the lock object simply stays).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ByteRope } from '../../src/core/statefile/byte-rope.js';
import { LockHeldError, LockMismatchError, StateConflictError, type Backend, type BackupMeta } from '../../src/ports/backend.js';
import type { LockInfo } from '../../src/ports/lock-info.js';

/** What `make` returns for one test. */
export interface ConformanceSubject {
  readonly backend: Backend;
  readonly makeSecond: () => Promise<Backend>;
  readonly cleanup: () => Promise<void>;
}

/** Options; `locking: false` for backends whose `locker` is null. */
export interface ConformanceOptions {
  readonly locking?: boolean;
}

/** A LockInfo as the session would build it. */
export function testLockInfo(id: string, operation: string, who = 'tester@host'): LockInfo {
  return { ID: id, Operation: operation, Info: `held by ${who}`, Who: who, Version: '0.0.0-test', Created: '2026-01-02T03:04:05.000000006Z', Path: '' };
}

/** Bytes that catch any re-encoding: JSON text, CRLF, a NUL and invalid UTF-8. */
export function stateBytes(serial: number): Uint8Array {
  const text = `{\n  "version": 4,\n  "serial": ${serial},\n  "big": 12345678901234567890\r\n}\n`;
  return new Uint8Array([...Buffer.from(text, 'utf8'), 0x00, 0xff, 0xfe]);
}

function meta(time: string, operation: string, before: string, after: string): BackupMeta {
  return { time: new Date(time), operation, who: 'alice@host', serialBefore: before, serialAfter: after };
}

const ID1 = '11111111-1111-4111-8111-111111111111';
const ID2 = '22222222-2222-4222-8222-222222222222';

/** Registers the conformance tests for one backend under `describe(name)`. */
export function runBackendConformance(name: string, make: () => Promise<ConformanceSubject>, options: ConformanceOptions = {}): void {
  describe(`${name}: backend conformance`, () => {
    let subject: ConformanceSubject;
    let opened: Backend[];
    let b: Backend;
    const second = async (): Promise<Backend> => {
      const s = await subject.makeSecond();
      opened.push(s);
      return s;
    };

    beforeEach(async () => {
      subject = await make();
      b = subject.backend;
      opened = [];
    });
    afterEach(async () => {
      for (const s of opened) await s.close();
      await b.close();
      await subject.cleanup();
    });

    describe('store', () => {
      it('reads a missing state as no bytes and no version', async () => {
        expect(await b.store.read()).toEqual({ bytes: null, version: null });
      });

      it('returns exactly the bytes written, with the version the write returned', async () => {
        const { version } = await b.store.write(stateBytes(1), { ifVersion: null, backup: null });
        const read = await b.store.read();
        expect(Buffer.from(read.bytes!).equals(Buffer.from(stateBytes(1)))).toBe(true);
        expect(read.version).toBe(version);
      });

      it('refuses a write with a stale version token and leaves the state as it was', async () => {
        const v1 = (await b.store.write(stateBytes(1), { ifVersion: null, backup: null })).version;
        const v2 = (await b.store.write(stateBytes(2), { ifVersion: v1, backup: null })).version;
        expect(v2).not.toBe(v1);
        await expect(b.store.write(stateBytes(3), { ifVersion: v1, backup: null })).rejects.toBeInstanceOf(StateConflictError);
        const read = await b.store.read();
        expect(Buffer.from(read.bytes!).equals(Buffer.from(stateBytes(2)))).toBe(true);
        expect(read.version).toBe(v2);
      });

      it('refuses a write expecting no state when a state exists', async () => {
        await b.store.write(stateBytes(1), { ifVersion: null, backup: null });
        await expect(b.store.write(stateBytes(2), { ifVersion: null, backup: null })).rejects.toBeInstanceOf(StateConflictError);
      });

      it('refuses a lost update made through a second backend', async () => {
        const v1 = (await b.store.write(stateBytes(1), { ifVersion: null, backup: null })).version;
        const other = await second();
        const seen = await other.store.read();
        expect(seen.version).toBe(v1);
        await other.store.write(stateBytes(2), { ifVersion: seen.version, backup: null });
        await expect(b.store.write(stateBytes(3), { ifVersion: v1, backup: null })).rejects.toBeInstanceOf(StateConflictError);
        expect(Buffer.from((await b.store.read()).bytes!).equals(Buffer.from(stateBytes(2)))).toBe(true);
      });

      it('stores a rope as the exact bytes of its parts in order, with a version reads agree on', async () => {
        const whole = stateBytes(7);
        const rope = new ByteRope([whole.subarray(0, 5), whole.subarray(5, 6), new Uint8Array(0), whole.subarray(6)]);
        const { version } = await b.store.write(rope, { ifVersion: null, backup: null });
        const read = await b.store.read();
        expect(Buffer.from(read.bytes!).equals(Buffer.from(whole))).toBe(true);
        expect(read.version).toBe(version);
        // The version is a valid token for the next conditional write.
        await b.store.write(stateBytes(8), { ifVersion: version, backup: null });
      });

      it('tells whether it holds exactly some content, as an array or a rope', async () => {
        expect(await b.store.holds(stateBytes(1))).toBe(false);
        await b.store.write(stateBytes(1), { ifVersion: null, backup: null });
        const same = stateBytes(1);
        expect(await b.store.holds(same)).toBe(true);
        expect(await b.store.holds(new ByteRope([same.subarray(0, 3), same.subarray(3)]))).toBe(true);
        expect(await b.store.holds(stateBytes(2))).toBe(false);
        expect(await b.store.holds(same.subarray(0, same.length - 1))).toBe(false);
        const flipped = stateBytes(1);
        flipped[flipped.length - 1] ^= 1;
        expect(await b.store.holds(new ByteRope([flipped.subarray(0, 10), flipped.subarray(10)]))).toBe(false);
      });
    });

    if (options.locking !== false) {
      describe('locker', () => {
        it('locks, reports itself as the holder, and unlocks', async () => {
          expect(await b.locker!.lock(testLockInfo(ID1, 'state-mv'))).toBe(ID1);
          expect(await b.locker!.status()).toMatchObject({ ID: ID1, Operation: 'state-mv', Who: 'tester@host', Info: 'held by tester@host' });
          await b.locker!.unlock(ID1);
          expect(await b.locker!.status()).toBeNull();
        });

        it('reads and writes while holding the lock, and the state survives the unlock', async () => {
          await b.locker!.lock(testLockInfo(ID1, 'state-rm'));
          const before = await b.store.read();
          const { version } = await b.store.write(stateBytes(7), { ifVersion: before.version, backup: null });
          expect((await b.store.read()).version).toBe(version);
          await b.locker!.unlock(ID1);
          expect(Buffer.from((await b.store.read()).bytes!).equals(Buffer.from(stateBytes(7)))).toBe(true);
        });

        it('refuses to unlock with a wrong ID and keeps the lock', async () => {
          await b.locker!.lock(testLockInfo(ID1, 'state-mv'));
          await expect(b.locker!.unlock(ID2)).rejects.toBeInstanceOf(LockMismatchError);
          expect((await b.locker!.status())?.ID).toBe(ID1);
          await b.locker!.unlock(ID1);
        });

        it('refuses a second holder with LockHeldError naming the holder, until it unlocks', async () => {
          const other = await second();
          await other.locker!.lock(testLockInfo(ID2, 'taint', 'bob@elsewhere'));
          const err = await b.locker!.lock(testLockInfo(ID1, 'state-mv')).catch((e: unknown) => e);
          expect(err).toBeInstanceOf(LockHeldError);
          expect((err as LockHeldError).holder).toMatchObject({ ID: ID2, Operation: 'taint', Who: 'bob@elsewhere' });
          expect(await b.locker!.status()).toMatchObject({ ID: ID2, Operation: 'taint' });
          await other.locker!.unlock(ID2);
          expect(await b.locker!.lock(testLockInfo(ID1, 'state-mv'))).toBe(ID1);
          await b.locker!.unlock(ID1);
        });

        it('force-unlocks an abandoned lock only with its ID', async () => {
          const other = await second();
          await other.locker!.lock(testLockInfo(ID2, 'state-push'));
          await other.close();
          await expect(b.locker!.forceUnlock(ID1)).rejects.toBeInstanceOf(LockMismatchError);
          await b.locker!.forceUnlock(ID2);
          expect(await b.locker!.status()).toBeNull();
          expect(await b.locker!.lock(testLockInfo(ID1, 'state-mv'))).toBe(ID1);
          await b.locker!.unlock(ID1);
        });
      });
    }

    describe('backups', () => {
      it('lists backups newest first with their metadata and returns their exact bytes', async () => {
        const older = await b.backups.put(stateBytes(4), meta('2026-03-01T10:00:00.000Z', 'tfstate mv a b', '4', '5'));
        const newer = await b.backups.put(stateBytes(5), meta('2026-03-01T10:05:00.000Z', 'tfstate rm c', '5', '6'));
        const list = await b.backups.list();
        expect(list.map((r) => r.id)).toEqual([newer.id, older.id]);
        expect(list[1]).toMatchObject({ operation: 'tfstate mv a b', who: 'alice@host', serialBefore: '4', serialAfter: '5', size: stateBytes(4).length });
        expect(Date.parse(list[1].time)).toBe(Date.parse('2026-03-01T10:00:00.000Z'));
        expect(Buffer.from(await b.backups.get(older.id)).equals(Buffer.from(stateBytes(4)))).toBe(true);
        expect(Buffer.from(await b.backups.get(newer.id)).equals(Buffer.from(stateBytes(5)))).toBe(true);
      });

      it('never overwrites a backup taken at the same time', async () => {
        const first = await b.backups.put(stateBytes(1), meta('2026-03-01T10:00:00.000Z', 'one', '1', '2'));
        const again = await b.backups.put(stateBytes(2), meta('2026-03-01T10:00:00.000Z', 'two', '2', '3'));
        expect(again.id).not.toBe(first.id);
        expect(Buffer.from(await b.backups.get(first.id)).equals(Buffer.from(stateBytes(1)))).toBe(true);
        expect(Buffer.from(await b.backups.get(again.id)).equals(Buffer.from(stateBytes(2)))).toBe(true);
      });

      it('publishes a prepared backup only when committed, and leaves nothing of a discarded one', async () => {
        const kept = b.backups.prepare(stateBytes(5));
        const dropped = b.backups.prepare(stateBytes(6));
        await Promise.all([kept.started, dropped.started]);
        await dropped.discard();
        expect(await b.backups.list()).toEqual([]);
        const rec = await kept.commit(meta('2026-03-04T05:06:07Z', 'tfstate rm x', '5', '6'));
        const list = await b.backups.list();
        expect(list.map((r) => r.id)).toEqual([rec.id]);
        expect(list[0]).toMatchObject({ operation: 'tfstate rm x', serialBefore: '5', serialAfter: '6' });
        expect(Buffer.from(await b.backups.get(rec.id)).equals(Buffer.from(stateBytes(5)))).toBe(true);
      });

      it('rejects an unknown backup ID', async () => {
        await expect(b.backups.get('no-such-backup')).rejects.toThrow();
      });
    });

    it('has nothing to recover on a fresh location', async () => {
      expect(await b.recover()).toBeNull();
    });
  });
}
