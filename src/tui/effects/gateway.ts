/**
 * The TUI's only door to the session layer: resolving and reading
 * locations (never locking), planning previews on the loaded snapshot, and
 * running edits and restores through the one transaction path
 * (`editState`, `restoreBackup`). Holds the resolved location, which is not
 * plain data and so stays out of the model.
 */
import { isAbsolute, relative } from 'node:path';
import { error, fail, ok, type Diagnostic, type Result } from '../../core/diag/index.js';
import type { StateSnapshot } from '../../core/state/types.js';
import { decodeStateInParallel } from '../../runtime/parallel-decode.js';
import { planDiffs, planOperations, type Plan } from '../../core/surgery/index.js';
import { editState, namedAddresses, targetFor, type EditResult } from '../../session/edit.js';
import { checkEditGuards } from '../../session/guards.js';
import { listEnvironments, resolveLocation, type ResolvedLocation } from '../../session/location.js';
import { whoAmI } from '../../session/lock.js';
import { readBytes } from '../../session/read.js';
import { loadBackup, planRestore, restoreBackup } from '../../session/restore.js';
import type { EditOutcome, Preview } from '../../session/transaction.js';
import type { BackupItem, EnvItem, Job, LoadedState, PreviewModel } from '../model/types.js';
import { toPreviewModel, samePreview } from './preview.js';

/** Where and how the TUI was started (the CLI's location options). */
export interface GatewayOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly configFile?: string;
  readonly workspace?: string;
  /** How long an edit waits for a lock held by someone else (default 5 s). */
  readonly lockTimeoutMs?: number;
  /** Tool version recorded in LockInfo and backups. */
  readonly version: string;
}

/** Which location to open: a path/URL, a configured environment, or neither (discovery). */
export interface OpenRequest {
  readonly state?: string;
  readonly env?: string;
}

/** A plan ready for confirmation, or the reason nothing would change. */
export type Planned = { readonly kind: 'preview'; readonly preview: PreviewModel } | { readonly kind: 'no-change'; readonly message: string };

/** The result of running a confirmed job. `stale` carries the new preview when the state changed since the one shown. */
export interface Applied {
  readonly outcome: EditOutcome | EditResult;
  readonly stale: PreviewModel | null;
}

interface Current {
  readonly loc: ResolvedLocation;
  readonly bytes: Uint8Array;
  readonly snapshot: StateSnapshot;
  readonly namedWithEnv: boolean;
}

/** See the module comment. One instance per TUI run. */
export class SessionGateway {
  private current: Current | null = null;
  private environmentsCache: readonly ResolvedLocation[] = [];

  constructor(private readonly o: GatewayOptions) {}

  /** Resolves and reads a location (no lock), making it current. The model gets plain data back. */
  async open(req: OpenRequest): Promise<Result<LoadedState>> {
    const loc = await resolveLocation({ state: req.state, env: req.env, workspace: this.o.workspace, configFile: this.o.configFile, cwd: this.o.cwd, env_: this.o.env });
    if (!loc.ok) return fail(loc.diags);
    const envs = await listEnvironments({ configFile: this.o.configFile, cwd: this.o.cwd, env_: this.o.env });
    this.environmentsCache = envs.ok ? envs.value.map((e) => e.location) : [];
    return this.read(loc.value, req.env !== undefined);
  }

  /** A path or URL as the header shows it (relative to the working directory when inside it). */
  shorten(display: string): string {
    return shortPath(display, this.o.cwd);
  }

  /** Re-reads the current location. */
  async reload(): Promise<Result<LoadedState>> {
    if (!this.current) return fail(noState());
    return this.read(this.current.loc, this.current.namedWithEnv);
  }

  private async read(loc: ResolvedLocation, namedWithEnv: boolean): Promise<Result<LoadedState>> {
    const raw = await readBytes(loc, this.o.version);
    if (!raw.ok) return fail(raw.diags);
    const decoded = decodeStateInParallel(raw.value.bytes, { location: loc.display });
    if (!decoded.ok) return fail(decoded.diags);
    this.current = { loc, bytes: raw.value.bytes, snapshot: decoded.value, namedWithEnv };
    return ok(this.loadedOf(this.current, await this.lockState(loc)), decoded.diags);
  }

