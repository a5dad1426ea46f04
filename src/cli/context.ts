/**
 * What every command needs before it does its work: the output settings, the
 * resolved location, and (for reads) the decoded state. The only place the
 * CLI meets the session layer's location resolution.
 */
import { fail, ok, type Result } from '../core/diag/index.js';
import { resolveLocation, type ResolvedLocation } from '../session/location.js';
import type { StateTarget } from '../session/transaction.js';
import { readLocation, targetFor, type ReadState } from '../session/read.js';

import type { GlobalOptions } from './options.js';
import { VERSION } from './version.js';

/** Resolves the location the flags name (or discovers it). */
export function locate(o: GlobalOptions): Promise<Result<ResolvedLocation>> {
  return resolveLocation({ state: o.state, env: o.env, workspace: o.workspace, configFile: o.configFile, cwd: process.cwd(), env_: process.env });
}

/** A transaction target for a resolved location. */
export function targetOf(loc: ResolvedLocation): StateTarget {
  return targetFor(loc, VERSION);
}

/**
 * Opens the location, completes or rolls back any interrupted write, reads
 * without locking (as `terraform state list` does) and decodes.
 */
export async function readState(o: GlobalOptions): Promise<Result<ReadState>> {
  const loc = await locate(o);
  if (!loc.ok) return fail(loc.diags);
  const r = await readLocation(loc.value, VERSION);
  if (!r.ok) return fail(r.diags);
  return ok({ ...r.value, warnings: [...loc.diags, ...r.value.warnings] });
}
