/**
 * The process-wide table of state files this process has open.
 *
 * POSIX record locks (fcntl) belong to the process, not to a descriptor, and
 * the kernel drops them when the process closes ANY descriptor of the file.
 * So, per real path, this module keeps:
 * - the locked descriptor, when some backend instance in this process holds
 *   the lock: every read and write of that file in the process goes through
 *   it, and nothing else opens (and later closes) the file meanwhile;
 * - a queue that runs every open/lock/read/write/close of that file one at a
 *   time, so a read that opened its own descriptor cannot close it while a
 *   lock is being taken.
 * Hard links to one file under two names are not recognised as one file.
 */
import { constants as C, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { LockInfo } from '../../ports/lock-info.js';
import { isErrno } from './paths.js';

/** A lock this process holds on a state file. */
export interface HeldLock {
  /** The descriptor the fcntl lock was taken on; stays open until unlock. */
  readonly fh: FileHandle;
  /** The LockInfo recorded for it (Path set to the path as given). */
  readonly info: LockInfo;
  /** The `.lock.info` files written for it (removed on unlock). */
  readonly infoPaths: readonly string[];
}

/** One state file's entry: its queue and the lock held on it, if any. */
export interface FileSlot {
  readonly realPath: string;
  held: HeldLock | null;
  tail: Promise<void>;
}

const slots = new Map<string, FileSlot>();

/**
 * Runs `fn` with the slot of `realPath`, after every operation queued before
 * it on that path has finished. `fn` must not call `serialize` for the same
 * path (it would wait for itself).
 */
export function serialize<T>(realPath: string, fn: (slot: FileSlot) => Promise<T>): Promise<T> {
  let slot = slots.get(realPath);
  if (!slot) {
    slot = { realPath, held: null, tail: Promise.resolve() };
    slots.set(realPath, slot);
  }
  const s = slot;
  const run = s.tail.then(() => fn(s));
  s.tail = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

/** How `withStateFile` opens the file when no lock is held in this process. */
export type OpenMode = 'read' | 'write';

/**
 * Runs `fn` with a descriptor of the state file: the locked one when this
 * process holds the lock (never closed here), else a fresh one closed after
 * `fn`. `read` opens read-only; `write` opens read-write, creating the file
 * (mode 0666 before umask, like Terraform) only when `create` is true.
 * Returns `missing` when the file does not exist and is not created.
 * Call only inside `serialize` for the same path.
 */
export async function withStateFile<T, M>(
  slot: FileSlot,
  mode: OpenMode,
  create: boolean,
  missing: M,
  fn: (fh: FileHandle, created: boolean) => Promise<T>,
): Promise<T | M> {
  if (slot.held) return fn(slot.held.fh, false);
  const flags = mode === 'read' ? C.O_RDONLY : C.O_RDWR;
  let fh: FileHandle;
  let created = false;
  try {
    fh = await fsp.open(slot.realPath, flags);
  } catch (e) {
    if (!isErrno(e, 'ENOENT') || !create) {
      if (isErrno(e, 'ENOENT')) return missing;
      throw e;
    }
    fh = await fsp.open(slot.realPath, flags | C.O_CREAT, 0o666);
    created = true;
  }
  try {
    return await fn(fh, created);
  } finally {
    await fh.close();
  }
}
