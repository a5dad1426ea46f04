/**
 * The ports: the small interfaces every state backend implements. The
 * session's transaction is the only caller. Backends move bytes and hold
 * locks; all state semantics (serial, lineage, planning) live in the core and
 * the session.
 */
import type { StateBytes } from '../core/statefile/byte-rope.js';
import type { LockInfo } from './lock-info.js';

export type { LockInfo } from './lock-info.js';

/** What a read returns. `bytes === null` means there is no state at the location. */
export interface StateRead {
  readonly bytes: Uint8Array | null;
  /**
   * Opaque version token of what was read (S3 ETag; local: size+mtime+hash).
   * `null` when there is no state. Pass it back to `write` as `ifVersion`.
   */
  readonly version: string | null;
}

/** What a completed write reports. */
export interface WriteResult {
  /** The new version token. */
  readonly version: string;
  /**
   * True when the write itself read the stored bytes back and found exactly
   * the content written, under the lock (the local store does, through the
   * locked descriptor): a separate `holds()` check would only repeat it.
   */
  readonly readBack: boolean;
}

/** Options for a conditional write. */
export interface WriteOptions {
  /**
   * The version token read under the lock. The write fails with
   * `StateConflictError` when the stored state no longer has this version
   * (`null`: the state must not exist yet).
   */
  readonly ifVersion: string | null;
  /** The backup holding the prior bytes; local stores record it in their journal. */
  readonly backup: BackupRecord | null;
}

/**
 * Reads and conditionally writes one state. Contract:
 * - `read()` returns the exact stored bytes, never a re-serialisation.
 * - `write()` either stores exactly `content` (an array, or a rope of views
 *   it must not keep beyond the call) and returns the new version token, or
 *   throws. It says whether it read the stored bytes back itself (`readBack`). A thrown error leaves the previous bytes in place, except one for
 *   which `storedBeforeFailing(e)` holds: the bytes were stored and a later
 *   step of the write failed (S3: the digest update).
 * - `holds()` tells whether the stored state is exactly `content` now,
 *   reading it back (without a second full copy where the backend can).
 */
export interface StateStore {
  /** Human-readable location (`path/to/terraform.tfstate`, `s3://b/k`). */
  readonly location: string;
  read(): Promise<StateRead>;
  write(content: StateBytes, options: WriteOptions): Promise<WriteResult>;
  holds(content: StateBytes): Promise<boolean>;
}

/**
 * A lock compatible with Terraform's for this location. Contract:
 * - `lock(info, options)` acquires without waiting and returns `info.ID`, or
 *   throws `LockHeldError` carrying the holder's LockInfo when someone else
 *   holds it. A lock that lives on the state itself (local files) creates a
 *   missing state as Terraform does, unless `options.createMissing` is false:
 *   then it throws `StateMissingError` and creates nothing.
 * - `unlock(id)` releases a lock this process holds; a wrong ID throws.
 * - `status()` returns the current holder's LockInfo, or null when unlocked.
 * - `forceUnlock(id)` removes a lock left by another (dead) process when
 *   `id` matches the recorded lock; a wrong ID throws `LockMismatchError`.
 */
export interface Locker {
  lock(info: LockInfo, options?: LockOptions): Promise<string>;
  unlock(id: string): Promise<void>;
  status(): Promise<LockInfo | null>;
  forceUnlock(id: string): Promise<void>;
}

/** Options of `Locker.lock`. */
export interface LockOptions {
  /** Create a missing state to lock it (default true); false: throw `StateMissingError`. */
  readonly createMissing?: boolean;
}

/** A stored backup of a state's exact prior bytes. */
export interface BackupRecord {
  /** ID accepted by `restore` (the file name for local, the key suffix for S3). */
  readonly id: string;
  /** Where the bytes are (path or s3:// URL). */
  readonly location: string;
  /** When it was taken (ISO 8601 UTC). */
  readonly time: string;
  /** The command line that made it, when recorded. */
  readonly operation: string;
  readonly who: string;
  readonly serialBefore: string;
  readonly serialAfter: string;
  readonly size: number;
}

