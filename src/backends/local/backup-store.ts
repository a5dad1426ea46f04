/**
 * Local backups: the exact prior bytes in `<state>.<unix-seconds>.backup`
 * beside the state (Terraform's naming, terraform-state.md §9), mode 0600,
 * never overwritten (`.1`, `.2` … are appended on a name clash). Metadata goes
 * to the append-only index `.NAME.backups.jsonl`, keyed by file name, so a
 * moved directory keeps its history. Backups Terraform made (timestamped, or
 * its single `<state>.backup`) are listed too, with what can be told from
 * their names and contents.
 */
import { constants as C, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { BackupMeta, BackupRecord, BackupStore, PreparedBackup } from '../../ports/backend.js';
import { prehash, sha256Async } from './content-hash.js';
import { fsyncDir, publishTemp, writeTempDurable } from './fs-util.js';
import { backupFileName, backupIndexPath, isErrno, resolveStatePath } from './paths.js';

/** The operation shown for a backup with no index line. */
export const UNKNOWN_OPERATION = 'unknown (made by terraform?)';

/** One line of the backup index. */
interface IndexLine {
  readonly id: string;
  readonly time: string;
  readonly operation: string;
  readonly who: string;
  readonly serialBefore: string;
  readonly serialAfter: string;
  readonly size: number;
  readonly sha256: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A `BackupStore` beside one local state file. Create with `createLocalBackend`. */
export class LocalBackupStore implements BackupStore {
  /** @param location the state path as given (resolved to its real path on each call). */
  constructor(readonly location: string) {}

  /**
   * Stores `bytes` as `<state>.<unix-seconds of meta.time>.backup` (or with a
   * `.N` before `.backup` when that name is taken), mode 0600, and appends its index line. Returns
   * after the backup and the index line are fsynced, directory included.
   */
  async put(bytes: Uint8Array, meta: BackupMeta): Promise<BackupRecord> {
    return this.prepare(bytes).commit(meta);
  }

  /**
   * Writes `bytes` to a hidden temporary file beside the state
   * (`.<state>.backup.tmp-…`, mode 0600, fsynced) right away; `commit` links
   * it under its backup name and appends the index line, `discard` removes
   * it. A crash in between leaves only that temporary file (the next
   * `recover()` removes it: leftovers.ts).
   */
  prepare(bytes: Uint8Array): PreparedBackup {
    prehash(bytes); // the index line records it; the journal needs it too
    let issued!: () => void;
    const started = new Promise<void>((resolve) => (issued = resolve));
    const staged = this.stage(bytes, issued);
    staged.catch(() => undefined).finally(issued); // errors surface from commit
    return {
      started,
      commit: async (meta) => this.publish(await staged, bytes, meta),
      discard: async () => {
        const tmp = await staged.then((s) => s.tmp).catch(() => null);
        if (tmp !== null) await fsp.rm(tmp, { force: true }).catch(() => undefined);
      },
    };
  }

  private async stage(bytes: Uint8Array, issued: () => void): Promise<{ real: string; tmp: string }> {
    const real = await resolveStatePath(this.location);
    await fsp.mkdir(path.dirname(real), { recursive: true });
    return { real, tmp: await writeTempDurable(`${real}.backup`, bytes, 0o600, issued) };
  }

  private async publish(staged: { real: string; tmp: string }, bytes: Uint8Array, meta: BackupMeta): Promise<BackupRecord> {
    const { real, tmp } = staged;
    const dir = path.dirname(real);
    let id = '';
    try {
      for (let attempt = 0; ; attempt++) {
        id = backupFileName(real, meta.time, attempt);
        try {
          await publishTemp(tmp, path.join(dir, id), true);
          break;
        } catch (e) {
          if (!isErrno(e, 'EEXIST')) throw e;
        }
      }
    } finally {
      await fsp.rm(tmp, { force: true });
    }
    const line: IndexLine = {
      id,
      time: meta.time.toISOString(),
      operation: meta.operation,
      who: meta.who,
      serialBefore: meta.serialBefore,
      serialAfter: meta.serialAfter,
      size: bytes.length,
      sha256: await sha256Async(bytes),
    };
    await appendIndex(backupIndexPath(real), line);
    return toRecord(dir, line);
  }

  /**
   * Every backup beside the state, newest first (by recorded time, else the
   * time in the name, else the file's mtime; a later `.N` first on ties).
   * Backups without an index line get operation `unknown (made by terraform?)`,
   * an empty `who`, `serialBefore` read from the file's `"serial"` when it
   * appears in its first 4 KiB, and an empty `serialAfter`. A missing
   * directory gives an empty list.
   */
  async list(): Promise<BackupRecord[]> {
    const real = await resolveStatePath(this.location);
    const dir = path.dirname(real);
    const names = await fsp.readdir(dir).catch((e: unknown) => {
      if (isErrno(e, 'ENOENT')) return [] as string[];
      throw e;
    });
    const index = await readIndex(backupIndexPath(real));
    const match = backupNamePattern(real);
    const found: { record: BackupRecord; suffix: number }[] = [];
    for (const name of names) {
      const m = match.exec(name);
      if (!m) continue;
      const line = index.get(name);
      const record = line ? toRecord(dir, line) : await unindexed(dir, name, m[1]);
      if (record) found.push({ record, suffix: Number(m[2] ?? 0) });
    }
    found.sort((a, b) => Date.parse(b.record.time) - Date.parse(a.record.time) || b.suffix - a.suffix);
    return found.map((f) => f.record);
  }

  /**
   * The exact bytes of backup `id` (a file name that `list()` would show).
   * Throws when `id` is not a backup name of this state or the file is gone.
   */
  async get(id: string): Promise<Uint8Array> {
    const real = await resolveStatePath(this.location);
    const name = JSON.stringify(id);
    if (!backupNamePattern(real).test(id)) throw new Error(`${name} is not a backup of ${this.location}`);
    try {
      return new Uint8Array(await fsp.readFile(path.join(path.dirname(real), id)));
    } catch (e) {
      if (isErrno(e, 'ENOENT')) throw new Error(`backup ${name} of ${this.location} does not exist (any more)`);
      throw new Error(`backup ${name} of ${this.location} cannot be read: ${(e as Error).message}`, { cause: e });
    }
  }
}

/** Matches `<file>.<secs>[.N].backup` (groups: secs, N) and Terraform's `<file>.backup`. */
function backupNamePattern(realPath: string): RegExp {
  return new RegExp(`^${escapeRegExp(path.basename(realPath))}(?:\\.(\\d+))?(?:\\.(\\d+))?\\.backup$`);
}

function toRecord(dir: string, line: IndexLine): BackupRecord {
  const { id, time, operation, who, serialBefore, serialAfter, size } = line;
  return { id, location: path.join(dir, id), time, operation, who, serialBefore, serialAfter, size };
}

/** A record for a backup with no index line; null when the file vanished. */
async function unindexed(dir: string, name: string, seconds: string | undefined): Promise<BackupRecord | null> {
  const file = path.join(dir, name);
  let fh;
  try {
    fh = await fsp.open(file, C.O_RDONLY);
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return null;
    throw e;
  }
  try {
    const st = await fh.stat();
    const head = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const serial = /"serial"\s*:\s*(\d+)/.exec(head.subarray(0, bytesRead).toString('utf8'))?.[1] ?? '';
    const time = seconds === undefined ? st.mtime : new Date(Number(seconds) * 1000);
    return { id: name, location: file, time: time.toISOString(), operation: UNKNOWN_OPERATION, who: '', serialBefore: serial, serialAfter: '', size: st.size };
  } finally {
    await fh.close();
  }
}

/**
 * Appends one line to the index, fsynced. Never follows a symlink: in a
 * shared directory a planted link would make us append to any file we can
 * write.
 */
async function appendIndex(file: string, line: IndexLine): Promise<void> {
  let fh;
  try {
    fh = await fsp.open(file, C.O_WRONLY | C.O_APPEND | C.O_CREAT | C.O_NOFOLLOW, 0o600);
  } catch (e) {
    if (isErrno(e, 'ELOOP')) throw new Error(`the backup index ${file} is a symbolic link; refusing to follow it (replace it with a regular file or remove it)`);
    throw e;
  }
  let created = false;
  try {
    created = (await fh.stat()).size === 0;
    await fh.write(`${JSON.stringify(line)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  if (created) await fsyncDir(path.dirname(file));
}

/** Index lines by backup ID; unreadable lines are skipped, later lines win. */
async function readIndex(file: string): Promise<Map<string, IndexLine>> {
  const out = new Map<string, IndexLine>();
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return out;
    throw e;
  }
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    try {
      const v = JSON.parse(raw) as IndexLine;
      if (typeof v.id === 'string' && typeof v.time === 'string') out.set(v.id, v);
    } catch {
      // a torn last line from a crash: ignore it, the backup is still listed
    }
  }
  return out;
}
