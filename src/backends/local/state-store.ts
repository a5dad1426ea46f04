/**
 * The local state file as a `StateStore`: exact-byte reads and conditional,
 * journaled, in-place writes.
 *
 * Writes never rename over the state file: that would swap the inode under
 * the fcntl lock and let a waiting `terraform` write into an unlinked file
 * (design.md §4 step 6). Instead the file is truncated and rewritten through
 * the (locked) descriptor, protected by the write-ahead journal (journal.ts).
 */
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { StateConflictError, type StateRead, type StateStore, type WriteOptions, type WriteResult } from '../../ports/backend.js';
import { serialize, withStateFile } from './file-table.js';
import type { StateBytes } from '../../core/statefile/byte-rope.js';
import { sha256Async, sha256Soon } from './content-hash.js';
import { sameStamp } from './file-stamp.js';
import { contentOf, fileEquals, fsyncDir, overwriteInPlace, readContent, versionToken, type FileContent, type ReadFileContent } from './fs-util.js';
import { hasJournal, recordNewHash, removeJournal, writeJournal, type JournalEntry } from './journal.js';
import { journalPath, resolveStatePath } from './paths.js';

const MISSING: StateRead = { bytes: null, version: null };

/**
 * True when `current` still is what the caller read: the same version token,
 * or, for `ifVersion === null` ("no state"), a missing or zero-byte file
 * (Terraform treats both as no state, and taking the lock creates the file).
 */
function stillCurrent(ifVersion: string | null, current: FileContent): boolean {
  return ifVersion === null ? current.bytes.length === 0 : current.version === ifVersion;
}

/** Content this store read or wrote last, with the file's mtime at that moment and, when it was settled then, its stamp. */
type KnownContent = ReadFileContent;

/** A `StateStore` over one local state file. Create with `createLocalBackend`. */
export class LocalStateStore implements StateStore {
  /**
   * The content this store last read or wrote. When the file still has the
   * stamp it had when it was read settled, nothing wrote it since: it is not
   * read again (a 100 MB state is checked before every write). Otherwise,
   * when it still has its size and mtime, it is compared with the file
   * chunk by chunk instead of loading a second copy.
   */
  private known: KnownContent | null = null;

  /**
   * @param location the state path as given (shown in messages, used as LockInfo Path)
   * @param clock the time recorded in journal entries
   */
  constructor(
    readonly location: string,
    private readonly clock: () => Date,
  ) {}

  /**
   * Returns the file's exact bytes and its version token (`size:mtimeNs:sha256`).
   * A missing file is `{bytes: null, version: null}`; a zero-byte file is
   * zero bytes with a token (the codec reports "no state"). While this process
   * holds the lock, the read goes through the locked descriptor. The token's
   * hash is computed when `version` is first read. When the file holds what
   * this store last read or wrote, the returned bytes are that same array
   * (compared with the file byte for byte, not copied); callers must not
   * change returned bytes.
   */
  async read(): Promise<StateRead> {
    const real = await resolveStatePath(this.location);
    return serialize(real, (slot) =>
      withStateFile(slot, 'read', false, MISSING, async (fh) => {
        const c = await this.current(fh);
        this.known = c;
        return {
          bytes: c.bytes,
          get version(): string {
            return c.version;
          },
        };
      }),
    );
  }

  /**
   * The file's current content through `fh`: `known` itself when the file
   * is provably unwritten since (settled stamp unchanged) or still holds
   * exactly those bytes at the same mtime, else a fresh read.
   */
  private async current(fh: FileHandle): Promise<KnownContent> {
    const known = this.known;
    if (known !== null) {
      const st = await fh.stat({ bigint: true });
      if (known.settled !== null && sameStamp(st, known.settled)) return known;
      if (st.mtimeNs === known.mtimeNs && (await fileEquals(fh, known.bytes)) === known.mtimeNs) return known;
    }
    return readContent(fh);
  }

