/**
 * Writing a rope: every part lands in order at its offset, however many parts
 * there are (more than one `writev` takes) and however short the system's
 * writes are. Overwriting in place: the read-back check runs while the file
 * is flushed to disk, and the write is done only when both are.
 */
import { open, readFile, stat, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overwriteInPlace, writeAll } from '../../../src/backends/local/fs-util.js';
import { ByteRope } from '../../../src/core/statefile/byte-rope.js';
import { useTempDirs } from './tmp.js';

/** `count` parts of varied lengths (0 to 300 bytes), each filled with its own byte pattern. */
function parts(count: number, seed: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const p = new Uint8Array(x % 301);
    for (let j = 0; j < p.length; j++) p[j] = (i * 31 + j) & 0xff;
    out.push(p);
  }
  return out;
}

function joined(ps: readonly Uint8Array[]): Buffer {
  return Buffer.concat(ps);
}

/** A file handle whose `writev` writes at most `limit` bytes per call into `sink`, as a short-writing system might. */
function shortWriter(limit: number): { fh: FileHandle; sink: Buffer; calls: () => number } {
  const sink = Buffer.alloc(1 << 20);
  let calls = 0;
  const fh = {
    async writev(buffers: Uint8Array[], position: number) {
      calls++;
      let written = 0;
      for (const b of buffers) {
        const n = Math.min(b.length, limit - written);
        sink.set(b.subarray(0, n), position + written);
        written += n;
        if (written === limit) break;
      }
      return { bytesWritten: written, buffers };
    },
  } as unknown as FileHandle;
  return { fh, sink, calls: () => calls };
}

describe('writing an edited state made of many parts', () => {
  const tempDir = useTempDirs();

  it('a rope of 3000 parts is written byte for byte, in a few system calls', async () => {
    const ps = parts(3000, 7);
    const file = path.join(await tempDir(), 'out');
    const fh = await open(file, 'w');
    let calls = 0;
    const counted = { writev: (bs: Uint8Array[], at: number) => (calls++, fh.writev(bs, at)) } as unknown as FileHandle;
    try {
      await writeAll(counted, new ByteRope(ps));
    } finally {
      await fh.close();
    }
    expect((await readFile(file)).equals(joined(ps))).toBe(true);
    expect(calls).toBeLessThanOrEqual(3);
  });

  it('short writes continue exactly where they stopped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 4000 }), fc.integer(), async (limit, count, seed) => {
        const ps = parts(count % 1500, seed);
        const want = joined(ps);
        const w = shortWriter(limit);
        await writeAll(w.fh, new ByteRope(ps));
        expect(w.sink.subarray(0, want.length).equals(want)).toBe(true);
        expect(w.calls()).toBeGreaterThanOrEqual(Math.ceil(want.length / limit));
      }),
      { numRuns: 60 },
    );
  });

  it('a system that writes nothing is an error, not an endless loop', async () => {
    const w = shortWriter(0);
    await expect(writeAll(w.fh, new Uint8Array([1, 2, 3]))).rejects.toThrow(/made no progress/);
  });

  describe('overwriting in place (the read-back runs while the flush to disk does)', () => {
    /** The state file opened for writing, its `sync` replaced by `sync`. */
    async function withSync(sync: (real: () => Promise<void>) => Promise<void>): Promise<{ fh: FileHandle; file: string }> {
      const file = path.join(await tempDir(), 'terraform.tfstate');
      await writeFile(file, 'old state, longer than the new one');
      const fh = await open(file, 'r+');
      const real = fh.sync.bind(fh);
      Object.assign(fh, { sync: () => sync(real) });
      return { fh, file };
    }

    it('returns once both the flush and the read-back are done, with the new bytes in place', async () => {
      let flushed = false;
      const { fh, file } = await withSync(async (real) => {
        await new Promise((r) => setTimeout(r, 50));
        await real();
        flushed = true;
      });
      try {
        const mtime = await overwriteInPlace(fh, new ByteRope([Buffer.from('new '), Buffer.from('state')]));
        expect(flushed).toBe(true);
        expect(mtime).toBe((await stat(file, { bigint: true })).mtimeNs);
      } finally {
        await fh.close();
      }
      expect(await readFile(file, 'utf8')).toBe('new state');
    });

    it('a failed flush is an error, even though the read-back matched', async () => {
      const { fh } = await withSync(async () => {
        throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
      });
      try {
        await expect(overwriteInPlace(fh, Buffer.from('new state'))).rejects.toThrow('EIO: i/o error, fsync');
      } finally {
        await fh.close();
      }
    });
  });
});
