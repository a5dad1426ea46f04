/**
 * When a file's stamp proves it unwritten since it was read: only once its
 * change time lies further back than the file system's timestamp
 * granularity before the read began (git's "racily clean" rule).
 */
import { describe, expect, it } from 'vitest';
import { sameStamp, settledBefore } from '../../../src/backends/local/file-stamp.js';

const MS = 1_000_000n;
const readAt = Date.UTC(2026, 10, 28, 12, 0, 0);
const ctime = (msBefore: number, subMs = 123_456n): bigint => BigInt(readAt - msBefore) * MS - MS + subMs;

describe('a file is settled when its last change lies safely before the read', () => {
  it('a change a second before the read is settled on a file system with fine timestamps', () => {
    expect(settledBefore(ctime(1000), readAt)).toBe(true);
  });

  it('a change within the last clock ticks is not: a write right after the read could keep the same ctime', () => {
    expect(settledBefore(ctime(5), readAt)).toBe(false);
    expect(settledBefore(ctime(-5), readAt)).toBe(false);
  });

  it('whole-millisecond timestamps may be coarse (2 s on FAT), so they need three seconds', () => {
    expect(settledBefore(ctime(1000, 0n), readAt)).toBe(false);
    expect(settledBefore(ctime(2500, 0n), readAt)).toBe(false);
    expect(settledBefore(ctime(4000, 0n), readAt)).toBe(true);
  });

  it('stamps differ when any of inode, size, mtime or ctime does', () => {
    const a = { ino: 1n, size: 10n, mtimeNs: 5n, ctimeNs: 6n };
    expect(sameStamp(a, { ...a })).toBe(true);
    for (const k of ['ino', 'size', 'mtimeNs', 'ctimeNs'] as const) expect(sameStamp(a, { ...a, [k]: a[k] + 1n })).toBe(false);
  });
});
