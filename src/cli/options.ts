/**
 * Options shared by every command (design §7), and their parsing.
 */
import type { Command } from 'commander';
import { error, fail, ok, type Result } from '../core/diag/index.js';

/** The global options as commander hands them to a command. */
export interface GlobalOptions {
  state?: string;
  env?: string;
  workspace?: string;
  configFile?: string;
  json?: boolean;
  color?: boolean;
  lockTimeout?: string;
  lock?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  emitHcl?: string;
  allowProtected?: string[];
}

/** Adds the location and output options every command takes. */
export function withLocationOptions(cmd: Command): Command {
  return cmd
    .option('--state <location>', 'state file path or s3://bucket/key')
    .option('--env <name>', 'environment from tfstate.config.json')
    .option('--workspace <name>', 'Terraform workspace')
    .option('--config-file <path>', 'path to tfstate.config.json (default: found by walking up)')
    .option('--json', 'print one JSON document on stdout')
    .option('--no-color', 'disable colour');
}

/** Adds the locking options. */
export function withLockOptions(cmd: Command): Command {
  return cmd.option('--lock-timeout <duration>', 'keep retrying a held lock this long (e.g. 30s)', '0s').option('--no-lock', 'do not lock the state (refused for protected environments)');
}

/** Adds the edit options. */
export function withEditOptions(cmd: Command): Command {
  return withLockOptions(cmd)
    .option('--dry-run', 'show what would change and write nothing')
    .option('--yes', 'apply without asking for confirmation')
    .option('--emit-hcl <file>', 'append the equivalent moved/removed/import blocks to FILE')
    .option('--allow-protected <address...>', 'allow this edit to touch protected addresses');
}

/**
 * Parses a duration like `30s`, `1m30s`, `500ms`, `2h` or a bare number of
 * seconds into milliseconds.
 */
export function parseDuration(text: string, flag = '--lock-timeout'): Result<number> {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return ok(Math.round(Number(t) * 1000));
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of t.matchAll(re)) {
    if (m.index !== consumed) break;
    consumed += m[0].length;
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
  }
  if (consumed !== t.length || t.length === 0) {
    return fail(error('usage.duration', 'Invalid duration', `${flag} ${JSON.stringify(text)} is not a duration; use forms like 30s, 2m, 1m30s or 500ms.`));
  }
  return ok(Math.round(total));
}