  /**
   * Replaces the state with exactly `bytes`, in place, and returns the new
   * version token. Throws `StateConflictError` (writing nothing) when the
   * file is no longer at `options.ifVersion`, and refuses while a journal of
   * an earlier interrupted write is pending (call `recover()` first). A file
   * that does not exist is created (mode 0666 before umask, its directory
   * too); an existing file keeps its inode, mode and owner. On any failure
   * after the truncation the previous bytes are put back; if even that fails
   * the journal stays for the next `recover()`.
   */
  async write(content: StateBytes, options: WriteOptions): Promise<WriteResult> {
    const real = await resolveStatePath(this.location);
    if (options.ifVersion === null) await fsp.mkdir(path.dirname(real), { recursive: true });
    const result = await serialize(real, async (slot) => {
      if (await hasJournal(real)) {
        throw new Error(`an interrupted write of ${this.location} has not been recovered (journal ${journalPath(real)}); run recovery before writing`);
      }
      return withStateFile(slot, 'write', options.ifVersion === null, null, async (fh, created) => {
        const current = await this.current(fh);
        await sha256Async(current.bytes); // when still being hashed on the worker (see prehash)
        if (!stillCurrent(options.ifVersion, current)) throw this.conflict(options.ifVersion);
        const hashing = sha256Soon(content);
        const entry: JournalEntry = {
          state: real,
          backup: options.backup?.location ?? null,
          oldSha256: current.sha256,
          oldSize: current.bytes.length,
          newSha256: typeof hashing === 'string' ? hashing : null,
          newSize: content.length,
          time: this.clock().toISOString(),
        };
        await writeJournal(entry);
        // A hash still being taken joins the journal when it arrives, while the bytes are written.
        const newSha256 = typeof hashing === 'string' ? Promise.resolve(hashing) : hashing.then((h) => recordNewHash(entry, h));
        let mtimeNs: bigint;
        this.known = null;
        try {
          mtimeNs = await overwriteInPlace(fh, content);
        } catch (e) {
          await newSha256; // the journal is not replaced after it is gone
          await this.putBack(fh, current, real, e);
          throw e;
        }
        const hash = await newSha256;
        await removeJournal(real);
        if (created) await fsyncDir(path.dirname(real));
        // A rope is views of other arrays: it is not kept (the next read loads the file).
        if (content instanceof Uint8Array) this.known = contentOf(content, mtimeNs);
        return { version: versionToken(content.length, mtimeNs, hash), readBack: true };
      });
    });
    if (result === null) throw this.conflict(options.ifVersion);
    return result;
  }

  /** Whether the file holds exactly `content` now: compared chunk by chunk, never loaded whole. */
  async holds(content: StateBytes): Promise<boolean> {
    const real = await resolveStatePath(this.location);
    return serialize(real, (slot) => withStateFile(slot, 'read', false, false, async (fh) => (await fileEquals(fh, content)) !== null));
  }

  private conflict(ifVersion: string | null): StateConflictError {
    return new StateConflictError(
      ifVersion === null
        ? `${this.location} was created by someone else since it was read as missing; nothing was written. Read it again and retry.`
        : `${this.location} changed since it was read; nothing was written. Read it again and retry.`,
    );
  }

  /** After a failed write: restores the old bytes and drops the journal, or explains. */
  private async putBack(fh: FileHandle, old: FileContent, real: string, cause: unknown): Promise<void> {
    const why = cause instanceof Error ? cause.message : String(cause);
    try {
      await overwriteInPlace(fh, old.bytes);
      await removeJournal(real);
    } catch (e) {
      const again = e instanceof Error ? e.message : String(e);
      throw new Error(
        `writing ${this.location} failed (${why}) and putting the previous bytes back failed too (${again}); the journal ${journalPath(real)} lets the next command roll back from the backup`,
      );
    }
    if (cause instanceof Error) cause.message = `writing ${this.location} failed and the previous state was put back: ${why}`;
  }
}
