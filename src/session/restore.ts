/**
 * Restoring a backup as a new transaction (design §5): the backup's content
 * is written back with serial = current + 1 (Terraform refuses a lower
 * serial), after the per-resource diff is shown. Undo in the TUI is a restore
 * of the backup its last edit made.
 */
import { error, fail, ok, type Result } from '../core/diag/index.js';
import type { StateSnapshot } from '../core/state/types.js';
import { decodeState, encodeState } from '../core/statefile/index.js';
import { differingResources, type Plan } from '../core/surgery/index.js';
import type { Backend } from '../ports/backend.js';
import { runEdit, type EditOutcome, type Preview, type StateTarget } from './transaction.js';

/** Reads and decodes a backup by ID; `where` names the state in messages that do not already. */
export async function loadBackup(backend: Backend, id: string, where: string): Promise<Result<StateSnapshot>> {
  let bytes: Uint8Array;
  try {
    bytes = await backend.backups.get(id);
  } catch (e) {
    // Backends name the backup (quoted) and the state; add the state when missing, and where to find valid IDs.
    const text = (e as Error).message.trim().replace(/([^.])$/, '$1.');
    const message = text.includes(where) ? text : `${where}: ${text}`;
    return fail(error('restore.unknown-backup', 'Unknown backup', `${message}${message.includes('tfstate backups') ? '' : ' List the backups with: tfstate backups'}`));
  }
  return decodeState(bytes, { location: `backup ${id}` });
}

/**
 * A plan that replaces `current` with `backup`'s content. Refuses a backup
 * from an unrelated state (a different, non-empty lineage) unless `force`.
 */
export function planRestore(current: StateSnapshot | null, backup: StateSnapshot, id: string, force: boolean): Result<Plan> {
  if (current && !force && current.meta.lineage && backup.meta.lineage && current.meta.lineage !== backup.meta.lineage) {
    return fail(error('restore.lineage', 'Backup belongs to another state', `Backup ${id} has lineage ${JSON.stringify(backup.meta.lineage)}, but the current state has lineage ${JSON.stringify(current.meta.lineage)}: it is a backup of a different state. Pass --force to restore it anyway.`));
  }
  const base = current ?? backup;
  const touched = current ? differingResources(current, backup) : [];
  const result: StateSnapshot = { ...backup, meta: { ...backup.meta, serial: base.meta.serial } };
  // Unchanged means byte for byte (serial aside): outputs, sensitive values and other fields the
  // per-resource diff text does not show count too.
  const same = current !== null && Buffer.compare(encodeState(result), encodeState(current)) === 0;
  return ok({
    steps: [{ op: 'restore', line: `Restored backup ${id}`, dryLine: `Would restore backup ${id}`, from: id }],
    base,
    result,
    touched,
    hcl: [],
    summary: `Restored ${id} (${touched.length} resource(s) differ from the state it replaced).`,
    changed: !same,
    warnings: [],
  });
}

/** Options for a restore. */
export interface RestoreOptions {
  readonly target: StateTarget;
  readonly backupId: string;
  readonly force: boolean;
  readonly dryRun: boolean;
  readonly lock: boolean;
  readonly lockTimeoutMs: number;
  readonly version: string;
  confirm?(p: Preview): Promise<boolean>;
  /** Aborted when the user interrupts: see `EditSpec.signal`. */
  readonly signal?: AbortSignal;
}

/** Restores a backup through the one transaction path. */
export async function restoreBackup(o: RestoreOptions): Promise<EditOutcome> {
  const backend = await o.target.open();
  let backup: Result<StateSnapshot>;
  try {
    backup = await loadBackup(backend, o.backupId, o.target.display);
  } finally {
    await backend.close().catch(() => undefined);
  }
  if (!backup.ok) {
    return { status: 'failed', exitCode: 1, diags: backup.diags, steps: [], summary: '', hcl: [], diffs: [], backups: [], serials: [], recovered: [] };
  }
  const snap = backup.value;
  return runEdit({
    targets: [o.target],
    operation: `tfstate restore ${o.backupId}`,
    lockOperation: 'tfstate restore',
    lock: o.lock,
    lockTimeoutMs: o.lockTimeoutMs,
    dryRun: o.dryRun,
    version: o.version,
    allowMissing: [true],
    plan: (snaps) => {
      const p = planRestore(snaps[0] ?? null, snap, o.backupId, o.force);
      if (!p.ok) return fail(p.diags);
      return ok({ plans: [p.value], steps: p.value.steps, summary: p.value.summary, hcl: [] });
    },
    ...(o.confirm ? { confirm: o.confirm } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
}