  private loadedOf(c: Current, lock: string): LoadedState {
    return {
      location: { envName: c.loc.envName, protected: c.loc.protected, kind: c.loc.kind, display: c.loc.display, short: shortPath(c.loc.display, this.o.cwd), workspace: c.loc.workspace },
      snapshot: c.snapshot,
      lock,
    };
  }

  private async lockState(loc: ResolvedLocation): Promise<string> {
    try {
      const backend = await loc.open({ who: whoAmI(), version: this.o.version });
      try {
        if (!backend.locker) return 'no locking configured';
        const holder = await backend.locker.status();
        return holder ? `locked by ${holder.Who || 'another process'}${holder.Operation ? ` (${holder.Operation})` : ''}` : 'unlocked';
      } finally {
        await backend.close().catch(() => undefined);
      }
    } catch {
      return 'lock state unknown';
    }
  }

  /** The configured environments. */
  async environments(): Promise<Result<EnvItem[]>> {
    const envs = await listEnvironments({ configFile: this.o.configFile, cwd: this.o.cwd, env_: this.o.env });
    if (!envs.ok) return fail(envs.diags);
    return ok(envs.value.map((e) => ({ name: e.name, protected: e.location.protected, display: e.location.display })));
  }

  /**
   * Re-reads the current state's bytes and compares them with what was
   * loaded. When they differ the new state becomes current and `loaded`
   * carries it (with the serials before and after for the message).
   */
  async freshness(): Promise<Result<{ changed: false } | { changed: true; loaded: LoadedState; before: string; after: string }>> {
    const c = this.current;
    if (!c) return fail(noState());
    const raw = await readBytes(c.loc, this.o.version);
    if (!raw.ok) return fail(raw.diags);
    if (sameBytes(raw.value.bytes, c.bytes)) return ok({ changed: false });
    const before = c.snapshot.meta.serial.toString();
    const loaded = await this.read(c.loc, c.namedWithEnv);
    if (!loaded.ok) return fail(loaded.diags);
    return ok({ changed: true, loaded: loaded.value, before, after: loaded.value.snapshot.meta.serial.toString() });
  }

  /** Plans an edit job on the current snapshot (pure planning plus the guards), without locking. */
  planEdit(job: Extract<Job, { kind: 'edit' }>): Result<Planned> {
    const c = this.current;
    if (!c) return fail(noState());
    const r = planOperations(c.snapshot, job.operations, job.batch ? { batch: true, where: job.batch.where, lines: job.batch.lines } : {});
    if (!r.ok) return fail(r.diags);
    const guard = checkEditGuards(c.loc, { ...this.guardBase(c), touched: namedAddresses(r.value) });
    if (guard.length > 0) return fail(guard);
    return ok(this.planned(c.snapshot, r.value, r.diags));
  }

  private planned(snap: StateSnapshot, plan: Plan, warnings: readonly Diagnostic[]): Planned {
    if (!plan.changed) return { kind: 'no-change', message: plan.summary || plan.steps.map((s) => s.line).join(' ') || 'Nothing to change.' };
    const preview: Preview = { steps: plan.steps, diffs: planDiffs(snap, plan), targets: [{ display: '', envName: null, serialBefore: snap.meta.serial.toString(), serialAfter: (snap.meta.serial + 1n).toString() }] };
    return { kind: 'preview', preview: toPreviewModel(preview, [...warnings, ...plan.warnings]) };
  }

  private guardBase(c: Current) {
    return { namedWithEnv: c.namedWithEnv, noLock: false, allowProtected: [] as string[], allEnvironments: [...this.environmentsCache] };
  }

