/**
 * Taking and releasing Terraform's local state lock: an fcntl(F_SETLK) write
 * lock over the whole state file (terraform-state.md §10.1), through the
 * `os-lock` native addon, plus the `.lock.info` metadata files.
 *
 * Every function here runs inside `serialize()` for the state's real path
 * (file-table.ts), so no other descriptor of the file is opened or closed in
 * this process meanwhile.
 */
import { constants as C, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { lock as fcntlLock, unlock as fcntlUnlock } from 'os-lock';
import { marshalLockInfo, parseLockInfo, type LockInfo } from '../../ports/lock-info.js';
import type { FileSlot, HeldLock } from './file-table.js';
import { readTextOrNull, writeFileDurable } from './fs-util.js';
import { isErrno, lockInfoPath } from './paths.js';

/** The errno codes `os-lock` reports when another process holds a conflicting lock. */
const CONFLICT = ['EAGAIN', 'EACCES', 'EBUSY'];

/**
 * The `.lock.info` paths for a state: beside the real file, and beside the
 * path as given when that is a different directory entry (a symlink), so
 * Terraform finds the holder whichever name it was given.
 */
export async function lockInfoPaths(given: string, realPath: string): Promise<string[]> {
  const abs = path.resolve(given);
  const dir = await fsp.realpath(path.dirname(abs)).catch(() => path.dirname(abs));
  const main = lockInfoPath(realPath);
  const alt = lockInfoPath(path.join(dir, path.basename(abs)));
  return alt === main ? [main] : [main, alt];
}

/** Reads the first readable LockInfo among `infoPaths`, or null when none is. */
export async function readHolder(infoPaths: readonly string[]): Promise<LockInfo | null> {
  for (const p of infoPaths) {
    const text = await readTextOrNull(p).catch(() => null);
    const info = text === null ? null : parseLockInfo(text);
    if (info) return info;
  }
  return null;
}

/**
 * Opens the state file O_RDWR|O_CREAT (mode 0666 before umask: a missing file
 * appears as a zero-byte file, as with Terraform; without `create`, a missing
 * file throws ENOENT instead), takes the fcntl write lock without waiting,
 * writes `info` (compact JSON, mode 0600) to every info path and records the
 * lock in `slot.held`, which it returns. Returns null, leaving nothing open,
 * when another process holds the lock.
 * Precondition: `slot.held` is null.
 */
export async function acquire(slot: FileSlot, info: LockInfo, infoPaths: readonly string[], create = true): Promise<HeldLock | null> {
  const fh = await fsp.open(slot.realPath, create ? C.O_RDWR | C.O_CREAT : C.O_RDWR, 0o666);
  try {
    await fcntlLock(fh.fd, { exclusive: true, immediate: true });
  } catch (e) {
    await fh.close();
    if (isErrno(e, ...CONFLICT)) return null;
    throw e;
  }
  try {
    for (const p of infoPaths) await writeFileDurable(p, marshalLockInfo(info), 0o600);
  } catch (e) {
    await Promise.all(infoPaths.map((p) => fsp.rm(p, { force: true })));
    await fh.close(); // closing drops the fcntl lock
    throw e;
  }
  slot.held = { fh, info, infoPaths };
  return slot.held;
}

/**
 * Releases the lock recorded in `slot`: removes the info files, unlocks and
 * closes the descriptor, clears `slot.held`. The descriptor is closed (and
 * with it the fcntl lock dropped) even when removing an info file fails.
 */
export async function release(slot: FileSlot): Promise<void> {
  const held = slot.held;
  if (!held) return;
  slot.held = null;
  try {
    for (const p of held.infoPaths) await fsp.rm(p, { force: true });
  } finally {
    try {
      await fcntlUnlock(held.fh.fd);
    } finally {
      await held.fh.close();
    }
  }
}

/**
 * True when another process holds an fcntl lock on the file: tries a shared
 * lock without waiting on a fresh read-only descriptor, and releases it at
 * once. A missing file is not locked. Precondition: this process holds no
 * lock on the file (`slot.held` is null), since closing the probe descriptor
 * would drop it. The probe briefly holds a read lock; a `terraform` taking
 * the lock in that instant fails as if we held it.
 */
export async function heldElsewhere(slot: FileSlot): Promise<boolean> {
  let fh;
  try {
    fh = await fsp.open(slot.realPath, C.O_RDONLY);
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return false;
    throw e;
  }
  try {
    await fcntlLock(fh.fd, { exclusive: false, immediate: true });
    await fcntlUnlock(fh.fd);
    return false;
  } catch (e) {
    if (isErrno(e, ...CONFLICT)) return true;
    throw e;
  } finally {
    await fh.close();
  }
}
