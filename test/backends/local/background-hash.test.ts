/**
 * Hashing a state read for an edit on another thread: the result is the
 * SHA-256 of the bytes, the bytes read are in shared memory so the worker
 * needs no copy, and anything else is hashed in place.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashInBackground } from '../../../src/backends/local/background-hash.js';
import { prehash, sha256Async, sha256Soon } from '../../../src/backends/local/content-hash.js';
import { ByteRope } from '../../../src/core/statefile/byte-rope.js';
import { createLocalBackend } from '../../../src/backends/local/index.js';
import { useTempDirs } from './tmp.js';
import { useBackgroundThread } from '../../support/background-thread.js';

useBackgroundThread();

function sharedBytes(size: number, seed: number): Uint8Array {
  const b = new Uint8Array(new SharedArrayBuffer(size));
  for (let i = 0; i < size; i++) b[i] = (i * 7 + seed) & 0xff;
  return b;
}

const hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('hashing state bytes on another thread', () => {
  const tempDir = useTempDirs();

  it('gives the SHA-256 of the bytes, for several hashes at once', async () => {
    const inputs = [sharedBytes(5 << 20, 1), sharedBytes(6 << 20, 2), sharedBytes(5 << 20, 3)];
    expect(await Promise.all(inputs.map((b) => hashInBackground(b)))).toEqual(inputs.map(hex));
  });

  it('a view into shared memory hashes just the view', async () => {
    const all = sharedBytes(9 << 20, 4);
    const view = all.subarray(1000, 1000 + (5 << 20));
    expect(await hashInBackground(view)).toBe(hex(view));
  });

  it('small or unshared bytes are not sent (that would copy them), and are hashed in place when asked', async () => {
    const small = sharedBytes(1000, 5);
    const unshared = new Uint8Array(5 << 20).fill(9);
    expect(hashInBackground(small)).toBeNull();
    expect(hashInBackground(unshared)).toBeNull();
    prehash(unshared);
    expect(await sha256Async(unshared)).toBe(hex(unshared));
  });

  it('a state read by the local store is in shared memory, and its prehashed digest is its SHA-256', async () => {
    const file = path.join(await tempDir(), 'terraform.tfstate');
    await writeFile(file, Buffer.from(sharedBytes(5 << 20, 6)));
    const read = await createLocalBackend(file).store.read();
    expect(read.bytes!.buffer).toBeInstanceOf(SharedArrayBuffer);
    prehash(read.bytes!);
    expect(await sha256Async(read.bytes!)).toBe(hex(read.bytes!));
    expect(read.version!.endsWith(`:${hex(read.bytes!)}`)).toBe(true);
  });

  it('the new state of an edit (views of the bytes read around new pieces) is hashed there, its new pieces copied in order', async () => {
    const read = sharedBytes(8 << 20, 7);
    const pieces = [Buffer.from('first new piece'), new Uint8Array(300).fill(1), Buffer.from('last')];
    const rope = new ByteRope([pieces[0]!, read.subarray(0, 4 << 20), pieces[1]!, read.subarray(5 << 20), pieces[2]!]);
    const soon = sha256Soon(rope);
    expect(soon).toBeInstanceOf(Promise);
    expect(await soon).toBe(hex(rope.toBytes()));
  });

  it('small content, or content mostly outside shared memory, is hashed at once in place', () => {
    const small = new ByteRope([sharedBytes(1000, 8), Buffer.from('x')]);
    const unshared = new ByteRope([sharedBytes(4 << 20, 9), new Uint8Array(2 << 20).fill(3)]);
    expect(sha256Soon(small)).toBe(hex(small.toBytes()));
    expect(sha256Soon(unshared)).toBe(hex(unshared.toBytes()));
  });
});
