/**
 * Crash states of an in-place write, made by hand (journal + file contents as
 * a crash would leave them), and what the next command's recover() does.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../src/backends/local/index.js';
import { LockHeldError, RecoveryError } from '../../../src/ports/backend.js';
import { stateBytes, testLockInfo } from '../../conformance/suite.js';
import { spawnChildBackend, type ChildBackend } from './child-backend.js';
import { useTempDirs } from './tmp.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const OLD = stateBytes(1);
const NEW = stateBytes(2);

describe('local recover()', () => {
  const tempDir = useTempDirs();
  const children: ChildBackend[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) await c.close();
  });

  /** A state dir after a crash: the journal of OLD → NEW, the state holding `content`. */
  async function crashed(content: Uint8Array, opts: { backup?: Uint8Array | null; old?: Uint8Array; newHashRecorded?: boolean } = {}) {
    const dir = await tempDir();
    const file = path.join(dir, 'terraform.tfstate');
    const backup = path.join(dir, 'terraform.tfstate.1767225600.backup');
    const old = opts.old ?? OLD;
    if (opts.backup !== null) await writeFile(backup, opts.backup ?? old, { mode: 0o600 });
    await writeFile(file, content);
    const journal = path.join(dir, '.terraform.tfstate-journal');
    const entry = { state: file, backup, oldSha256: sha(old), oldSize: old.length, newSha256: opts.newHashRecorded === false ? null : sha(NEW), newSize: NEW.length, time: '2026-01-01T00:00:00.000Z' };
    await writeFile(journal, JSON.stringify(entry));
    return { dir, file, backup, journal };
  }

  const gone = (p: string) => expect(stat(p)).rejects.toMatchObject({ code: 'ENOENT' });
  const holds = async (p: string, bytes: Uint8Array) => expect((await readFile(p)).equals(Buffer.from(bytes))).toBe(true);

  it('completes a write whose new bytes were all written', async () => {
    const { file, journal } = await crashed(NEW);
    const msg = await createLocalBackend(file).recover();
    expect(msg).toBe(`completed an interrupted write of ${file}: the new state (${NEW.length} bytes, sha256 ${sha(NEW).slice(0, 12)}) had been fully written`);
    await holds(file, NEW);
    await gone(journal);
  });

  it.each([
    ['truncated to nothing', new Uint8Array(0)],
    ['cut half way', NEW.subarray(0, 20)],
  ])('rolls back from the backup a write %s', async (_what, partial) => {
    const { file, backup, journal } = await crashed(partial);
    expect(await createLocalBackend(file).recover()).toBe(`rolled back an interrupted write of ${file} from backup ${backup}`);
    await holds(file, OLD);
    await gone(journal);
  });

  // A large state's new hash joins the journal only once the background thread has taken it.
  describe('before the new hash was recorded', () => {
    it('rolls back a write whose new bytes were all written (it cannot tell them from others)', async () => {
      const { file, backup, journal } = await crashed(NEW, { newHashRecorded: false });
      expect(await createLocalBackend(file).recover()).toBe(`rolled back an interrupted write of ${file} from backup ${backup}`);
      await holds(file, OLD);
      await gone(journal);
    });

    it('rolls back a write cut half way, and discards the journal of one not started', async () => {
      const cut = await crashed(NEW.subarray(0, 20), { newHashRecorded: false });
      expect(await createLocalBackend(cut.file).recover()).toBe(`rolled back an interrupted write of ${cut.file} from backup ${cut.backup}`);
      await holds(cut.file, OLD);
      const unstarted = await crashed(OLD, { newHashRecorded: false });
      expect(await createLocalBackend(unstarted.file).recover()).toMatch(/^discarded the journal of an interrupted write/);
      await holds(unstarted.file, OLD);
    });

    it('refuses, changing nothing, without a backup, and says the new hash was not recorded', async () => {
      const { file, journal } = await crashed(NEW.subarray(0, 20), { backup: null, newHashRecorded: false });
      const err = await createLocalBackend(file).recover().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RecoveryError);
      expect((err as Error).message).toContain('neither the new state (whose hash was not recorded yet) nor the old one');
      await holds(file, NEW.subarray(0, 20));
      await readFile(journal);
    });
  });

  it('discards the journal when the write had not started', async () => {
    const { file, journal } = await crashed(OLD);
    expect(await createLocalBackend(file).recover()).toBe(
      `discarded the journal of an interrupted write of ${file}: the write had not started and the state is unchanged`,
    );
    await holds(file, OLD);
    await gone(journal);
  });

  it('rolls back to empty a first write into an empty state', async () => {
    const { file } = await crashed(NEW.subarray(0, 5), { backup: null, old: new Uint8Array(0) });
    expect(await createLocalBackend(file).recover()).toBe(`rolled back an interrupted write of ${file}: the state was empty before the write and is empty again`);
    expect((await stat(file)).size).toBe(0);
  });

  it('refuses, changing nothing, when the backup is missing', async () => {
    const partial = NEW.subarray(0, 20);
    const { file, backup, journal } = await crashed(partial, { backup: null });
    const err = await createLocalBackend(file).recover().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecoveryError);
    expect((err as Error).message).toBe(
      `cannot recover an interrupted write of ${file}: it holds 20 bytes (sha256 ${sha(partial).slice(0, 12)}), which are neither the new state (sha256 ${sha(NEW).slice(0, 12)}) nor the old one (sha256 ${sha(OLD).slice(0, 12)}), and the backup ${backup} is missing. Nothing was changed. Restore ${file} by hand from a backup you trust, then delete ${journal}.`,
    );
    await holds(file, partial);
    expect((await stat(journal)).isFile()).toBe(true);
  });

  it('refuses when the backup does not hold the old state', async () => {
    const { file, backup } = await crashed(NEW.subarray(0, 20), { backup: stateBytes(9) });
    await expect(createLocalBackend(file).recover()).rejects.toThrow(`and the backup ${backup} does not hold the old state (sha256 ${sha(stateBytes(9)).slice(0, 12)})`);
  });

  it('refuses an unreadable journal', async () => {
    const { file, journal } = await crashed(NEW.subarray(0, 20));
    await writeFile(journal, '{"state": ');
    await expect(createLocalBackend(file).recover()).rejects.toThrow(
      `the write journal ${journal} of ${file} is unreadable; nothing was changed. Check that ${file} holds the state you expect (compare it with its backups), then delete ${journal}.`,
    );
  });

  it('blocks writes until the interrupted write is recovered', async () => {
    const { file, journal } = await crashed(NEW);
    const b = createLocalBackend(file);
    await expect(b.store.write(OLD, { ifVersion: (await b.store.read()).version, backup: null })).rejects.toThrow(
      `an interrupted write of ${file} has not been recovered (journal ${journal}); run recovery before writing`,
    );
  });

  it('recovers under the lock the caller holds, and keeps holding it', async () => {
    const { file } = await crashed(NEW.subarray(0, 20));
    const b = createLocalBackend(file);
    await b.locker!.lock(testLockInfo('cccccccc-0000-4000-8000-000000000003', 'state-mv'));
    expect(await b.recover()).toMatch(/^rolled back/);
    const c = await spawnChildBackend(file);
    children.push(c);
    await expect(c.locker!.lock(testLockInfo('dddddddd-0000-4000-8000-000000000004', 'taint'))).rejects.toBeInstanceOf(LockHeldError);
    await b.locker!.unlock('cccccccc-0000-4000-8000-000000000003');
  });

  describe('temporary files a killed run left', () => {
    const LEFT = ['..terraform.tfstate-journal.tmp-0123456789ab', '..terraform.tfstate.lock.info.tmp-abcdef012345', '.terraform.tfstate.1767225600.1.backup.tmp-00000000000f', '.terraform.tfstate.backup.tmp-0123456789aa'];
    const KEPT = ['..other.tfstate-journal.tmp-0123456789ab', '.other.tfstate.1767225600.backup.tmp-0123456789ab', 'terraform.tfstate.1767225600.backup', '.terraform.tfstate.tmp-0123456789ab', '..terraform.tfstate-journal.tmp-xyz', '.other.tfstate.backup.tmp-0123456789ab'];

    async function withLeftovers(state: Uint8Array | null) {
      const dir = await tempDir();
      const file = path.join(dir, 'terraform.tfstate');
      if (state !== null) await writeFile(file, state);
      for (const n of [...LEFT, ...KEPT]) await writeFile(path.join(dir, n), 'partial');
      return { dir, file };
    }

    it('removes them under the lock and says so, leaving everything else', async () => {
      const { dir, file } = await withLeftovers(OLD);
      expect(await createLocalBackend(file).recover()).toBe(`removed ${LEFT.length} temporary files left beside ${file} by an interrupted tfstate run (${[...LEFT].sort().join(', ')})`);
      expect((await readdir(dir)).sort()).toEqual([...KEPT, 'terraform.tfstate'].sort());
      await holds(file, OLD);
      expect(await createLocalBackend(file).recover()).toBeNull();
    });

    it('removes them after completing a journal, in one sentence', async () => {
      const { file } = await crashed(NEW);
      await writeFile(path.join(path.dirname(file), LEFT[0]), 'partial');
      expect(await createLocalBackend(file).recover()).toBe(
        `completed an interrupted write of ${file}: the new state (${NEW.length} bytes, sha256 ${sha(NEW).slice(0, 12)}) had been fully written; removed a temporary file left beside ${file} by an interrupted tfstate run (${LEFT[0]})`,
      );
    });

    it('leaves them, without failing, while another process holds the lock', async () => {
      const { dir, file } = await withLeftovers(OLD);
      const c = await spawnChildBackend(file);
      children.push(c);
      await c.locker!.lock(testLockInfo('dddddddd-0000-4000-8000-000000000004', 'taint'));
      expect(await createLocalBackend(file).recover()).toBeNull();
      expect(await readdir(dir)).toEqual(expect.arrayContaining(LEFT));
    });

    it('does not create a missing state to clean up beside it', async () => {
      const { dir, file } = await withLeftovers(null);
      expect(await createLocalBackend(file).recover()).toBeNull();
      await gone(file);
      expect(await readdir(dir)).toEqual(expect.arrayContaining(LEFT));
    });
  });

  it('will not recover while another process holds the lock', async () => {
    const { file } = await crashed(NEW.subarray(0, 20));
    const c = await spawnChildBackend(file, 'bob@elsewhere');
    children.push(c);
    await c.locker!.lock(testLockInfo('dddddddd-0000-4000-8000-000000000004', 'taint', 'bob@elsewhere'));
    await expect(createLocalBackend(file).recover()).rejects.toThrow(
      `cannot recover an interrupted write of ${file}: it is locked by another process (lock ID dddddddd-0000-4000-8000-000000000004, taint by bob@elsewhere)`,
    );
  });
});
