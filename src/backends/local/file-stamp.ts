/**
 * Telling from `fstat` alone that a file was not written since it was read:
 * its stamp (inode, size, mtime, ctime) is unchanged and its ctime lay
 * safely before the read, as git's "racily clean" rule has it.
 */

/** What `fstat` says about a file, as far as telling whether it was written goes. */
export interface FileStamp {
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
}

/** True when the two stamps describe the same file, unwritten in between (given a settled first stamp). */
export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/** How far a change time must lie before a read for later writes to be sure to move it. */
function racyWindowNs(ctimeNs: bigint): bigint {
  // File systems with timestamps below a millisecond get them from a clock that ticks at least every
  // 10 ms; a whole-millisecond ctime may come from a coarse one (FAT: 2 s), so allow 3 s.
  return ctimeNs % 1_000_000n === 0n ? 3_000_000_000n : 50_000_000n;
}

/**
 * True when a file whose change time is `ctimeNs`, read from `readStartMs`
 * (wall clock) on, cannot be written again without its ctime moving: the
 * ctime lies further back than the file system's timestamp granularity
 * ("racily clean" otherwise, as git calls it). ctime is set by the kernel on
 * every write and cannot be set by a program.
 */
export function settledBefore(ctimeNs: bigint, readStartMs: number): boolean {
  return ctimeNs < BigInt(readStartMs) * 1_000_000n - racyWindowNs(ctimeNs);
}