  /**
   * Runs a confirmed edit through `editState` (lock, re-read, plan, backup,
   * write, verify, unlock). The transaction's own preview is compared with
   * the one the user confirmed: when they differ nothing is written and
   * `stale` holds the new preview to confirm instead.
   */
  async applyEdit(job: Extract<Job, { kind: 'edit' }>, shown: PreviewModel, progress: (m: string) => void): Promise<Applied> {
    const c = this.current;
    if (!c) return { outcome: failedOutcome([noState()]), stale: null };
    let stale: PreviewModel | null = null;
    const outcome = await editState({
      location: c.loc,
      operations: job.operations,
      ...(job.batch ? { batch: job.batch } : {}),
      commandLine: job.commandLine,
      lockOperation: job.lockOperation,
      dryRun: false,
      lock: true,
      lockTimeoutMs: this.o.lockTimeoutMs ?? 5000,
      namedWithEnv: c.namedWithEnv,
      allowProtected: [],
      allEnvironments: [...this.environmentsCache],
      version: this.o.version,
      confirm: async (p) => confirmSame(shown, p, (fresh) => (stale = fresh)),
      progress,
    });
    return { outcome, stale };
  }

  /** Backups of the current location, newest first. */
  async listBackups(): Promise<Result<BackupItem[]>> {
    const c = this.current;
    if (!c) return fail(noState());
    const backend = await c.loc.open({ who: whoAmI(), version: this.o.version });
    try {
      const list = await backend.backups.list();
      return ok(list.map((b) => ({ id: b.id, location: b.location, time: b.time, operation: b.operation, who: b.who, serialBefore: b.serialBefore, serialAfter: b.serialAfter })));
    } catch (e) {
      return fail(error('backups.list-failed', 'Could not list backups', `Listing the backups of ${c.loc.display} failed: ${(e as Error).message}`));
    } finally {
      await backend.close().catch(() => undefined);
    }
  }

  /** The preview of restoring backup `id` over the current snapshot (its per-resource diff against current). */
  async planRestore(id: string): Promise<Result<Planned>> {
    const c = this.current;
    if (!c) return fail(noState());
    const backend = await c.loc.open({ who: whoAmI(), version: this.o.version });
    let backup: Result<StateSnapshot>;
    try {
      backup = await loadBackup(backend, id, c.loc.display);
    } finally {
      await backend.close().catch(() => undefined);
    }
    if (!backup.ok) return fail(backup.diags);
    const guard = checkEditGuards(c.loc, { ...this.guardBase(c), touched: [] });
    if (guard.length > 0) return fail(guard);
    const p = planRestore(c.snapshot, backup.value, id, false);
    if (!p.ok) return fail(p.diags);
    return ok(this.planned(c.snapshot, p.value, []));
  }

  /** Restores backup `id` as a new transaction, if the state still matches the preview shown. */
  async applyRestore(id: string, shown: PreviewModel, progress: (m: string) => void): Promise<Applied> {
    const c = this.current;
    if (!c) return { outcome: failedOutcome([noState()]), stale: null };
    const guard = checkEditGuards(c.loc, { ...this.guardBase(c), touched: [] });
    if (guard.length > 0) return { outcome: failedOutcome(guard), stale: null };
    let stale: PreviewModel | null = null;
    progress(`Restoring ${id}…`);
    const outcome = await restoreBackup({
      target: targetFor(c.loc, this.o.version),
      backupId: id,
      force: false,
      dryRun: false,
      lock: true,
      lockTimeoutMs: this.o.lockTimeoutMs ?? 5000,
      version: this.o.version,
      confirm: async (p) => confirmSame(shown, p, (fresh) => (stale = fresh)),
    });
    return { outcome, stale };
  }
}

function confirmSame(shown: PreviewModel, p: Preview, onStale: (fresh: PreviewModel) => void): boolean {
  const fresh = toPreviewModel(p, shown.warnings);
  if (samePreview(shown, fresh)) return true;
  onStale(fresh);
  return false;
}

/** `display` relative to `cwd` when it is a path inside it; unchanged otherwise. */
export function shortPath(display: string, cwd: string): string {
  if (!isAbsolute(display)) return display;
  const rel = relative(cwd, display);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : display;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

function noState(): Diagnostic {
  return error('tui.no-state', 'No state loaded', 'No state is loaded. Press e to pick an environment.');
}

function failedOutcome(diags: readonly Diagnostic[]): EditOutcome {
  return { status: 'failed', exitCode: 1, diags, steps: [], summary: '', hcl: [], diffs: [], backups: [], serials: [], recovered: [] };
}
