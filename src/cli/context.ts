/**
 * What every command needs before it does its work: the output settings, the
 * resolved location, and (for reads) the decoded state. The only place the
 * CLI meets the session layer's location resolution.
 */
import { error, fail, ok, type Diagnostic, type Result } from '../core/diag/index.js';
import type { StateSnapshot } from '../core/state/types.js';
import { decodeState } from '../core/statefile/index.js';
import { resolveLocation, type ResolvedLocation } from '../session/location.js';
import type { StateTarget } from '../session/transaction.js';
import { whoAmI } from '../session/lock.js';
import type { GlobalOptions } from './options.js';
import type { OutputOptions, Streams } from './output.js';
import { VERSION } from './version.js';

/** Output options from the global flags (colour only on a terminal). */
export function outputOptions(o: GlobalOptions, s: Streams): OutputOptions {
  return { json: o.json === true, color: o.color !== false && !o.json && s.stderrIsTTY && !process.env.NO_COLOR };
}

/** Resolves the location the flags name (or discovers it). */
export function locate(o: GlobalOptions): Promise<Result<ResolvedLocation>> {
  return resolveLocation({ state: o.state, env: o.env, workspace: o.workspace, configFile: o.configFile, cwd: process.cwd(), env_: process.env });
}

/** A transaction target for a resolved location. */
export function targetOf(loc: ResolvedLocation): StateTarget {
  return { display: loc.display, envName: loc.envName, open: () => loc.open({ who: whoAmI(), version: VERSION }) };
}

/** A state read for a read-only command. */
export interface ReadState {
  readonly location: ResolvedLocation;
  readonly bytes: Uint8Array;
  readonly snapshot: StateSnapshot;
  /** Recovery sentences (an interrupted write completed or rolled back first). */
  readonly recovered: readonly string[];
  readonly warnings: readonly Diagnostic[];
}

/**
 * Opens the location, completes or rolls back any interrupted write, reads
 * without locking (as `terraform state list` does) and decodes.
 */
export async function readState(o: GlobalOptions): Promise<Result<ReadState>> {
  const loc = await locate(o);
  if (!loc.ok) return fail(loc.diags);
  const raw = await readBytes(loc.value);
  if (!raw.ok) return fail(raw.diags);
  const decoded = decodeState(raw.value.bytes, { location: loc.value.display });
  if (!decoded.ok) return fail(decoded.diags);
  return ok({ location: loc.value, bytes: raw.value.bytes, snapshot: decoded.value, recovered: raw.value.recovered, warnings: [...loc.diags, ...decoded.diags] });
}

/** Reads a location's exact bytes (after recovery). */
export async function readBytes(loc: ResolvedLocation): Promise<Result<{ bytes: Uint8Array; recovered: string[] }>> {
  const backend = await loc.open({ who: whoAmI(), version: VERSION });
  try {
    const recovered: string[] = [];
    const note = await backend.recover();
    if (note) recovered.push(note);
    const r = await backend.store.read();
    if (r.bytes === null) {
      return fail(error('state.missing', 'No state file was found!', `There is no state at ${loc.display}. Check the path (--state), the environment (--env) and the workspace.`));
    }
    return ok({ bytes: r.bytes, recovered });
  } catch (e) {
    return fail(error('state.read-failed', 'Failed to read state', `Reading ${loc.display} failed: ${(e as Error).message}`));
  } finally {
    await backend.close().catch(() => undefined);
  }
}
