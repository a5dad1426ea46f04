/**
 * An edit of one environment's state, end to end: location guards, the
 * transaction (with the protect-pattern guard applied to the plan), and the
 * environment's `onEdit` hook. The CLI and the TUI both call `editState`.
 */
import { error, fail, ok, type Diagnostic, type Result } from '../core/diag/index.js';
import { planOperations, type Operation, type Plan } from '../core/surgery/index.js';
import type { StateSnapshot } from '../core/state/types.js';
import { checkEditGuards } from './guards.js';
import type { ResolvedLocation } from './location.js';
import { whoAmI } from './lock.js';
import { runOnEdit } from './on-edit.js';
import { runEdit, type EditOutcome, type EditPlan, type Preview } from './transaction.js';
import { targetFor } from './read.js';

export { targetFor } from './read.js';
import { exitCodeFor } from './exit-codes.js';

/** Everything an edit needs besides the state itself. */
export interface EditRequest {
  readonly location: ResolvedLocation;
  /** The operations, in order (one for a single command). */
  readonly operations: readonly Operation[];
  /** Batch semantics and where the operations came from. */
  readonly batch?: { readonly where: string; readonly lines: readonly number[] };
  /** The command line, recorded with the backup and passed to onEdit. */
  readonly commandLine: string;
  readonly lockOperation: string;
  readonly dryRun: boolean;
  readonly lock: boolean;
  readonly lockTimeoutMs: number;
  /** True when the user named the environment with --env (or picked it in the TUI). */
  readonly namedWithEnv: boolean;
  readonly allowProtected: readonly string[];
  /** Every configured environment (to spot a --state that points at a protected one). */
  readonly allEnvironments: readonly ResolvedLocation[];
  readonly version: string;
  /** Compute per-resource diffs even without a preview (for --json). */
  readonly alwaysDiff?: boolean;
  confirm?(preview: Preview): Promise<boolean>;
  progress?(message: string): void;
  /** Aborted when the user interrupts: see `EditSpec.signal`. */
  readonly signal?: AbortSignal;
}

/** The outcome plus what the onEdit hook said. */
export interface EditResult extends EditOutcome {
  readonly hook: { readonly ok: boolean; readonly message: string } | null;
}

/** Addresses an edit plan names (sources and destinations of its steps). */
export function namedAddresses(plan: Plan): string[] {
  const out = new Set<string>();
  for (const s of plan.steps) {
    if (s.done) continue;
    if (s.op === 'mv' || s.op === 'rm' || s.op === 'taint' || s.op === 'untaint') {
      if (s.from) out.add(s.from);
    }
    if ((s.op === 'mv' || s.op === 'import') && s.to) out.add(s.to);
    if (s.op === 'replace-provider') out.add(s.line.trim());
  }
  return [...out];
}

/**
 * Guards, then the transaction, then the hook. Location guards (protected
 * environment not named, --no-lock there, --state pointing at a protected
 * location) refuse before anything is opened; the protect-pattern guard
 * refuses after planning, before anything is written.
 */
export async function editState(req: EditRequest): Promise<EditResult> {
  const base = { namedWithEnv: req.namedWithEnv, noLock: !req.lock, allowProtected: req.allowProtected, allEnvironments: [...req.allEnvironments] };
  const early = checkEditGuards(req.location, { ...base, touched: [] });
  if (early.length > 0) return refused(early);
  const outcome = await runEdit({
    targets: [targetFor(req.location, req.version)],
    operation: req.commandLine,
    lockOperation: req.lockOperation,
    lock: req.lock,
    lockTimeoutMs: req.lockTimeoutMs,
    dryRun: req.dryRun,
    version: req.version,
    plan: (snaps) => planGuarded(snaps[0]!, req, base),
    ...(req.confirm ? { confirm: req.confirm } : {}),
    ...(req.alwaysDiff ? { alwaysDiff: true } : {}),
    ...(req.progress ? { progress: req.progress } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
  });
  let hook: EditResult['hook'] = null;
  if (outcome.status === 'applied' && req.location.onEdit) {
    const s = outcome.serials[0];
    hook = await runOnEdit(req.location.onEdit, {
      environment: req.location.envName,
      location: req.location.display,
      operation: req.commandLine,
      addresses: outcome.steps.filter((x) => !x.done).flatMap((x) => [x.from, x.to].filter((a): a is string => !!a)),
      serialBefore: s?.before ?? null,
      serialAfter: s?.after ?? null,
      backup: outcome.backups[0]?.location ?? null,
      who: whoAmI(),
      time: new Date().toISOString(),
    }, { cwd: process.cwd() });
  }
  return { ...outcome, hook };
}

function planGuarded(snap: StateSnapshot, req: EditRequest, base: Omit<Parameters<typeof checkEditGuards>[1], 'touched'>): Result<EditPlan> {
  const r = planOperations(snap, req.operations, req.batch ? { batch: true, where: req.batch.where, lines: req.batch.lines } : {});
  if (!r.ok) return fail(r.diags);
  const plan = r.value;
  const guard = checkEditGuards(req.location, { ...base, touched: namedAddresses(plan) });
  if (guard.length > 0) return fail(guard);
  return ok({ plans: [plan], steps: plan.steps, summary: plan.summary, hcl: plan.hcl }, r.diags);
}

function refused(diags: Diagnostic[]): EditResult {
  return { status: 'failed', exitCode: exitCodeFor(diags), diags, steps: [], summary: '', hcl: [], diffs: [], backups: [], serials: [], recovered: [], hook: null };
}

/** A diagnostic for an edit that needs confirmation but has no terminal to ask on. */
export function confirmationRequired(): Diagnostic {
  return error('confirm.required', 'Confirmation required', 'This edit needs confirmation, but there is no terminal to ask on. Review the plan above, then re-run with --yes to apply it (or --dry-run to only preview).');
}
