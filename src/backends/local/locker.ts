/**
 * The local `Locker`: Terraform's fcntl lock on the state file, visible to and
 * excluded by `terraform` (terraform-state.md §10.1), plus a process-wide
 * table so two backend instances in one process also exclude each other
 * (fcntl alone would let both in: the lock belongs to the process).
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { LockHeldError, LockMismatchError, StateMissingError, type Locker, type LockOptions } from '../../ports/backend.js';
import { type LockInfo } from '../../ports/lock-info.js';
import { serialize, type FileSlot } from './file-table.js';
import { acquire, heldElsewhere, lockInfoPaths, readHolder, release } from './os-lock-file.js';
import { isErrno, resolveStatePath } from './paths.js';

/** A `Locker` for one local state file. Create with `createLocalBackend`. */
export class LocalLocker implements Locker {
  /** @param location the state path as given; recorded as LockInfo `Path`. */
  constructor(readonly location: string) {}

  /**
   * Takes the lock without waiting and records `info` (with `Path` set to the
   * path as given) in `.NAME.lock.info`, mode 0600. Creates a missing state
   * file as a zero-byte file (and its directory), as Terraform does, unless
   * `options.createMissing` is false: then a missing state throws
   * `StateMissingError` and nothing is created. Throws `LockHeldError` with
   * the holder's LockInfo when another process or another backend instance
   * in this process holds the lock; the holder is null (and the message says
   * so) when it left no readable lock info.
   */
  async lock(info: LockInfo, options: LockOptions = {}): Promise<string> {
    const create = options.createMissing !== false;
    const real = await resolveStatePath(this.location);
    const infoPaths = await lockInfoPaths(this.location, real);
    if (create) await fsp.mkdir(path.dirname(real), { recursive: true });
    return serialize(real, async (slot) => {
      if (slot.held) {
        throw new LockHeldError(slot.held.info, `${this.location} is already locked by this process (lock ID ${slot.held.info.ID}, operation ${slot.held.info.Operation})`);
      }
      const recorded: LockInfo = { ...info, Path: this.location };
      let got;
      try {
        got = await acquire(slot, recorded, infoPaths, create);
      } catch (e) {
        if (!create && isErrno(e, 'ENOENT', 'ENOTDIR')) throw new StateMissingError(`there is no state file at ${this.location}`);
        throw e;
      }
      if (got) return recorded.ID;
      throw this.heldError(await readHolder(infoPaths), infoPaths);
    });
  }

  /**
   * Releases the lock this process holds: removes the lock info, drops the
   * fcntl lock and closes its descriptor. Throws `LockMismatchError` when
   * this process holds no lock on the file or `id` is not its ID.
   */
  async unlock(id: string): Promise<void> {
    const real = await resolveStatePath(this.location);
    await serialize(real, async (slot) => {
      this.checkOwn(slot, id);
      await release(slot);
    });
  }

  /**
   * The holder's LockInfo, or null when nobody holds the fcntl lock (a stale
   * `.lock.info` alone does not lock, for Terraform either). Inside the
   * holding process it returns the recorded info without probing. When
   * another process holds the lock but left no readable info, returns a
   * LockInfo whose fields are empty except `Path` and an `Info` saying so.
   */
  async status(): Promise<LockInfo | null> {
    const real = await resolveStatePath(this.location);
    const infoPaths = await lockInfoPaths(this.location, real);
    return serialize(real, async (slot) => {
      if (slot.held) return slot.held.info;
      if (!(await heldElsewhere(slot))) return null;
      return (
        (await readHolder(infoPaths)) ?? {
          ID: '',
          Operation: '',
          Info: `locked by a process that left no lock info (${infoPaths[0]} is missing or unreadable)`,
          Who: '',
          Version: '',
          Created: '',
          Path: this.location,
        }
      );
    });
  }

  /**
   * Removes a lock left behind. Terraform refuses this for local state; we can
   * do better because the fcntl lock dies with its process:
   * - held by this process with ID `id`: released like `unlock`;
   * - no live fcntl holder but a `.lock.info` with ID `id`: the stale info
   *   file is removed;
   * - a live process holds the fcntl lock: throws `LockHeldError` (an OS lock
   *   cannot be broken from outside; stop the holder);
   * - the recorded ID differs, or nothing is recorded: `LockMismatchError`.
   */
  async forceUnlock(id: string): Promise<void> {
    const real = await resolveStatePath(this.location);
    const infoPaths = await lockInfoPaths(this.location, real);
    await serialize(real, async (slot) => {
      if (slot.held) {
        this.checkOwn(slot, id);
        await release(slot);
        return;
      }
      const recorded = await readHolder(infoPaths);
      if (recorded && recorded.ID !== id) {
        throw new LockMismatchError(`lock ID ${id} does not match the lock recorded for ${this.location} (ID ${recorded.ID}); nothing was unlocked`);
      }
      if (await heldElsewhere(slot)) {
        const by = recorded ? ` (${recorded.Operation} by ${recorded.Who}, lock ID ${recorded.ID})` : '';
        throw new LockHeldError(
          recorded,
          `${this.location} is locked by a running process${by}; an OS file lock cannot be broken by another process. Stop that process: its lock is released when it exits.`,
        );
      }
      if (!recorded) throw new LockMismatchError(`${this.location} is not locked and records no lock; lock ID ${id} matches nothing`);
      await Promise.all(infoPaths.map((p) => fsp.rm(p, { force: true })));
    });
  }

  private checkOwn(slot: FileSlot, id: string): void {
    if (!slot.held) throw new LockMismatchError(`${this.location} is not locked by this process; lock ID ${id} matches nothing`);
    if (slot.held.info.ID !== id) {
      throw new LockMismatchError(`lock ID ${id} does not match the lock held on ${this.location} (ID ${slot.held.info.ID}); nothing was unlocked`);
    }
  }

  private heldError(holder: LockInfo | null, infoPaths: readonly string[]): LockHeldError {
    if (!holder) {
      return new LockHeldError(
        null,
        `${this.location} is locked by another process, which left no lock info (${infoPaths[0]} is missing or unreadable)`,
      );
    }
    return new LockHeldError(holder, `${this.location} is locked by another process (lock ID ${holder.ID}, ${holder.Operation} by ${holder.Who} since ${holder.Created})`);
  }
}
