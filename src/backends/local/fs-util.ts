/**
 * Small durable-I/O helpers for the local backend: whole-file reads and
 * writes through a descriptor (positional, so the file offset never matters),
 * fsync of files and directories, atomic sidecar writes, and the version
 * token.
 */
import { randomBytes } from 'node:crypto';
import { constants as C, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { asRope, type StateBytes } from '../../core/statefile/byte-rope.js';
import { LARGE_STATE_BYTES, sharedBuffer, warmBackgroundThread } from '../../runtime/background-thread.js';
import { sha256 } from './content-hash.js';
import { sameStamp, settledBefore, type FileStamp } from './file-stamp.js';
import { isErrno } from './paths.js';

/** A state file's content as read through a descriptor, with its version token. */
export interface FileContent {
  readonly bytes: Uint8Array;
  readonly sha256: string;
  /** `size:mtimeNs:sha256`, opaque to callers. */
  readonly version: string;
}

/**
 * A `FileContent` whose hash (and so its version token) is computed on first
 * use: reading a state to list it never pays for hashing 100 MB.
 */
class ReadContent implements FileContent {
  constructor(
    readonly bytes: Uint8Array,
    /** The file's mtime (ns) when `bytes` were read. */
    readonly mtimeNs: bigint,
    /** The file's stamp when `bytes` were read, when it was settled then (see `settledBefore`), else null. */
    readonly settled: FileStamp | null = null,
  ) {}

  get sha256(): string {
    return sha256(this.bytes);
  }

  get version(): string {
    return versionToken(this.bytes.length, this.mtimeNs, this.sha256);
  }
}

/** The version token of a file of `size` bytes with this mtime and content hash. */
export function versionToken(size: number, mtimeNs: bigint, sha: string): string {
  return `${size}:${mtimeNs}:${sha}`;
}

/** The content `bytes` had at `mtimeNs` (the version token describes exactly them), just written: not settled. */
export function contentOf(bytes: Uint8Array, mtimeNs: bigint): ReadFileContent {
  return new ReadContent(bytes, mtimeNs);
}

/** Content read from a file, with its mtime then and, when the file was settled, its stamp. */
export type ReadFileContent = FileContent & { readonly mtimeNs: bigint; readonly settled: FileStamp | null };

/**
 * Reads the whole file through `fh` from offset 0 and computes its version
 * token (lazily: the hash is taken when `sha256` or `version` is first read).
 * Retries when the file changes during the read (its stamp moved), so the
 * token always describes the bytes returned. The bytes are not copied after
 * the read.
 */
export async function readContent(fh: FileHandle): Promise<ReadFileContent> {
  for (let attempt = 0; ; attempt++) {
    const started = Date.now();
    const before = await fh.stat({ bigint: true });
    // A large state gets help decoding and hashing: start the thread while it is read.
    if (before.size >= BigInt(LARGE_STATE_BYTES)) warmBackgroundThread();
    const bytes = await readAll(fh, Number(before.size));
    const after = await fh.stat({ bigint: true });
    const unchanged = sameStamp(before, after);
    if (unchanged || attempt >= 4) return new ReadContent(bytes, after.mtimeNs, unchanged && settledBefore(after.ctimeNs, started) ? after : null);
  }
}


/**
 * Reads from offset 0 until end of file (the size is only a first guess);
 * returns a view, not a copy, into shared memory (see `prehash`).
 */
async function readAll(fh: FileHandle, sizeHint: number): Promise<Uint8Array> {
  // One byte more than expected, so a file that grew is noticed.
  let buf = sharedBuffer(Math.max(sizeHint, 0) + 1);
  let len = 0;
  for (;;) {
    if (len === buf.length) {
      const bigger = sharedBuffer(buf.length * 2);
      buf.copy(bigger, 0, 0, len);
      buf = bigger;
    }
    const { bytesRead } = await fh.read(buf, len, buf.length - len, len);
    if (bytesRead === 0) break;
    len += bytesRead;
  }
  return new Uint8Array(buf.buffer, buf.byteOffset, len);
}

/** Chunk size for comparing a file with bytes in memory. */
const COMPARE_CHUNK = 4 << 20;

/**
 * Whether the file behind `fh` holds exactly `content` and did not change
 * (size, mtime) while it was compared: every byte is read back, in chunks,
 * without holding a second copy of the file in memory. Returns the file's
 * mtime (ns) on a match, null otherwise.
 */
export async function fileEquals(fh: FileHandle, content: StateBytes): Promise<bigint | null> {
  const rope = asRope(content);
  const before = await fh.stat({ bigint: true });
  if (before.size !== BigInt(rope.length)) return null;
  const chunk = Buffer.allocUnsafeSlow(Math.min(COMPARE_CHUNK, Math.max(rope.length, 1)));
  let off = 0;
  while (off < rope.length) {
    const want = Math.min(chunk.length, rope.length - off);
    const { bytesRead } = await fh.read(chunk, 0, want, off);
    if (bytesRead === 0) return null;
    let same = true;
    rope.forRange(off, off + bytesRead, (part, start, end, at) => {
      if (same && Buffer.compare(chunk.subarray(at - off, at - off + end - start), part.subarray(start, end)) !== 0) same = false;
    });
    if (!same) return null;
    off += bytesRead;
  }
  const { bytesRead } = await fh.read(chunk, 0, 1, off);
  if (bytesRead !== 0) return null;
  const after = await fh.stat({ bigint: true });
  return after.size === before.size && after.mtimeNs === before.mtimeNs ? after.mtimeNs : null;
}

/** Most buffers one `writev` takes (Linux's IOV_MAX). */
const IOV_MAX = 1024;

/**
 * Writes all of `content` at offset 0 through `fh` (positional writes). A
 * rope's parts go out as they are, up to IOV_MAX per `writev` system call:
 * an edited state is thousands of parts (copied stretches and regenerated
 * pieces between them), and one write request per part cost a thread-pool
 * round trip each. Short writes continue where they stopped.
 */
export async function writeAll(fh: FileHandle, content: StateBytes): Promise<void> {
  const parts = asRope(content).parts;
  let next = 0; // the first part not yet (fully) written
  let head: Uint8Array | null = null; // what is left of parts[next] after a short write
  let at = 0;
  while (next < parts.length) {
    const batch: Uint8Array[] = [head ?? parts[next]!];
    for (let j = next + 1; j < parts.length && batch.length < IOV_MAX; j++) batch.push(parts[j]!);
    const { bytesWritten } = await fh.writev(batch, at);
    if (bytesWritten <= 0) throw new Error(`writing at offset ${at} made no progress`);
    at += bytesWritten;
    let left = bytesWritten;
    while (left > 0) {
      const cur: Uint8Array = head ?? parts[next]!;
      if (left >= cur.length) {
        left -= cur.length;
        head = null;
        next++;
      } else {
        head = cur.subarray(left);
        left = 0;
      }
    }
  }
}

/** fsyncs a directory so a created, renamed or removed entry is durable. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, C.O_RDONLY);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Writes `data` to `file` atomically and durably: a temporary file in the same
 * directory (mode `mode`), fsync, then `rename` over `file` (or `link` when
 * `exclusive`, which fails with EEXIST instead of replacing), then an fsync of
 * the directory. Never used for the state file itself (see state-store.ts).
 */
export async function writeFileDurable(file: string, data: Uint8Array | string, mode: number, exclusive = false): Promise<void> {
  const tmp = await writeTempDurable(file, data, mode);
  try {
    await publishTemp(tmp, file, exclusive);
  } finally {
    await fsp.rm(tmp, { force: true });
  }
}

/** Open flag making each write durable before it returns, where the system has it (0 elsewhere). */
const O_DSYNC = C.O_DSYNC ?? 0;

/**
 * Writes `data` to a new temporary file beside `file` (hidden, random
 * suffix, mode `mode`) and fsyncs it; returns its path. Publish it with
 * `publishTemp` or remove it. `issued` is called once the data has been
 * handed to the system in one request that also makes it durable (O_DSYNC):
 * from then on the copy needs nothing from this thread until it is done.
 */
export async function writeTempDurable(file: string, data: Uint8Array | string, mode: number, issued?: () => void): Promise<string> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${randomBytes(6).toString('hex')}`);
  const fh = await fsp.open(tmp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | O_DSYNC, mode);
  try {
    await fh.chmod(mode);
    // One positional write (writeFile would go in 512 KiB round trips).
    const writing = writeAll(fh, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    issued?.();
    await writing;
    await fh.sync();
  } catch (e) {
    await fh.close();
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  return tmp;
}

/**
 * Gives the durable temporary file `tmp` its name `file` (rename, or link
 * when `exclusive`: EEXIST instead of replacing), removes `tmp` and fsyncs
 * the directory. On EEXIST `tmp` is kept, so the caller can try another name.
 */
export async function publishTemp(tmp: string, file: string, exclusive: boolean): Promise<void> {
  if (exclusive) {
    await fsp.link(tmp, file);
    await fsp.rm(tmp, { force: true });
  } else {
    try {
      await fsp.rename(tmp, file);
    } catch (e) {
      await fsp.rm(tmp, { force: true });
      throw e;
    }
  }
  await fsyncDir(path.dirname(file));
}

/**
 * Replaces the whole content of an open file in place (write from offset 0,
 * cut to the new length, fsync: rewriting cached pages is cheaper than
 * dropping them all first, and a file that shrinks or keeps its size needs no
 * new blocks), and meanwhile reads it back through the same descriptor and
 * checks it holds exactly `content` (compared in chunks; a full re-read with a SHA-256
 * check is the fallback, which also explains a mismatch). The inode, mode and
 * owner are kept. Returns the file's new mtime (ns). Throws when the
 * read-back differs.
 */
export async function overwriteInPlace(fh: FileHandle, content: StateBytes): Promise<bigint> {
  await writeAll(fh, content);
  await fh.truncate(content.length);
  // The read-back compares what the system holds for the file: it need not wait for the flush to disk, which runs meanwhile.
  const [synced, compared] = await Promise.allSettled([fh.sync(), fileEquals(fh, content)]);
  if (synced.status === 'rejected') throw synced.reason;
  if (compared.status === 'rejected') throw compared.reason;
  const mtimeNs = compared.value;
  if (mtimeNs !== null) return mtimeNs;
  const back = await readContent(fh);
  const want = sha256(content);
  if (back.sha256 !== want) {
    throw new Error(`read-back check failed: wrote ${content.length} bytes (sha256 ${want}) but read ${back.bytes.length} bytes (sha256 ${back.sha256})`);
  }
  return back.mtimeNs;
}

/** Removes `file` if it exists and fsyncs its directory; false when it was absent. */
export async function removeDurable(file: string): Promise<boolean> {
  try {
    await fsp.unlink(file);
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return false;
    throw e;
  }
  await fsyncDir(path.dirname(file));
  return true;
}

/** Reads a whole small file as UTF-8, or null when it does not exist. */
export async function readTextOrNull(file: string): Promise<string | null> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return null;
    throw e;
  }
}
