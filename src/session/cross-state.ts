/**
 * Edits spanning two states: `mv … --to-state/--to-env` (split) and
 * `import --from/--from-env` (merge). Both locations are locked (in a stable
 * order) and backed up; the destination is written first, and if the source
 * write then fails the destination is restored, so it is all or nothing.
 */
import { randomBytes } from 'node:crypto';
import { fail, ok } from '../core/diag/index.js';
import type { StateSnapshot } from '../core/state/types.js';
import { decodeState, newStateBytes } from '../core/statefile/index.js';
import { planCrossState } from '../core/surgery/index.js';
import { checkEditGuards } from './guards.js';
import type { ResolvedLocation } from './location.js';
import { runEdit, type EditOutcome, type Preview } from './transaction.js';
import { targetFor } from './edit.js';
import { exitCodeFor } from './exit-codes.js';

/** A new lineage like Terraform's: 16 random bytes formatted 8-4-4-4-12. */
export function newLineage(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** What a cross-state edit needs. */
export interface CrossStateRequest {
  readonly source: ResolvedLocation;
  readonly destination: ResolvedLocation;
  readonly from: string;
  readonly to: string;
  /** true: copy (import --from), the source is not written. */
  readonly copy: boolean;
  readonly commandLine: string;
  readonly dryRun: boolean;
  readonly lock: boolean;
  readonly lockTimeoutMs: number;
  /** Which of the two the user named with --env / --to-env / --from-env. */
  readonly named: { readonly source: boolean; readonly destination: boolean };
  readonly allowProtected: readonly string[];
  readonly allEnvironments: readonly ResolvedLocation[];
  readonly version: string;
  confirm?(p: Preview): Promise<boolean>;
  /** Aborted when the user interrupts: see `EditSpec.signal`. */
  readonly signal?: AbortSignal;
}

/** Runs a cross-state edit through the transaction. */
export async function crossStateEdit(req: CrossStateRequest): Promise<EditOutcome> {
  const guardCtx = (named: boolean, touched: string[]) => ({ namedWithEnv: named, noLock: !req.lock, allowProtected: req.allowProtected, touched, allEnvironments: [...req.allEnvironments] });
  const guards = [
    ...(req.copy ? [] : checkEditGuards(req.source, guardCtx(req.named.source, [req.from]))),
    ...checkEditGuards(req.destination, guardCtx(req.named.destination, [req.to])),
  ];
  if (req.source.display === req.destination.display) {
    return failed([{ severity: 'error', code: 'usage.same-state', summary: 'Source and destination are the same state', detail: `${req.source.display} is both the source and the destination; use a plain mv within one state.` }]);
  }
  if (guards.length > 0) return failed(guards);
  let sourceTfVersion = '1.11.4';
  return runEdit({
    targets: [targetFor(req.source, req.version), targetFor(req.destination, req.version)],
    operation: req.commandLine,
    lockOperation: req.copy ? 'tfstate import' : 'tfstate mv',
    lock: req.lock,
    lockTimeoutMs: req.lockTimeoutMs,
    dryRun: req.dryRun,
    version: req.version,
    allowMissing: [false, true],
    plan: (snaps) => {
      const src = snaps[0]!;
      sourceTfVersion = src.meta.terraformVersion || sourceTfVersion;
      let dst: StateSnapshot | null = snaps[1] ?? null;
      if (!dst) {
        const fresh = decodeState(newStateBytes({ lineage: newLineage(), terraformVersion: sourceTfVersion, framing: src.framing }), { location: req.destination.display });
        if (!fresh.ok) return fail(fresh.diags);
        dst = fresh.value;
      }
      const p = planCrossState(src, dst, req.from, req.to, req.copy);
      if (!p.ok) return fail(p.diags);
      return ok({ plans: [p.value.source, p.value.destination], steps: p.value.steps, summary: p.value.summary, hcl: p.value.destination.hcl });
    },
    ...(req.confirm ? { confirm: req.confirm } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
  });
}

function failed(diags: Parameters<typeof exitCodeFor>[0]): EditOutcome {
  return { status: 'failed', exitCode: exitCodeFor(diags), diags, steps: [], summary: '', hcl: [], diffs: [], backups: [], serials: [], recovered: [] };
}
