/**
 * Writing a large state: the new content's hash is taken on the background
 * thread while the bytes are written, and joins the write-ahead journal
 * before the journal is removed, so a crash after the write still completes
 * it. A write that fails puts the old bytes back, and the journal is not
 * brought back after it is removed.
 */
import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalBackend } from '../../../src/backends/local/index.js';
import { ByteRope } from '../../../src/core/statefile/byte-rope.js';
import { useBackgroundThread } from '../../support/background-thread.js';
import { useTempDirs } from './tmp.js';

/** The journal's path, and its new hash when the overwrite began and when it ended; `fail` makes the overwrite throw. */
const probe = vi.hoisted(() => ({ journal: '', atStart: [] as Array<string | null>, atEnd: [] as Array<string | null>, fail: false }));

vi.mock('../../../src/backends/local/fs-util.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/backends/local/fs-util.js')>();
  const journalHash = async (): Promise<string | null> => {
    const text = await real.readTextOrNull(probe.journal);
    return text === null ? 'no journal' : (JSON.parse(text) as { newSha256: string | null }).newSha256;
  };
  return {
    ...real,
    overwriteInPlace: async (fh: Parameters<typeof real.overwriteInPlace>[0], bytes: Uint8Array) => {
      if (probe.journal === '') return real.overwriteInPlace(fh, bytes);
      probe.atStart.push(await journalHash());
      // As long as writing and reading back 100 MB takes: the hash arrives meanwhile.
      await new Promise((r) => setTimeout(r, 300));
      probe.atEnd.push(await journalHash());
      if (probe.fail) {
        probe.fail = false; // the put-back succeeds
        await fh.truncate(0);
        throw new Error('disk full (simulated)');
      }
      return real.overwriteInPlace(fh, bytes);
    },
  };
});

const sha = (parts: readonly Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/** A state-shaped document of `size` bytes. */
function bigState(size: number): Buffer {
  const head = '{\n  "version": 4,\n  "serial": 1,\n  "filler": "';
  const tail = '"\n}\n';
  return Buffer.from(head + 'a'.repeat(size - head.length - tail.length) + tail);
}

describe('a large state written in place', () => {
  const tempDir = useTempDirs();
  beforeAll(() => useBackgroundThread());

  async function start() {
    const dir = await tempDir();
    const file = path.join(dir, 'terraform.tfstate');
    const b = createLocalBackend(file);
    Object.assign(probe, { journal: '', atStart: [], atEnd: [], fail: false });
    await writeFile(file, bigState(6 << 20));
    const read = await b.store.read();
    const backup = await b.backups.put(read.bytes!, { time: new Date('2026-01-01T00:00:00Z'), operation: 'tfstate rm a.b', who: 'me@host', serialBefore: '1', serialAfter: '2' });
    // The new state as an edit makes it: views of the bytes read (in shared memory) around a new piece.
    const bytes = read.bytes!;
    const content = new ByteRope([bytes.subarray(0, 30), Buffer.from('"lineage": "x",\n  '), bytes.subarray(30)]);
    probe.journal = path.join(dir, '.terraform.tfstate-journal');
    return { file, b, read, backup, content };
  }

  it('adds the new hash to the journal while writing, removes the journal after, and returns the version a read gives', async () => {
    const { file, b, read, backup, content } = await start();
    const w = await b.store.write(content, { ifVersion: read.version, backup });
    // Taken on the background thread (see background-hash.test.ts), the hash usually is not known when the journal is first written.
    expect([[null], [sha(content.parts)]]).toContainEqual(probe.atStart);
    expect(probe.atEnd).toEqual([sha(content.parts)]);
    expect((await readFile(file)).equals(Buffer.from(content.toBytes()))).toBe(true);
    expect(w.version).toBe((await b.store.read()).version);
    await expect(stat(probe.journal)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('puts the old bytes back when the write fails, and leaves no journal', async () => {
    const { file, b, read, backup, content } = await start();
    probe.fail = true;
    await expect(b.store.write(content, { ifVersion: read.version, backup })).rejects.toThrow('disk full (simulated)');
    expect(sha([await readFile(file)])).toBe(sha([read.bytes!]));
    await new Promise((r) => setTimeout(r, 100));
    await expect(stat(probe.journal)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
