/**
 * Temporary files a killed tfstate run can leave beside a state.
 *
 * `writeFileDurable` (fs-util.ts) writes the journal and the `.lock.info` as
 * `.<name>.tmp-<12 hex digits>` and then renames it into place, and a backup
 * is staged as `.<state>.backup.tmp-<12 hex digits>` before it is linked
 * under its name; a process killed in between leaves the temporary file
 * behind. tfstate writes these files only while it holds the state lock, so
 * whoever holds the lock may remove them: no run is still writing one.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { isErrno, journalPath, lockInfoPath } from './paths.js';

const TEMP_SUFFIX = String.raw`\.tmp-[0-9a-f]{12}`;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The names (not paths) of the leftover temporary files of the state at
 * `realPath` in its directory: those of its journal, its `.lock.info` and
 * its timestamped backups (`<state>.<seconds>[.<n>].backup`). Never the
 * temporary files of another state in the same directory. A missing
 * directory gives an empty list.
 */
export async function findLeftoverTemps(realPath: string): Promise<string[]> {
  const dir = path.dirname(realPath);
  const sidecars = [path.basename(journalPath(realPath)), path.basename(lockInfoPath(realPath))].map(escapeRegExp);
  // Timestamped backups as older runs wrote them, and the staged copy (`<state>.backup`, see backup-store.ts).
  const backup = `${escapeRegExp(path.basename(realPath))}(?:\\.\\d+(?:\\.\\d+)?)?\\.backup`;
  const pattern = new RegExp(`^\\.(?:${[...sidecars, backup].join('|')})${TEMP_SUFFIX}$`);
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch (e) {
    if (isErrno(e, 'ENOENT', 'ENOTDIR')) return [];
    throw e;
  }
  return names.filter((n) => pattern.test(n)).sort();
}

/**
 * Removes the leftover temporary files of the state at `realPath` and
 * returns the names removed. Precondition: this process holds the state
 * lock (see the module comment).
 */
export async function removeLeftoverTemps(realPath: string): Promise<string[]> {
  const names = await findLeftoverTemps(realPath);
  const dir = path.dirname(realPath);
  for (const n of names) await fsp.rm(path.join(dir, n), { force: true });
  return names;
}
