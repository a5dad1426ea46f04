/**
 * Plans a list of operations on a snapshot: validates each against the state
 * as left by the previous ones, and returns one Plan (all or nothing). This is
 * the single entry point the session uses for every edit, single or batch.
 */
import { error, fail, ok, type Diagnostic, type Result } from '../diag/index.js';
import { formatAbsResource, formatProviderSource, parseProviderSource, parseTarget } from '../addr/index.js';
import type { AbsResource, Target } from '../addr/types.js';
import type { ResourceEntry, StateSnapshot } from '../state/types.js';
import { resolveTarget } from '../state/query.js';
import { commentBlock, importBlock, movedBlock, removedBlock } from './hcl.js';
import { importObject } from './import.js';
import { moveObjects } from './mv.js';
import { formatOperation, type Operation } from './operation.js';
import type { HclBlock, Plan, PlanStep } from './plan.js';
import { replaceProvider } from './replace-provider.js';
import { removeObjects } from './rm.js';
import { setTainted } from './taint.js';
import { anyMatchesTemplate, expandWildcardMove, hasWildcard } from './wildcard.js';
import { addrOf, WorkingState } from './working.js';

/** Options for planning. */
export interface PlanOptions {
  /**
   * Batch semantics: already-done operations (a move whose source is gone
   * and destination present, an rm that matches nothing) are reported as done
   * instead of failing, so runbooks can be re-run.
   */
  readonly batch?: boolean;
  /** Where the operations came from, for messages (`batch.txt`). */
  readonly where?: string;
  /** Line numbers of the operations in their file, for messages. */
  readonly lines?: readonly number[];
}

function target(s: string): Result<Target> {
  return parseTarget(s);
}

/**
 * Plans `ops` in order on `snap`. Returns every diagnostic of the first
 * failing operation (prefixed with its position in a batch); on success the
 * plan's `result` holds the edited state (serial not yet bumped).
 */
export function planOperations(snap: StateSnapshot, ops: readonly Operation[], options: PlanOptions = {}): Result<Plan> {
  const ws = new WorkingState(snap);
  const steps: PlanStep[] = [];
  const hcl: HclBlock[] = [];
  const warnings: Diagnostic[] = [];
  let moved = 0;
  let removed = 0;
  let providerChanges = 0;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    const r = planOne(ws, op, options.batch === true, hcl);
    if (!r.ok) {
      if (ops.length === 1 && !options.where) return fail(r.diags);
      const where = `${options.where ?? 'operation'}${options.lines ? `:${options.lines[i]}` : ` ${i + 1}`}`;
      return fail(r.diags.map((d) => ({ ...d, detail: `${where} (${formatOperation(op)}): ${d.detail}` })));
    }
    warnings.push(...r.diags);
    steps.push(...r.value);
    for (const s of r.value) {
      if (s.done) continue;
      if (s.op === 'mv') moved++;
      if (s.op === 'rm') removed++;
      if (s.op === 'replace-provider') providerChanges++;
    }
  }
  const result = ws.toSnapshot();
  const touched = touchedResources(snap.resources, result.resources);
  const changed = touched.length > 0;
  return ok({ steps, base: snap, result, touched, hcl, summary: summaryLine(ops, steps, { moved, removed, providerChanges }, options.batch === true), changed, warnings }, warnings);
}

function summaryLine(ops: readonly Operation[], steps: readonly PlanStep[], n: { moved: number; removed: number; providerChanges: number }, batch: boolean): string {
  const done = steps.filter((s) => s.done).length;
  if (batch || ops.length !== 1) return `Applied ${ops.length} operation(s): ${steps.length - done} change(s), ${done} already done.`;
  switch (ops[0].op) {
    case 'mv':
      return `Successfully moved ${n.moved} object(s).`;
    case 'rm':
      return `Successfully removed ${n.removed} resource instance(s).`;
    case 'replace-provider':
      return n.providerChanges === 0 ? 'No matching resources found.' : `Successfully replaced provider for ${n.providerChanges} resources.`;
    case 'import':
      return steps.every((s) => s.done) ? 'Nothing to import.' : 'Import successful!';
    default:
      // taint/untaint: Terraform's one line is the step itself.
      return '';
  }
}

