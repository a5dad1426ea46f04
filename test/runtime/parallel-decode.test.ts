/**
 * A large state read into shared memory is decoded with the background
 * thread indexing its containers: the result is exactly the plain decode's,
 * for a valid state and for damaged ones, and the index really is used.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeState } from '../../src/core/statefile/index.js';
import { decodeStateInParallel, startContainerIndex } from '../../src/runtime/parallel-decode.js';
import { hashInBackground } from '../../src/backends/local/background-hash.js';
import { useBackgroundThread } from '../support/background-thread.js';

useBackgroundThread();

const dir = mkdtempSync(join(tmpdir(), 'tfstate-parallel-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A generated ~6 MB state (bench/generate.mjs), in shared memory as the stores read it. */
function largeState(): Uint8Array {
  const out = join(dir, 'large.tfstate');
  const r = spawnSync(process.execPath, [join(import.meta.dirname, '..', '..', 'bench', 'generate.mjs'), '--size', '6MB', '--seed', '3', '--out', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return shared(readFileSync(out));
}

function shared(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(bytes.length));
  out.set(bytes);
  return out;
}

/** The decode result as comparable text (byte arrays by length only). */
function asText(r: unknown): string {
  return JSON.stringify(r, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : typeof v === 'bigint' ? `${v}n` : v));
}

const plain = (bytes: Uint8Array) => asText(decodeState(bytes, { location: 'big.tfstate' }));
const base = largeState();

describe('decoding a large state with the background thread', () => {
  it('gives exactly the plain decode, with most containers answered by the thread', async () => {
    await hashInBackground(shared(new Uint8Array(5 << 20)))!; // the thread is up (the stores start it while reading)
    const ends = startContainerIndex(base);
    expect(ends).toBeDefined();
    expect(asText(decodeState(base, { location: 'big.tfstate', containerEnds: ends }))).toBe(plain(base));
    expect(ends!.answered).toBeGreaterThan(1000);
  });

  it.each([
    ['a bit flipped in the middle of an attribute value', (b: Uint8Array) => void (b[b.indexOf(0x3a, b.length >> 1) + 2] ^= 0x40)],
    ['a closing bracket lost three quarters in', (b: Uint8Array) => void (b[b.indexOf(0x7d, (b.length >> 2) * 3)] = 0x20)],
    ['a control character inside a string', (b: Uint8Array) => void (b[b.indexOf(0x22, b.length >> 1) + 1] = 0x01)],
  ])('reports the same error as the plain decode for %s', (_what, damage) => {
    const bytes = shared(base);
    damage(bytes);
    const expected = plain(bytes);
    expect(expected).toContain('"ok":false');
    expect(asText(decodeStateInParallel(bytes, { location: 'big.tfstate' }))).toBe(expected);
  });

  it('a truncated state gives the same error', () => {
    const bytes = shared(base.subarray(0, Math.floor(base.length * 0.6)));
    expect(asText(decodeStateInParallel(bytes, { location: 'big.tfstate' }))).toBe(plain(bytes));
  });

  it('is not used for small states or bytes outside shared memory', () => {
    expect(startContainerIndex(shared(base.subarray(0, 1000)))).toBeUndefined();
    expect(startContainerIndex(new Uint8Array(base))).toBeUndefined();
  });
});
