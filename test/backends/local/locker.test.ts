import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../src/backends/local/index.js';
import { LockHeldError, LockMismatchError, StateMissingError, type Backend } from '../../../src/ports/backend.js';
import { marshalLockInfo } from '../../../src/ports/lock-info.js';
import { stateBytes, testLockInfo } from '../../conformance/suite.js';
import { spawnChildBackend, type ChildBackend } from './child-backend.js';
import { perm, useTempDirs } from './tmp.js';

const ID1 = 'aaaaaaaa-0000-4000-8000-000000000001';
const ID2 = 'bbbbbbbb-0000-4000-8000-000000000002';

describe('local locker', () => {
  const tempDir = useTempDirs();
  const children: ChildBackend[] = [];
  const ours: { b: Backend; id: string }[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) await c.close();
    for (const { b, id } of ours.splice(0)) await b.locker!.unlock(id).catch(() => undefined);
  });

  async function setup(name = 'terraform.tfstate') {
    const dir = await tempDir();
    const file = path.join(dir, name);
    return { dir, file, info: path.join(dir, `.${name.replace(/^\./, '')}.lock.info`) };
  }
  async function child(file: string): Promise<ChildBackend> {
    const c = await spawnChildBackend(file, 'bob@elsewhere');
    children.push(c);
    return c;
  }
  async function lockHere(b: Backend, id: string, op = 'state-mv') {
    await b.locker!.lock(testLockInfo(id, op));
    ours.push({ b, id });
  }

  it('writes the lock info as compact JSON, mode 0600, with Path as given, and removes it on unlock', async () => {
    const { file, info } = await setup();
    const b = createLocalBackend(file);
    await b.locker!.lock(testLockInfo(ID1, 'state-mv'));
    expect(await readFile(info, 'utf8')).toBe(marshalLockInfo({ ...testLockInfo(ID1, 'state-mv'), Path: file }));
    expect(perm((await stat(info)).mode)).toBe(0o600);
    await b.locker!.unlock(ID1);
    await expect(stat(info)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('creates a missing state as a zero-byte file, read as zero bytes while locked', async () => {
    const { dir } = await setup();
    const b = createLocalBackend(path.join(dir, 'new', 'terraform.tfstate'));
    await lockHere(b, ID1);
    const read = await b.store.read();
    expect(read.bytes).toEqual(new Uint8Array(0));
    expect(read.version).not.toBeNull();
    expect((await stat(path.join(dir, 'new', 'terraform.tfstate'))).size).toBe(0);
  });

  it('creates nothing for a missing state when asked not to, and says the state is missing', async () => {
    const { dir } = await setup();
    const b = createLocalBackend(path.join(dir, 'new', 'terraform.tfstate'));
    await expect(b.locker!.lock(testLockInfo(ID1, 'state-rm'), { createMissing: false })).rejects.toBeInstanceOf(StateMissingError);
    expect(await readdir(dir)).toEqual([]);
    const inPlace = createLocalBackend(path.join(dir, 'terraform.tfstate'));
    await expect(inPlace.locker!.lock(testLockInfo(ID1, 'state-rm'), { createMissing: false })).rejects.toBeInstanceOf(StateMissingError);
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps the fcntl lock across reads, writes and other instances in this process', async () => {
    const { file } = await setup();
    const b = createLocalBackend(file);
    await lockHere(b, ID1);
    const v = (await b.store.read()).version;
    await b.store.write(stateBytes(1), { ifVersion: v, backup: null });
    const other = createLocalBackend(file);
    await other.store.read();
    await other.locker!.status();
    await other.backups.list();
    const err = await (await child(file)).locker!.lock(testLockInfo(ID2, 'taint')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockHeldError);
    expect((err as LockHeldError).holder?.ID).toBe(ID1);
  });

  it('refuses a second instance in this process with the holder it knows', async () => {
    const { file } = await setup();
    await lockHere(createLocalBackend(file), ID1, 'state-rm');
    const err = await createLocalBackend(file).locker!.lock(testLockInfo(ID2, 'taint')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockHeldError);
    expect((err as LockHeldError).message).toBe(`${file} is already locked by this process (lock ID ${ID1}, operation state-rm)`);
  });

  it('names the holder from its lock info when another process holds the lock', async () => {
    const { file } = await setup();
    await (await child(file)).locker!.lock(testLockInfo(ID2, 'taint', 'bob@elsewhere'));
    const err = (await createLocalBackend(file).locker!.lock(testLockInfo(ID1, 'state-mv')).catch((e: unknown) => e)) as LockHeldError;
    expect(err.message).toBe(`${file} is locked by another process (lock ID ${ID2}, taint by bob@elsewhere since 2026-01-02T03:04:05.000000006Z)`);
    expect(err.holder).toEqual({ ...testLockInfo(ID2, 'taint', 'bob@elsewhere'), Path: file });
  });

  it('says the holder left no lock info when its .lock.info is gone', async () => {
    const { file, info } = await setup();
    const c = await child(file);
    await c.locker!.lock(testLockInfo(ID2, 'taint'));
    await rm(info);
    const b = createLocalBackend(file);
    const err = (await b.locker!.lock(testLockInfo(ID1, 'state-mv')).catch((e: unknown) => e)) as LockHeldError;
    expect(err).toBeInstanceOf(LockHeldError);
    expect(err.holder).toBeNull();
    expect(err.message).toBe(`${file} is locked by another process, which left no lock info (${info} is missing or unreadable)`);
    expect(await b.locker!.status()).toEqual({
      ID: '',
      Operation: '',
      Info: `locked by a process that left no lock info (${info} is missing or unreadable)`,
      Who: '',
      Version: '',
      Created: '',
      Path: file,
    });
  });

  it('is not blocked by a stale .lock.info, which it overwrites', async () => {
    const { file, info } = await setup();
    await writeFile(info, marshalLockInfo({ ...testLockInfo(ID2, 'apply'), Path: file }));
    const b = createLocalBackend(file);
    expect(await b.locker!.status()).toBeNull();
    await lockHere(b, ID1);
    expect(JSON.parse(await readFile(info, 'utf8')).ID).toBe(ID1);
  });

  it('refuses to force-unlock a lock held by a running process', async () => {
    const { file } = await setup();
    await (await child(file)).locker!.lock(testLockInfo(ID2, 'taint', 'bob@elsewhere'));
    const b = createLocalBackend(file);
    const err = (await b.locker!.forceUnlock(ID2).catch((e: unknown) => e)) as LockHeldError;
    expect(err).toBeInstanceOf(LockHeldError);
    expect(err.message).toBe(
      `${file} is locked by a running process (taint by bob@elsewhere, lock ID ${ID2}); an OS file lock cannot be broken by another process. Stop that process: its lock is released when it exits.`,
    );
    await expect(b.locker!.forceUnlock(ID1)).rejects.toThrow(`lock ID ${ID1} does not match the lock recorded for ${file} (ID ${ID2}); nothing was unlocked`);
  });

  it('force-unlocks the lock info a killed process left behind', async () => {
    const { file, info } = await setup();
    const c = await child(file);
    await c.locker!.lock(testLockInfo(ID2, 'taint'));
    await c.close();
    const b = createLocalBackend(file);
    expect(await b.locker!.status()).toBeNull();
    await b.locker!.forceUnlock(ID2);
    await expect(stat(info)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(b.locker!.forceUnlock(ID2)).rejects.toThrow(`${file} is not locked and records no lock; lock ID ${ID2} matches nothing`);
  });

  it.each([
    ['no lock is held', false, `is not locked by this process; lock ID ${ID2} matches nothing`],
    ['another ID is held', true, `lock ID ${ID2} does not match the lock held on`],
  ])('refuses to unlock when %s', async (_what, locked, text) => {
    const { file } = await setup();
    const b = createLocalBackend(file);
    if (locked) await lockHere(b, ID1);
    const err = await b.locker!.unlock(ID2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockMismatchError);
    expect((err as Error).message).toContain(text);
  });
});
