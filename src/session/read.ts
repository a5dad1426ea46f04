/**
 * Reading a location for viewing (no lock, as `terraform state list` does),
 * after completing or rolling back any interrupted write.
 */
import { error, fail, ok, type Diagnostic, type Result } from '../core/diag/index.js';
import type { StateSnapshot } from '../core/state/types.js';
import { decodeStateInParallel } from '../runtime/parallel-decode.js';
import { backendDiagnostic, recoveryWarning } from './backend-diag.js';
import type { ResolvedLocation } from './location.js';
import { whoAmI } from './lock.js';
import type { StateTarget } from './transaction.js';

/** A state read for viewing. */
export interface ReadState {
  readonly location: ResolvedLocation;
  readonly bytes: Uint8Array;
  readonly snapshot: StateSnapshot;
  /** Recovery sentences (an interrupted write was completed or rolled back first). */
  readonly recovered: readonly string[];
  readonly warnings: readonly Diagnostic[];
}

/**
 * Reads a location's exact bytes (after recovery). A missing state is an
 * error; a backend error that carries its own diagnostic is reported as it is.
 * A failure after a recovery carries the recovery's sentence as a warning.
 */
export async function readBytes(loc: ResolvedLocation, version: string): Promise<Result<{ bytes: Uint8Array; recovered: string[] }>> {
  const backend = await loc.open({ who: whoAmI(), version });
  const recovered: string[] = [];
  try {
    const note = await backend.recover();
    if (note) recovered.push(note);
    const r = await backend.store.read();
    if (r.bytes === null) {
      return fail([error('state.missing', 'No state file was found!', `There is no state at ${loc.display}. Check the path (--state), the environment (--env) and the workspace.`), ...recovered.map(recoveryWarning)]);
    }
    return ok({ bytes: r.bytes, recovered });
  } catch (e) {
    return fail([backendDiagnostic(e) ?? error('state.read-failed', 'Failed to read state', `Reading ${loc.display} failed: ${(e as Error).message}`), ...recovered.map(recoveryWarning)]);
  } finally {
    await backend.close().catch(() => undefined);
  }
}

/** Reads and decodes a location. */
export async function readLocation(loc: ResolvedLocation, version: string): Promise<Result<ReadState>> {
  const raw = await readBytes(loc, version);
  if (!raw.ok) return fail(raw.diags);
  const decoded = decodeStateInParallel(raw.value.bytes, { location: loc.display });
  if (!decoded.ok) return fail([...decoded.diags, ...raw.value.recovered.map(recoveryWarning)]);
  return ok({ location: loc, bytes: raw.value.bytes, snapshot: decoded.value, recovered: raw.value.recovered, warnings: decoded.diags });
}

/** A transaction target for a resolved location (kept here so read-only callers need not load the edit code). */
export function targetFor(loc: ResolvedLocation, version: string): StateTarget {
  return { display: loc.display, envName: loc.envName, open: () => loc.open({ who: whoAmI(), version }) };
}
