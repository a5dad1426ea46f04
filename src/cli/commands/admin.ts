/**
 * Administrative commands: `backups`, `restore`, `lock status`,
 * `force-unlock`, `envs` (`lock hold` is in lock-hold.ts).
 */
import { error } from '../../core/diag/index.js';
import { LockHeldError, LockMismatchError } from '../../ports/backend.js';
import { formatLockInfo } from '../../ports/lock-info.js';
import { checkEditGuards } from '../../session/guards.js';
import { listEnvironments } from '../../session/location.js';
import { whoAmI } from '../../session/lock.js';
import { restoreBackup } from '../../session/restore.js';
import { askOnTerminal } from '../confirm.js';
import { interruptible } from '../signals.js';
import { locate, targetOf } from '../context.js';
import { parseDuration, type GlobalOptions } from '../options.js';
import { onlyWarnings, printJson, printRecovered, red, reportFailure, reportFailureAfterRecovery, reportWarnings, warningsJson, type OutputOptions, type Streams } from '../output.js';
import { VERSION } from '../version.js';

/** `tfstate backups`: newest first. */
export async function backupsCommand(s: Streams, o: OutputOptions, g: GlobalOptions): Promise<number> {
  const loc = await locate(g);
  if (!loc.ok) return reportFailure(s, o, loc.diags);
  const backend = await loc.value.open({ who: whoAmI(), version: VERSION });
  try {
    const list = await backend.backups.list();
    reportWarnings(s, o, loc.diags, true);
    if (o.json) {
      printJson(s, { location: loc.value.display, environment: loc.value.envName, backups: list, warnings: warningsJson(loc.diags) });
      return 0;
    }
    if (list.length === 0) {
      s.out(`No backups of ${loc.value.display}.\n`);
      return 0;
    }
    const rows = list.map((b) => [b.id, b.time, `${b.serialBefore || '?'} -> ${b.serialAfter || '?'}`, b.operation]);
    s.out(table(['BACKUP', 'TIME (UTC)', 'SERIAL', 'OPERATION'], rows));
    return 0;
  } catch (e) {
    return reportFailure(s, o, [error('backups.failed', 'Cannot list backups', `${loc.value.display}: ${(e as Error).message}`), ...loc.diags]);
  } finally {
    await backend.close().catch(() => undefined);
  }
}

/** `tfstate restore BACKUP_ID`: a new transaction with serial = current + 1, after the diff. */
export async function restoreCommand(s: Streams, o: OutputOptions, g: GlobalOptions & { force?: boolean }, id: string): Promise<number> {
  const timeout = parseDuration(g.lockTimeout ?? '0s');
  if (!timeout.ok) return reportFailure(s, o, timeout.diags);
  const loc = await locate(g);
  if (!loc.ok) return reportFailure(s, o, loc.diags);
  const envs = await listEnvironments({ configFile: g.configFile, cwd: process.cwd(), env_: process.env });
  const guard = checkEditGuards(loc.value, { namedWithEnv: g.env !== undefined, noLock: g.lock === false, allowProtected: g.allowProtected ?? [], touched: [], allEnvironments: envs.ok ? envs.value.map((e) => e.location) : [] });
  if (guard.length > 0) return reportFailure(s, o, guard);
  let noTerminal = false;
  const restored = await interruptible(s, (signal) =>
    restoreBackup({
      signal,
      target: targetOf(loc.value),
      backupId: id,
      force: g.force === true,
      dryRun: g.dryRun === true,
      lock: g.lock !== false,
      lockTimeoutMs: timeout.value,
      version: VERSION,
      ...(g.yes || g.dryRun
        ? {}
        : {
            confirm: async (p) => {
              if (!o.json) s.err(p.diffs.map((d) => d.patch).join('\n') + `\nRestore ${id} over ${loc.value.display} (serial ${p.targets[0]?.serialBefore} -> ${p.targets[0]?.serialAfter})\n`);
              if (!s.stdinIsTTY || !s.stderrIsTTY) {
                noTerminal = true;
                return false;
              }
              const env = loc.value.envName;
              return loc.value.protected && env ? askOnTerminal(`Type ${env} to restore: `, env, signal) : askOnTerminal("Only 'yes' will be accepted: ", 'yes', signal);
            },
          }),
    }),
  );
  const r = { ...restored, diags: [...loc.diags, ...restored.diags] };
  if (noTerminal) return reportFailure(s, o, [error('confirm.required', 'Confirmation required', 'Restoring a backup needs confirmation, but there is no terminal to ask on. Review the diff above, then re-run with --yes.'), ...onlyWarnings(r.diags)]);
  if (r.status === 'failed' || r.status === 'cancelled') return reportFailureAfterRecovery(s, o, r.diags, r.recovered, r.exitCode);
  printRecovered(s, o, r.recovered, true);
  reportWarnings(s, o, r.diags, true);
  if (o.json) {
    printJson(s, { status: r.status, location: loc.value.display, summary: r.summary, serials: r.serials, backups: r.backups, diffs: r.diffs, recovered: r.recovered, warnings: warningsJson(r.diags) });
    return 0;
  }
  if (r.status === 'dry-run') s.out(r.diffs.map((d) => d.patch).join('\n') + `\nWould restore ${id}.\n`);
  else if (r.status === 'no-change') s.out(`The state already has the content of ${id}; nothing was written.\n`);
  else s.out(`${r.summary}\nSerial ${r.serials[0]?.before} -> ${r.serials[0]?.after}. The replaced state was backed up to ${r.backups[0]?.location ?? '(nothing to back up)'}.\n`);
  return 0;
}