/** Metadata recorded with a backup. */
export interface BackupMeta {
  readonly time: Date;
  readonly operation: string;
  readonly who: string;
  readonly serialBefore: string;
  readonly serialAfter: string;
}

/**
 * Stores backups. Contract: `put` returns only after the bytes are durable
 * (fsynced / acknowledged); `list` returns newest first; `get` returns the
 * exact bytes put, or throws when the ID is unknown.
 */
export interface BackupStore {
  put(bytes: Uint8Array, meta: BackupMeta): Promise<BackupRecord>;
  /**
   * Starts storing `bytes` as a backup without publishing it, so the slow
   * part (writing a state-sized copy) overlaps other work. The result must be
   * either committed (then it is a backup like one from `put`, durable when
   * `commit` resolves) or discarded (then nothing of it remains). An error
   * while storing surfaces from `commit`. `bytes` must not change meanwhile.
   */
  prepare(bytes: Uint8Array): PreparedBackup;
  list(): Promise<BackupRecord[]>;
  get(id: string): Promise<Uint8Array>;
}

/** A backup being stored (see `BackupStore.prepare`). Call exactly one of the methods, once. */
export interface PreparedBackup {
  /**
   * Resolves (never rejects) once storing no longer needs the caller's
   * thread: the copy then proceeds in the background. A caller about to do
   * long synchronous work (decoding the state) awaits this first, or the copy
   * would wait for that work to finish.
   */
  readonly started: Promise<void>;
  commit(meta: BackupMeta): Promise<BackupRecord>;
  /** Removes whatever was stored; never throws. */
  discard(): Promise<void>;
}

/**
 * `prepare` for stores with no cheaper first phase: nothing happens until
 * `commit`, which is `put`.
 */
export function deferredBackup(store: Pick<BackupStore, 'put'>, bytes: Uint8Array): PreparedBackup {
  return { started: Promise.resolve(), commit: (meta) => store.put(bytes, meta), discard: async () => undefined };
}

/** A backend: one location's store, locker and backups, plus crash recovery. */
export interface Backend {
  /** `local` or `s3`. */
  readonly kind: string;
  readonly store: StateStore;
  /** `null` when locking is not configured (S3 with neither table nor lockfile). */
  readonly locker: Locker | null;
  readonly backups: BackupStore;
  /**
   * Completes or rolls back a write interrupted by a crash, returning a
   * human-readable sentence describing what it did, or null when there was
   * nothing to recover. Safe to call at any time; idempotent.
   */
  recover(): Promise<string | null>;
  /** Releases resources (descriptors, clients). Does not unlock. */
  close(): Promise<void>;
}

/** Someone else holds the lock. */
export class LockHeldError extends Error {
  constructor(
    readonly holder: LockInfo | null,
    message: string,
  ) {
    super(message);
    this.name = 'LockHeldError';
  }
}

/** There is no state to lock, and the lock was asked not to create one. */
export class StateMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateMissingError';
  }
}

/** The lock ID given does not match the lock held. */
export class LockMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockMismatchError';
  }
}

/**
 * What a `StateStore.write` error carries when the new bytes were stored
 * before a later step of the write failed: the stored bytes' version token
 * (so the caller can undo the write conditionally) and what failed.
 */
export interface StoredBeforeFailing {
  readonly storedBeforeFailing: true;
  /** Version token of the bytes that were stored. */
  readonly version: string;
  /** What failed after storing, as a clause: `updating its digest in … failed: …`. */
  readonly failure: string;
}

/** True when a `write()` error says the new bytes were stored before it failed. */
export function storedBeforeFailing(e: unknown): e is StoredBeforeFailing {
  return typeof e === 'object' && e !== null && (e as { storedBeforeFailing?: unknown }).storedBeforeFailing === true && typeof (e as { version?: unknown }).version === 'string';
}

/** The stored state changed since it was read (lost-update refusal). */
export class StateConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateConflictError';
  }
}

/**
 * `recover()` found the journal of an interrupted write but cannot tell how
 * to finish or undo it safely (the state matches neither side and no matching
 * backup exists). Nothing was changed; the message names the journal, the
 * state and the backup, and says what to inspect.
 */
export class RecoveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecoveryError';
  }
}
