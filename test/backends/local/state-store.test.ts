import { chmod, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../src/backends/local/index.js';
import { ByteRope } from '../../../src/core/statefile/byte-rope.js';
import { StateConflictError } from '../../../src/ports/backend.js';
import { stateBytes } from '../../conformance/suite.js';
import { perm, useTempDirs } from './tmp.js';

describe('local state store', () => {
  const tempDir = useTempDirs();

  it('reads a zero-byte file as zero bytes, not as a missing state', async () => {
    const file = path.join(await tempDir(), 'terraform.tfstate');
    await writeFile(file, '');
    const read = await createLocalBackend(file).store.read();
    expect(read.bytes).toEqual(new Uint8Array(0));
    expect(read.version).toMatch(/^0:\d+:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855$/);
  });

  it('gives a version token of size, mtime in nanoseconds and sha256', async () => {
    const file = path.join(await tempDir(), 'terraform.tfstate');
    await writeFile(file, 'abc');
    const st = await stat(file, { bigint: true });
    expect((await createLocalBackend(file).store.read()).version).toBe(`3:${st.mtimeNs}:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad`);
  });

  it('reads a large state (into shared memory) byte for byte, whatever its size', async () => {
    const dir = await tempDir();
    for (const size of [4 << 20, (4 << 20) + 1, (6 << 20) + 4097, (9 << 20) - 3]) {
      const file = path.join(dir, `s${size}.tfstate`);
      const bytes = Buffer.alloc(size);
      for (let i = 0; i < size; i += 997) bytes[i] = (i / 997) & 0xff;
      bytes[size - 1] = 0x7d;
      await writeFile(file, bytes);
      const read = await createLocalBackend(file).store.read();
      expect(read.bytes!.length).toBe(size);
      expect(Buffer.from(read.bytes!).equals(bytes)).toBe(true);
    }
  });

  it('writes in place, keeping the inode and the file mode', async () => {
    const file = path.join(await tempDir(), 'terraform.tfstate');
    await writeFile(file, stateBytes(1));
    await chmod(file, 0o640);
    const before = await stat(file);
    const b = createLocalBackend(file);
    await b.store.write(stateBytes(2), { ifVersion: (await b.store.read()).version, backup: null });
    const after = await stat(file);
    expect(after.ino).toBe(before.ino);
    expect(perm(after.mode)).toBe(0o640);
    expect((await readFile(file)).equals(Buffer.from(stateBytes(2)))).toBe(true);
  });

  it('writes a rope of thousands of short parts between long ones byte for byte, shrinking the file', async () => {
    const file = path.join(await tempDir(), 'terraform.tfstate');
    // A long source, as an edit's rope views the old file, and short generated pieces between its stretches.
    const source = new Uint8Array(3 << 20).map((_, i) => (i * 31 + (i >> 9)) & 0xff);
    let seed = 7;
    const rand = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const parts: Uint8Array[] = [];
    let at = 0;
    while (at < source.length) {
      const long = rand(4) === 0;
      const n = Math.min(source.length - at, long ? 65536 + rand(300000) : 1 + rand(2000));
      parts.push(source.subarray(at, at + n));
      at += n;
      if (rand(3) === 0) parts.push(new TextEncoder().encode(`"gen-${parts.length}",`));
    }
    const rope = new ByteRope(parts);
    await writeFile(file, new Uint8Array(rope.length + 12345).fill(0x41));
    const b = createLocalBackend(file);
    const { version } = await b.store.write(rope, { ifVersion: (await b.store.read()).version, backup: null });
    const back = await readFile(file);
    expect(back.length).toBe(rope.length);
    expect(back.equals(Buffer.from(rope.toBytes()))).toBe(true);
    expect((await b.store.read()).version).toBe(version);
    expect(await b.store.holds(rope)).toBe(true);
  });

  it('creates a missing state and its directory, and leaves no journal behind', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'envs', 'dev', 'terraform.tfstate');
    await createLocalBackend(file).store.write(stateBytes(1), { ifVersion: null, backup: null });
    expect((await readFile(file)).equals(Buffer.from(stateBytes(1)))).toBe(true);
    expect(await readdir(path.dirname(file))).toEqual(['terraform.tfstate']);
  });

  it('accepts "no state" for a zero-byte file, as Terraform leaves after a lock', async () => {
    const file = path.join(await tempDir(), 'terraform.tfstate');
    await writeFile(file, '');
    await createLocalBackend(file).store.write(stateBytes(1), { ifVersion: null, backup: null });
    expect((await readFile(file)).equals(Buffer.from(stateBytes(1)))).toBe(true);
  });

  it.each([
    ['the state changed', true, 'changed since it was read; nothing was written. Read it again and retry.'],
    ['a state appeared', false, 'was created by someone else since it was read as missing; nothing was written. Read it again and retry.'],
  ])('explains a conflict when %s', async (_what, stale, text) => {
    const file = path.join(await tempDir(), 'terraform.tfstate');
    const b = createLocalBackend(file);
    const v1 = (await b.store.write(stateBytes(1), { ifVersion: null, backup: null })).version;
    await b.store.write(stateBytes(2), { ifVersion: v1, backup: null });
    const err = await b.store.write(stateBytes(3), { ifVersion: stale ? v1 : null, backup: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateConflictError);
    expect((err as Error).message).toBe(`${file} ${text}`);
  });

  it('refuses to write over a state rewritten since it was read, with its size and mtime put back, whether or not it was settled when read', async () => {
    for (const settleMs of [0, 120]) {
      const file = path.join(await tempDir(), 'terraform.tfstate');
      await writeFile(file, stateBytes(1));
      await new Promise((r) => setTimeout(r, settleMs));
      const store = createLocalBackend(file).store;
      const read = await store.read();
      const st = await stat(file);
      const other = Buffer.from(stateBytes(1)).fill(0x20, 2, 6); // same size, other bytes
      await writeFile(file, other);
      await utimes(file, st.atime, st.mtime);
      await expect(store.write(stateBytes(2), { ifVersion: read.version, backup: null }), `settled for ${settleMs} ms`).rejects.toBeInstanceOf(StateConflictError);
      expect((await readFile(file)).equals(other)).toBe(true);
    }
  });

  it('refuses a stale token for a state that was deleted, without creating it', async () => {
    const file = path.join(await tempDir(), 'terraform.tfstate');
    await expect(createLocalBackend(file).store.write(stateBytes(1), { ifVersion: '1:2:3', backup: null })).rejects.toBeInstanceOf(StateConflictError);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