/** `tfstate lock status`. */
export async function lockStatusCommand(s: Streams, o: OutputOptions, g: GlobalOptions): Promise<number> {
  const loc = await locate(g);
  if (!loc.ok) return reportFailure(s, o, loc.diags);
  const backend = await loc.value.open({ who: whoAmI(), version: VERSION });
  try {
    reportWarnings(s, o, loc.diags, true);
    if (!backend.locker) {
      if (o.json) printJson(s, { location: loc.value.display, locking: false, lock: null, warnings: warningsJson(loc.diags) });
      else s.out(`${loc.value.display} has no locking configured.\n`);
      return 0;
    }
    const holder = await backend.locker.status();
    if (o.json) printJson(s, { location: loc.value.display, locking: true, lock: holder, warnings: warningsJson(loc.diags) });
    else s.out(holder ? `${loc.value.display} is locked.\n${formatLockInfo(holder)}\n` : `${loc.value.display} is not locked.\n`);
    return 0;
  } catch (e) {
    return reportFailure(s, o, [error('lock.status-failed', 'Cannot read the lock', `${loc.value.display}: ${(e as Error).message}`), ...loc.diags]);
  } finally {
    await backend.close().catch(() => undefined);
  }
}

/** `tfstate force-unlock LOCK_ID`. */
export async function forceUnlockCommand(s: Streams, o: OutputOptions, g: GlobalOptions, id: string): Promise<number> {
  const loc = await locate(g);
  if (!loc.ok) return reportFailure(s, o, loc.diags);
  if (loc.value.protected && g.env === undefined) {
    return reportFailure(s, o, [error('guard.protected-unnamed', 'Protected environment', `${loc.value.envName} is a protected environment: name it explicitly with --env ${loc.value.envName} to force-unlock it.`)]);
  }
  if (!g.yes) {
    if (!s.stdinIsTTY || !s.stderrIsTTY) return reportFailure(s, o, [error('confirm.required', 'Confirmation required', `Force-unlocking ${loc.value.display} needs confirmation and there is no terminal. Make sure nothing holds the lock (tfstate lock status), then re-run with --yes.`)]);
    s.err(`${red(o, 'Do you really want to force-unlock?')}\n  Removing the lock of ${loc.value.display} while a Terraform run still holds it may corrupt the state.\n`);
    if (!(await askOnTerminal("Only 'yes' will be accepted: ", 'yes'))) return reportFailure(s, o, [error('confirm.cancelled', 'Cancelled', 'Nothing was unlocked.')]);
  }
  const backend = await loc.value.open({ who: whoAmI(), version: VERSION });
  try {
    if (!backend.locker) return reportFailure(s, o, [error('lock.none', 'No locking configured', `${loc.value.display} has no lock.`)]);
    await backend.locker.forceUnlock(id);
    reportWarnings(s, o, loc.diags, true);
    if (o.json) printJson(s, { location: loc.value.display, unlocked: id, warnings: warningsJson(loc.diags) });
    else s.out(`Terraform state has been successfully unlocked!\n\nThe state has been unlocked, and Terraform commands should now be able to obtain a new lock on ${loc.value.display}.\n`);
    return 0;
  } catch (e) {
    if (e instanceof LockMismatchError) return reportFailure(s, o, [error('lock.mismatch', 'Lock ID does not match', `${(e as Error).message}. Check the current lock with: tfstate lock status`)]);
    if (e instanceof LockHeldError) return reportFailure(s, o, [error('lock.held-live', 'Lock is held by a running process', `${(e as Error).message}`)], 3);
    return reportFailure(s, o, [error('lock.force-failed', 'Failed to unlock', `${loc.value.display}: ${(e as Error).message}`)]);
  } finally {
    await backend.close().catch(() => undefined);
  }
}

/** `tfstate envs`: configured environments. */
export async function envsCommand(s: Streams, o: OutputOptions, g: GlobalOptions): Promise<number> {
  const envs = await listEnvironments({ configFile: g.configFile, cwd: process.cwd(), env_: process.env });
  if (!envs.ok) return reportFailure(s, o, envs.diags);
  if (o.json) {
    printJson(s, {
      environments: envs.value.map((e) => ({ name: e.name, location: e.location.display, kind: e.location.kind, workspace: e.location.workspace, protected: e.location.protected, lock: e.location.lockDescription, protect: e.location.protect })),
    });
    return 0;
  }
  if (envs.value.length === 0) {
    s.out('No environments are configured (no tfstate.config.json found).\n');
    return 0;
  }
  s.out(table(['ENVIRONMENT', 'PROTECTED', 'LOCATION', 'LOCKING'], envs.value.map((e) => [e.location.protected ? red(o, e.name) : e.name, e.location.protected ? 'yes' : 'no', e.location.display, e.location.lockDescription])));
  return 0;
}

/** A plain text table. */
export function table(head: string[], rows: string[][]): string {
  // eslint-disable-next-line no-control-regex
  const width = (t: string): number => t.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i] - width(c)))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}
