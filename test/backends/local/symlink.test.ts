/**
 * A state path that is a symlink: the backend works on the real file (same
 * inode for the lock and the in-place write) and keeps its sidecars beside
 * it; the lock info is also written beside the link for Terraform runs that
 * were given the link's name.
 */
import { lstat, mkdir, readdir, readFile, stat, symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../src/backends/local/index.js';
import { LockHeldError } from '../../../src/ports/backend.js';
import { stateBytes, testLockInfo } from '../../conformance/suite.js';
import { spawnChildBackend, type ChildBackend } from './child-backend.js';
import { useTempDirs } from './tmp.js';

const ID = 'eeeeeeee-0000-4000-8000-000000000005';

describe('local backend on a symlinked state', () => {
  const tempDir = useTempDirs();
  const children: ChildBackend[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) await c.close();
  });

  async function setup() {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'real'));
    const real = path.join(dir, 'real', 'terraform.tfstate');
    const link = path.join(dir, 'link.tfstate');
    await createLocalBackend(real).store.write(stateBytes(1), { ifVersion: null, backup: null });
    await symlink(real, link);
    return { dir, real, link };
  }

  it('writes through the link into the real file and keeps the link', async () => {
    const { dir, real, link } = await setup();
    const b = createLocalBackend(link);
    await b.backups.put(stateBytes(1), { time: new Date('2026-01-01T00:00:00Z'), operation: 'x', who: 'y', serialBefore: '1', serialAfter: '2' });
    await b.store.write(stateBytes(2), { ifVersion: (await b.store.read()).version, backup: null });
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect((await readFile(real)).equals(Buffer.from(stateBytes(2)))).toBe(true);
    expect((await readdir(path.join(dir, 'real'))).sort()).toEqual(['.terraform.tfstate.backups.jsonl', 'terraform.tfstate', 'terraform.tfstate.1767225600.backup']);
  });

  it('writes the lock info beside the real file and beside the link, and removes both', async () => {
    const { dir, link } = await setup();
    const b = createLocalBackend(link);
    await b.locker!.lock(testLockInfo(ID, 'state-mv'));
    const infos = [path.join(dir, 'real', '.terraform.tfstate.lock.info'), path.join(dir, '.link.tfstate.lock.info')];
    for (const p of infos) expect(JSON.parse(await readFile(p, 'utf8'))).toMatchObject({ ID, Path: link });
    await b.locker!.unlock(ID);
    for (const p of infos) await expect(stat(p)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('sees a lock taken through the real path', async () => {
    const { real, link } = await setup();
    const c = await spawnChildBackend(real, 'bob@elsewhere');
    children.push(c);
    await c.locker!.lock(testLockInfo(ID, 'taint', 'bob@elsewhere'));
    const err = await createLocalBackend(link).locker!.lock(testLockInfo('ffffffff-0000-4000-8000-000000000006', 'state-mv')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockHeldError);
    expect((err as LockHeldError).holder).toMatchObject({ ID, Path: real });
  });

  it('refuses a link whose target is missing', async () => {
    const dir = await tempDir();
    const link = path.join(dir, 'dangling.tfstate');
    await symlink(path.join(dir, 'nowhere.tfstate'), link);
    await expect(createLocalBackend(link).store.read()).rejects.toThrow(
      `the state path ${link} is a symlink to ${path.join(dir, 'nowhere.tfstate')}, which does not exist; create the target or point the link elsewhere`,
    );
  });
});
