/**
 * The write-ahead journal that makes an in-place state write recoverable.
 *
 * Before the state file is truncated, `.NAME-journal` records the hash of
 * the old content, where its backup is, and the size of the new content.
 * The hash of the new content is recorded too, either at once or (for a
 * large state, whose hash is taken on the background thread while the bytes
 * are written) as soon as it is known, by replacing the entry atomically.
 * After the new bytes are written, fsynced and verified, the entry is
 * removed. If the process dies in between, the next command's `recover()`
 * finds the entry and either confirms the write completed (only possible
 * once the new hash is recorded) or puts the old bytes back.
 */
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { RecoveryError } from '../../ports/backend.js';
import { EMPTY_SHA256, sha256 } from './content-hash.js';
import { overwriteInPlace, readContent, readTextOrNull, removeDurable, writeFileDurable } from './fs-util.js';
import { isErrno, journalPath } from './paths.js';

/** One journal entry (the file holds exactly one, as JSON). */
export interface JournalEntry {
  /** Real path of the state file being written. */
  readonly state: string;
  /** Path of the backup holding the old bytes, or null when none was made. */
  readonly backup: string | null;
  readonly oldSha256: string;
  readonly oldSize: number;
  /** Null until known: recovery then rolls back rather than completes. */
  readonly newSha256: string | null;
  readonly newSize: number;
  /** When the write started (ISO 8601 UTC). */
  readonly time: string;
}

/** Records `entry` durably (atomic rename, file and directory fsynced), mode 0600. */
export async function writeJournal(entry: JournalEntry): Promise<void> {
  await writeFileDurable(journalPath(entry.state), JSON.stringify(entry), 0o600);
}

/** Removes the journal of `realPath` (durably); false when there was none. */
export function removeJournal(realPath: string): Promise<boolean> {
  return removeDurable(journalPath(realPath));
}

/** True when a journal entry exists for `realPath`. */
export async function hasJournal(realPath: string): Promise<boolean> {
  return (await readTextOrNull(journalPath(realPath))) !== null;
}

function parseEntry(text: string): JournalEntry | null {
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    const str = (k: string) => typeof v[k] === 'string';
    const num = (k: string) => typeof v[k] === 'number';
    if (!str('state') || !str('oldSha256') || !num('oldSize') || !num('newSize')) return null;
    if (v.newSha256 !== null && !str('newSha256')) return null;
    if (v.backup !== null && !str('backup')) return null;
    return v as unknown as JournalEntry;
  } catch {
    return null;
  }
}

const short = (hash: string) => hash.slice(0, 12);

/**
 * Replaces `entry` (already recorded, without the new hash) by one with the
 * new content's hash `newSha256`, and returns that hash. A failure is not
 * an error: the recorded entry stands, and recovery would roll back instead
 * of completing.
 */
export async function recordNewHash(entry: JournalEntry, newSha256: string): Promise<string> {
  try {
    await writeJournal({ ...entry, newSha256 });
  } catch {
    // the entry without the hash is still in place (the replacement is atomic)
  }
  return newSha256;
}

/**
 * Completes or rolls back the write recorded in the journal of `realPath`.
 * Precondition: the caller holds the state lock and `fh` is its descriptor
 * (reads and the rollback go through it). `location` names the state in
 * messages. Returns what it did, or null when there is no journal. Throws
 * `RecoveryError`, changing nothing, when the journal is unreadable or the
 * state matches neither side and no backup with the old content exists.
 */
export async function recoverWrite(fh: FileHandle, realPath: string, location: string): Promise<string | null> {
  const file = journalPath(realPath);
  const text = await readTextOrNull(file);
  if (text === null) return null;
  const entry = parseEntry(text);
  if (!entry) {
    throw new RecoveryError(
      `the write journal ${file} of ${location} is unreadable; nothing was changed. Check that ${location} holds the state you expect (compare it with its backups), then delete ${file}.`,
    );
  }
  const current = await readContent(fh);
  if (entry.newSha256 !== null && current.sha256 === entry.newSha256) {
    await removeDurable(file);
    return `completed an interrupted write of ${location}: the new state (${entry.newSize} bytes, sha256 ${short(entry.newSha256)}) had been fully written`;
  }
  if (current.sha256 === entry.oldSha256) {
    await removeDurable(file);
    return `discarded the journal of an interrupted write of ${location}: the write had not started and the state is unchanged`;
  }
  if (entry.oldSha256 === EMPTY_SHA256) {
    await overwriteInPlace(fh, new Uint8Array(0));
    await removeDurable(file);
    return `rolled back an interrupted write of ${location}: the state was empty before the write and is empty again`;
  }
  const backup = entry.backup === null ? null : await readBackup(entry.backup);
  if (backup !== null && sha256(backup) === entry.oldSha256) {
    await overwriteInPlace(fh, backup);
    await removeDurable(file);
    return `rolled back an interrupted write of ${location} from backup ${entry.backup}`;
  }
  const why =
    entry.backup === null
      ? 'no backup was recorded'
      : backup === null
        ? `the backup ${entry.backup} is missing`
        : `the backup ${entry.backup} does not hold the old state (sha256 ${short(sha256(backup))})`;
  throw new RecoveryError(
    `cannot recover an interrupted write of ${location}: it holds ${current.bytes.length} bytes (sha256 ${short(current.sha256)}), which are neither the new state (${entry.newSha256 === null ? 'whose hash was not recorded yet' : `sha256 ${short(entry.newSha256)}`}) nor the old one (sha256 ${short(entry.oldSha256)}), and ${why}. Nothing was changed. Restore ${location} by hand from a backup you trust, then delete ${file}.`,
  );
}

async function readBackup(file: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await fsp.readFile(file));
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return null;
    throw e;
  }
}
