/**
 * Where the local backend keeps things: the state file's real path and the
 * sidecar files beside it.
 *
 * Symlinks: the backend operates on the resolved real path of the state file.
 * Reads and in-place writes reach the link's target anyway (the inode is the
 * same); the sidecars (journal, backups, backup index) live beside the target,
 * and the `.lock.info` is written beside both the target and the path as
 * given, so a `terraform` run through either name finds who holds the lock.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/**
 * The file name with at most one leading `.` removed, as Terraform does for
 * its lock-info path (`.terraform.tfstate.lock.info`, never `..x.lock.info`).
 */
function sidecarStem(file: string): string {
  const base = path.basename(file);
  return base.startsWith('.') ? base.slice(1) : base;
}

/**
 * Terraform's lock-info path for a state file (terraform-state.md §10.1):
 * the state's directory + `.` + the file name (one leading `.` stripped) +
 * `.lock.info`. `dir/prod.tfstate` → `dir/.prod.tfstate.lock.info`.
 */
export function lockInfoPath(statePath: string): string {
  return path.join(path.dirname(statePath), `.${sidecarStem(statePath)}.lock.info`);
}

/** The write-ahead journal: `dir/.terraform.tfstate-journal`. */
export function journalPath(statePath: string): string {
  return path.join(path.dirname(statePath), `.${sidecarStem(statePath)}-journal`);
}

/** The append-only backup index: `dir/.terraform.tfstate.backups.jsonl`. */
export function backupIndexPath(statePath: string): string {
  return path.join(path.dirname(statePath), `.${sidecarStem(statePath)}.backups.jsonl`);
}

/**
 * Terraform's timestamped backup name for a state file (terraform-state.md §9):
 * `<file>.<unix-seconds>.backup`, with `.N` appended when `attempt > 0`.
 */
export function backupFileName(statePath: string, time: Date, attempt: number): string {
  const seconds = Math.floor(time.getTime() / 1000);
  // Same-second backups get a counter before the extension, so every backup ends in `.backup`.
  return attempt === 0 ? `${path.basename(statePath)}.${seconds}.backup` : `${path.basename(statePath)}.${seconds}.${attempt}.backup`;
}

/**
 * Resolves a state path to an absolute real path, following symlinks in every
 * component. A path that does not exist yet resolves through its deepest
 * existing ancestor. Throws when the path is a symlink whose target is
 * missing (writing would create a file somewhere the user did not name).
 */
export async function resolveStatePath(given: string): Promise<string> {
  const abs = path.resolve(given);
  try {
    return await fsp.realpath(abs);
  } catch (e) {
    if (!isErrno(e, 'ENOENT')) throw e;
  }
  const link = await fsp.lstat(abs).catch(() => null);
  if (link?.isSymbolicLink()) {
    const target = path.resolve(path.dirname(abs), await fsp.readlink(abs));
    throw new Error(`the state path ${given} is a symlink to ${target}, which does not exist; create the target or point the link elsewhere`);
  }
  const rest: string[] = [path.basename(abs)];
  let dir = path.dirname(abs);
  for (;;) {
    try {
      return path.join(await fsp.realpath(dir), ...rest);
    } catch (e) {
      if (!isErrno(e, 'ENOENT') || path.dirname(dir) === dir) throw e;
      rest.unshift(path.basename(dir));
      dir = path.dirname(dir);
    }
  }
}

/** True when `e` is a Node system error with the given `code`. */
export function isErrno(e: unknown, ...codes: string[]): boolean {
  return typeof e === 'object' && e !== null && codes.includes((e as { code?: string }).code ?? '');
}
