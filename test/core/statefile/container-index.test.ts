/**
 * The container index (written by one thread, read by the decoder on
 * another) is only ever a shortcut: with it, decoding gives exactly what it
 * gives without it, for valid and broken states alike, also when the writer
 * is behind, stalled, or never began. Here the writer runs on this thread,
 * before the reader or not at all; test/runtime covers the real thread.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ContainerEnds, decodeState, indexContainers, newContainerIndexMemory } from '../../../src/core/statefile/index.js';
import { fastSkipContainer } from '../../../src/core/statefile/json-fast-skip.js';
import { fixtureBytes, stateFixtures } from '../../support/state-fixtures.js';

/** The bytes in shared memory, as the local store reads them. */
function shared(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(bytes.length));
  out.set(bytes);
  return out;
}

/** An index of `bytes` written to completion on this thread. */
function indexed(bytes: Uint8Array): ContainerEnds {
  const ix = newContainerIndexMemory(bytes.length);
  indexContainers(bytes, ix);
  return new ContainerEnds(bytes, ix);
}

/**
 * The decode result as comparable text: every snapshot field, span and
 * diagnostic (byte arrays, which every raw field refers to, by length only,
 * so comparing stays fast).
 */
function decodeWith(bytes: Uint8Array, containerEnds?: ContainerEnds): string {
  const r = decodeState(bytes, { location: 'terraform.tfstate', ...(containerEnds ? { containerEnds } : {}) });
  return JSON.stringify(r, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : typeof v === 'bigint' ? `${v}n` : v));
}

describe('decoding with a container index', () => {
  it.each(stateFixtures())('gives the same snapshot and diagnostics as without one: %s', (name) => {
    const bytes = shared(fixtureBytes(name));
    expect(decodeWith(bytes, indexed(bytes))).toBe(decodeWith(bytes));
  });

  it('knows the end of every indexed container, as the fast skipper finds it', () => {
    const bytes = shared(fixtureBytes('v4-modules-foreach.tfstate'));
    const ends = indexed(bytes);
    const view = new DataView(bytes.buffer);
    let known = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] !== 0x7b && bytes[i] !== 0x5b) continue;
      const end = ends.endOf(i);
      if (end === -1) continue;
      known++;
      expect(end).toBe(fastSkipContainer(bytes, view, i));
    }
    expect(known).toBeGreaterThan(10);
  });

  it('gives the same result on damaged states (bit flips, truncation, inserted bytes)', () => {
    const base = fixtureBytes('v4-modules-foreach.tfstate');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
        (muts) => {
          let b = Array.from(base);
          for (const [at, kind, v] of muts) {
            const i = at % b.length;
            if (kind === 0) b[i] ^= 1 << (v % 8);
            else if (kind === 1) b = b.slice(0, i);
            else if (kind === 2) b.splice(i, 0, v);
            else b.splice(i, 1);
            if (b.length === 0) return true;
          }
          const bytes = shared(new Uint8Array(b));
          expect(decodeWith(bytes, indexed(bytes))).toBe(decodeWith(bytes));
          return true;
        },
      ),
      { numRuns: 300, seed: 1129 },
    );
  });

  it('is ignored when it indexes other bytes', () => {
    const bytes = shared(fixtureBytes('v4-modules-foreach.tfstate'));
    const other = shared(fixtureBytes('v4-modules-foreach.tfstate'));
    other[other.indexOf(0x7b, 200)] = 0x20; // the index of `other` no longer fits `bytes`
    expect(decodeWith(bytes, indexed(other))).toBe(decodeWith(bytes));
  });

  it('answers nothing, without waiting, while the writer has not begun', () => {
    const bytes = shared(fixtureBytes('v4-modules-foreach.tfstate'));
    const never = new ContainerEnds(bytes, newContainerIndexMemory(bytes.length));
    expect(decodeWith(bytes, never)).toBe(decodeWith(bytes));
    expect(never.endOf(bytes.indexOf(0x7b, 1))).toBe(-1);
  });

  it('is given up when the writer stalls, decoding finishes on its own, and the writer is told to stop', () => {
    const bytes = shared(fixtureBytes('v4-modules-foreach.tfstate'));
    const full = newContainerIndexMemory(bytes.length);
    indexContainers(bytes, full);
    expect(full[1]).toBe(1); // the header's status: done
    // A writer that began, published its first two entries (header: count, status) and stopped making progress.
    const stalled = newContainerIndexMemory(bytes.length);
    stalled.set(full);
    stalled[0] = 2;
    stalled[1] = 0;
    const ends = new ContainerEnds(bytes, stalled);
    expect(decodeWith(bytes, ends)).toBe(decodeWith(bytes));
    expect(ends.endOf(bytes.length - 1)).toBe(-1);
    // A writer on an index its reader gave up on stops at once: status stopped, not done.
    indexContainers(bytes, stalled);
    expect(stalled[1]).toBe(2);
  });
});
