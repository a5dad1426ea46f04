/**
 * A write that fails after the state was truncated: the previous bytes are put
 * back; when even that fails, the journal the write left lets recover() roll
 * back from the backup. Failures are injected into the in-place overwrite.
 */
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createLocalBackend } from '../../../src/backends/local/index.js';
import { stateBytes } from '../../conformance/suite.js';
import { useTempDirs } from './tmp.js';

const inject = vi.hoisted(() => ({ failures: 0 }));

vi.mock('../../../src/backends/local/fs-util.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/backends/local/fs-util.js')>();
  return {
    ...real,
    overwriteInPlace: async (fh: Parameters<typeof real.overwriteInPlace>[0], bytes: Uint8Array) => {
      if (inject.failures > 0) {
        inject.failures--;
        await fh.truncate(0);
        await fh.write(bytes.subarray(0, 3), 0, 3, 0);
        throw new Error('disk full (simulated)');
      }
      return real.overwriteInPlace(fh, bytes);
    },
  };
});

describe('local write that fails half way', () => {
  const tempDir = useTempDirs();
  beforeEach(() => {
    inject.failures = 0;
  });

  async function start() {
    const dir = await tempDir();
    const file = path.join(dir, 'terraform.tfstate');
    const b = createLocalBackend(file);
    const v = (await b.store.write(stateBytes(1), { ifVersion: null, backup: null })).version;
    const backup = await b.backups.put(stateBytes(1), { time: new Date('2026-01-01T00:00:00Z'), operation: 'tfstate rm a.b', who: 'me@host', serialBefore: '1', serialAfter: '2' });
    return { dir, file, b, v, backup, journal: path.join(dir, '.terraform.tfstate-journal') };
  }

  it('puts the previous bytes back and says so', async () => {
    const { file, b, v, backup, journal } = await start();
    inject.failures = 1;
    await expect(b.store.write(stateBytes(2), { ifVersion: v, backup })).rejects.toThrow(
      `writing ${file} failed and the previous state was put back: disk full (simulated)`,
    );
    expect((await readFile(file)).equals(Buffer.from(stateBytes(1)))).toBe(true);
    await expect(stat(journal)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('leaves its journal when it cannot put the bytes back, and recover() rolls back from the backup', async () => {
    const { file, b, v, backup, journal } = await start();
    inject.failures = 2;
    await expect(b.store.write(stateBytes(2), { ifVersion: v, backup })).rejects.toThrow(
      `writing ${file} failed (disk full (simulated)) and putting the previous bytes back failed too (disk full (simulated)); the journal ${journal} lets the next command roll back from the backup`,
    );
    expect((await stat(file)).size).toBe(3);
    expect((await stat(journal)).mode & 0o777).toBe(0o600);
    expect(await b.recover()).toBe(`rolled back an interrupted write of ${file} from backup ${backup.location}`);
    expect((await readFile(file)).equals(Buffer.from(stateBytes(1)))).toBe(true);
  });
});