function planOne(ws: WorkingState, op: Operation, batch: boolean, hcl: HclBlock[]): Result<PlanStep[]> {
  switch (op.op) {
    case 'mv':
      return planMove(ws, op.from, op.to, batch, hcl);
    case 'rm': {
      const targets: Target[] = [];
      for (const a of op.addresses) {
        const t = target(a);
        if (!t.ok) return fail(t.diags);
        targets.push(t.value);
      }
      const steps = removeObjects(ws, targets);
      if (steps.length === 0) {
        if (batch) return ok([{ op: 'rm', line: `Already removed: ${op.addresses.join(' ')} (nothing matches)`, dryLine: `Already removed: ${op.addresses.join(' ')} (nothing matches)`, done: true }]);
        return fail(error('rm.no-match', 'Invalid target address', `No matching objects found for ${op.addresses.join(', ')}. To view the available instances, use "tfstate list". Please modify the address to reference a specific instance. Nothing was written.`));
      }
      targets.forEach((t, i) => hcl.push(removedBlock(t, op.addresses[i])));
      return ok(steps);
    }
    case 'import': {
      const t = target(op.address);
      if (!t.ok) return fail(t.diags);
      const r = importObject(ws, t.value, op.id, op.provider);
      if (r.ok && !r.value[0]?.done) hcl.push(importBlock(r.value[0]?.to ?? op.address, op.id));
      return r;
    }
    case 'taint':
    case 'untaint': {
      const t = target(op.address);
      if (!t.ok) return fail(t.diags);
      const r = setTainted(ws, t.value, op.op === 'taint');
      if (r.ok) hcl.push(commentBlock(`tfstate ${op.op} ${op.address}: no block form${op.op === 'taint' ? `; the configuration-driven equivalent is terraform apply -replace='${op.address}'` : ''}.`));
      return r;
    }
    case 'replace-provider': {
      const from = parseProviderSource(op.from);
      if (!from.ok) return fail(from.diags);
      const to = parseProviderSource(op.to);
      if (!to.ok) return fail(to.diags);
      const steps = replaceProvider(ws, from.value, to.value);
      if (steps.length === 0) return ok([{ op: 'replace-provider', line: 'No matching resources found.', dryLine: 'No matching resources found.', done: true }]);
      hcl.push(commentBlock(`tfstate replace-provider ${formatProviderSource(from.value)} ${formatProviderSource(to.value)}: no block form; update required_providers and provider blocks to match.`));
      return ok(steps);
    }
  }
}

function planMove(ws: WorkingState, from: string, to: string, batch: boolean, hcl: HclBlock[]): Result<PlanStep[]> {
  if (hasWildcard(from)) {
    const pairs = expandWildcardMove(ws.toSnapshot(), from, to);
    if (pairs.length === 0) {
      if (anyMatchesTemplate(ws.toSnapshot(), to)) return ok([{ op: 'mv', line: `Already moved: ${from} -> ${to}`, dryLine: `Already moved: ${from} -> ${to}`, from, to, done: true }]);
      return fail(error('mv.no-source', 'Invalid source address', `The pattern ${from} does not match anything in the current state.`));
    }
    const steps: PlanStep[] = [];
    for (const p of pairs) {
      // The expanded addresses are concrete: a '*' in one (a resource type the state calls '*') is not a pattern again.
      const r = planOneMove(ws, p.from, p.to, batch, hcl);
      if (!r.ok) return r;
      steps.push(...r.value);
    }
    return ok(steps);
  }
  return planOneMove(ws, from, to, batch, hcl);
}

function planOneMove(ws: WorkingState, from: string, to: string, batch: boolean, hcl: HclBlock[]): Result<PlanStep[]> {
  const f = target(from);
  if (!f.ok) return fail(f.diags);
  const t = target(to);
  if (!t.ok) return fail(t.diags);
  const r = moveObjects(ws, ws, f.value, t.value, to);
  if (!r.ok) {
    if (r.diags.some((d) => d.code === 'mv.no-source')) {
      const dest = resolveTarget(ws.toSnapshot(), t.value, true).instances.length > 0;
      if (dest && batch) return ok([{ op: 'mv', line: `Already moved: "${from}" is at "${to}"`, dryLine: `Already moved: "${from}" is at "${to}"`, from, to, done: true }]);
      if (dest) return fail(r.diags.map((d) => (d.code === 'mv.no-source' ? { ...d, detail: `${d.detail} ${to} exists, so this move may already have been made.` } : d)));
    }
    return r;
  }
  const isData = (x: Target): boolean => x.kind !== 'module' && x.addr.resource.mode === 'data';
  for (const s of r.value) hcl.push(movedBlock(s.from ?? from, s.to ?? to, isData(f.value)));
  return r;
}

/** Addresses of resources that differ between two resource lists (by identity). */
export function touchedResources(before: readonly ResourceEntry[], after: readonly ResourceEntry[]): AbsResource[] {
  const a = new Set(before);
  const b = new Set(after);
  const out = new Map<string, AbsResource>();
  for (const e of before) if (!b.has(e)) out.set(formatAbsResource(addrOf(e)), addrOf(e));
  for (const e of after) if (!a.has(e)) out.set(formatAbsResource(addrOf(e)), addrOf(e));
  return [...out.values()];
}
