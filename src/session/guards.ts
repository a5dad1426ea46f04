/**
 * The wrong-environment guards (design.md §6): whether an edit of a
 * resolved location is allowed. Every diagnostic returned is an error whose
 * code starts with `guard.`; the CLI exits with 4 ("refused by a guard").
 * Reads are always allowed, so there is no read guard.
 */
import { error, type Diagnostic } from '../core/diag/index.js';
import { findProtected, isAllowed } from '../core/env/protect-pattern.js';
import type { ResolvedLocation } from './location.js';

/** What the guards need to know about the edit besides its location. */
export interface EditGuardContext {
  /** True when the user named the environment with `--env` (or picked it in the TUI). */
  readonly namedWithEnv: boolean;
  /** `--no-lock`. */
  readonly noLock: boolean;
  /** `--allow-protected` values (addresses or patterns). */
  readonly allowProtected: readonly string[];
  /**
   * Instance or resource addresses the edit touches, as Terraform prints
   * them. A module or keyless resource address counts as touching all that
   * could be inside it; pass instance addresses for exact answers.
   */
  readonly touched: readonly string[];
  /** Every configured environment (listEnvironments), to spot a location that is a protected environment's state. */
  readonly allEnvironments: readonly ResolvedLocation[];
}

/**
 * Checks an edit of `loc`. Returns [] when it may go ahead, else one error
 * per broken rule:
 * - `guard.protected-environment`: a protected environment not named with `--env`;
 * - `guard.protected-location`: the location (from `--state`, discovery, or
 *   another environment) is a protected environment's state (same real
 *   path; same bucket and object key) and that environment was not named;
 * - `guard.no-lock-protected`: `--no-lock` on a protected environment;
 * - `guard.protected-address`: touched addresses that the environment's
 *   `protect` patterns cover and no `--allow-protected` value allows,
 *   listed one per line.
 * Pure; does not modify its arguments.
 */
export function checkEditGuards(loc: ResolvedLocation, ctx: EditGuardContext): Diagnostic[] {
  const diags: Diagnostic[] = [];
  const owner = protectedOwner(loc, ctx.allEnvironments);
  const namedIt = ctx.namedWithEnv && loc.source === 'env' && owner !== null && owner === loc.envName;
  if (owner !== null && !namedIt) diags.push(notNamed(loc, owner, ctx.namedWithEnv));
  if (owner !== null && ctx.noLock) {
    diags.push(
      error(
        'guard.no-lock-protected',
        '--no-lock refused',
        `${owner} is a protected environment: --no-lock is refused there, because an edit without the lock can overwrite a concurrent terraform run. Leave out --no-lock; if a stale lock is in the way, wait with --lock-timeout or remove it with tfstate force-unlock LOCK_ID.`,
      ),
    );
  }
  const blocked = findProtected(loc.protect, ctx.touched).filter((m) => !isAllowed(m, ctx.allowProtected));
  if (blocked.length > 0) {
    const env = loc.envName === null ? '' : ` of environment ${loc.envName}`;
    const lines = blocked.map((m) => `  ${m.address} (protected by "${m.pattern}")`).join('\n');
    const flags = blocked.map((m) => `--allow-protected ${shellQuote(m.address)}`).join(' ');
    diags.push(
      error(
        'guard.protected-address',
        'Protected addresses',
        `This edit touches addresses that the protect patterns${env} cover:\n${lines}\nNothing was changed. If you mean to change them, repeat the command with ${flags}.`,
      ),
    );
  }
  return diags;
}

/**
 * The name of the protected environment whose state `loc` is: its own
 * environment when protected, else a protected environment with the same
 * identity; null when none.
 */
function protectedOwner(loc: ResolvedLocation, all: readonly ResolvedLocation[]): string | null {
  if (loc.protected && loc.envName !== null) return loc.envName;
  const other = all.find((e) => e.protected && e.identity === loc.identity && e.envName !== null);
  return other?.envName ?? null;
}

function notNamed(loc: ResolvedLocation, owner: string, namedWithEnv: boolean): Diagnostic {
  const how = `name it explicitly with --env ${owner} to edit it.`;
  if (loc.source === 'env' && loc.envName === owner) {
    return error('guard.protected-environment', 'Protected environment', `${owner} is a protected environment: ${how}`);
  }
  let subject: string;
  if (loc.source === 'env' && namedWithEnv) subject = `The state of environment ${loc.envName} (${loc.display})`;
  else if (loc.source === 'state-flag') subject = `--state ${loc.display}`;
  else if (loc.source === 'env') subject = `${loc.display}`;
  else subject = `The state found in this working directory (${loc.display}, from ${stripAdopted(loc.sourceDetail)})`;
  return error('guard.protected-location', 'State of a protected environment', `${subject} is the state of the protected environment ${owner}: ${how}`);
}

/** The discovery detail without the ", the state of environment X" suffix location.ts adds. */
function stripAdopted(detail: string): string {
  return detail.replace(/, the state of environment [^,]*$/, '');
}

/** Quotes an address for a POSIX shell when it needs it (`aws_instance.web["a"]`). */
function shellQuote(s: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
