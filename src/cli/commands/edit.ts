/**
 * Edit commands: `mv`, `rm`, `import`, `taint`, `untaint`,
 * `replace-provider`, `apply-batch`. Each builds operations and hands them to
 * the session's `editState`; this file only presents.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { error, type Diagnostic } from '../../core/diag/index.js';
import { formatOperation, parseBatch, renderHcl, type Operation } from '../../core/surgery/index.js';
import { editState, confirmationRequired, type EditResult } from '../../session/edit.js';
import { listEnvironments } from '../../session/location.js';
import type { Preview } from '../../session/transaction.js';
import { askOnTerminal } from '../confirm.js';
import { interruptible } from '../signals.js';
import { locate } from '../context.js';
import { parseDuration, type GlobalOptions } from '../options.js';
import { onlyWarnings, printJson, printRecovered, red, renderDiagnostics, reportFailure, reportFailureAfterRecovery, reportWarnings, warningsJson, type OutputOptions, type Streams } from '../output.js';
import { VERSION } from '../version.js';

/** Runs `tfstate apply-batch FILE`. */
export async function batchCommand(s: Streams, o: OutputOptions, g: GlobalOptions, file: string): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return reportFailure(s, o, [error('batch.read', 'Cannot read batch file', `${file}: ${(e as Error).message}`)]);
  }
  const batch = parseBatch(text, file);
  if (!batch.ok) return reportFailure(s, o, batch.diags);
  return editCommand(s, o, g, batch.value.operations, { batch: { where: file, lines: batch.value.lines }, commandLine: `tfstate apply-batch ${file}`, lockOperation: 'tfstate apply-batch' });
}

/** Runs one operation given on the command line. */
export function singleEdit(s: Streams, o: OutputOptions, g: GlobalOptions, op: Operation): Promise<number> {
  const line = `tfstate ${formatOperation(op)}`;
  return editCommand(s, o, g, [op], { commandLine: line, lockOperation: `tfstate ${op.op}` });
}

interface EditCommandOptions {
  readonly batch?: { where: string; lines: readonly number[] };
  readonly commandLine: string;
  readonly lockOperation: string;
}

async function editCommand(s: Streams, o: OutputOptions, g: GlobalOptions, operations: readonly Operation[], c: EditCommandOptions): Promise<number> {
  if (g.emitHcl === '') return reportFailure(s, o, [error('usage.emit-hcl', 'Empty --emit-hcl', '--emit-hcl is empty. Name the file to append the moved, removed or import blocks to; nothing was changed.')]);
  const timeout = parseDuration(g.lockTimeout ?? '0s');
  if (!timeout.ok) return reportFailure(s, o, timeout.diags);
  const loc = await locate(g);
  if (!loc.ok) return reportFailure(s, o, loc.diags);
  const envs = await listEnvironments({ configFile: g.configFile, cwd: process.cwd(), env_: process.env });
  const location = loc.value;
  let noTerminal = false;
  let interrupt: AbortSignal | undefined;
  const confirm = async (p: Preview): Promise<boolean> => {
    if (!o.json) s.err(renderPreview(p, o, location.envName, location.protected));
    if (!s.stdinIsTTY || !s.stderrIsTTY) {
      noTerminal = true;
      return false;
    }
    if (location.protected && location.envName) {
      return askOnTerminal(`\n${red(o, location.envName)} is a protected environment. Type its name to apply: `, location.envName, interrupt);
    }
    return askOnTerminal(`\nDo you want to apply this edit to ${location.envName ?? location.display}? Only 'yes' will be accepted: `, 'yes', interrupt);
  };
  const edited = await interruptible(s, (signal) => {
    interrupt = signal;
    return editState({
      signal,
      location,
      operations,
      ...(c.batch ? { batch: c.batch } : {}),
      commandLine: c.commandLine,
      lockOperation: c.lockOperation,
      dryRun: g.dryRun === true,
      lock: g.lock !== false,
      lockTimeoutMs: timeout.value,
      namedWithEnv: g.env !== undefined,
      allowProtected: g.allowProtected ?? [],
      allEnvironments: envs.ok ? envs.value.map((e) => e.location) : [],
      version: VERSION,
      alwaysDiff: o.json,
      ...(g.yes || g.dryRun ? {} : { confirm }),
      progress: (m) => {
        if (s.stderrIsTTY && !o.json) s.err(m + '\n');
      },
    });
  });
  // Warnings from resolving the location (S3 settings tfstate does not apply) go with the outcome's own.
  const result: EditResult = { ...edited, diags: [...loc.diags, ...edited.diags] };
  if (result.status === 'cancelled' && noTerminal) return reportFailure(s, o, [confirmationRequired(), ...onlyWarnings(result.diags)]);
  if (g.emitHcl && result.hcl.length > 0 && (result.status === 'applied' || result.status === 'dry-run')) {
    try {
      appendFileSync(g.emitHcl, '\n' + renderHcl(result.hcl, `${c.commandLine}${result.status === 'dry-run' ? ' (dry run)' : ''}`));
    } catch (e) {
      s.err(renderDiagnostics([error('hcl.write', 'Could not write --emit-hcl file', `${g.emitHcl}: ${(e as Error).message}. The state edit itself is unaffected.`)], o.color));
    }
  }
  return present(s, o, result, location.display, location.envName, g.dryRun === true);
}

function renderPreview(p: Preview, o: OutputOptions, envName: string | null, isProtected: boolean): string {
  const env = envName ? (isProtected ? red(o, `${envName} (protected)`) : envName) : null;
  const lines: string[] = [];
  for (const t of p.targets) lines.push(`Edit of ${env ?? t.display}${env ? ` (${t.display})` : ''}: serial ${t.serialBefore} -> ${t.serialAfter}`);
  for (const st of p.steps) lines.push(st.done ? st.line : st.dryLine);
  for (const d of p.diffs) lines.push('', d.patch.trimEnd());
  return lines.join('\n') + '\n';
}

function present(s: Streams, o: OutputOptions, r: EditResult, display: string, envName: string | null, dryRun: boolean): number {
  const failed = r.status === 'failed' || r.status === 'cancelled';
  if (failed) return reportFailureAfterRecovery(s, o, r.diags, r.recovered, r.exitCode);
  printRecovered(s, o, r.recovered, true);
  if (o.json) {
    printJson(s, {
      status: r.status,
      environment: envName,
      location: display,
      steps: r.steps.map((x) => ({ op: x.op, from: x.from ?? null, to: x.to ?? null, done: x.done === true, message: dryRun ? x.dryLine : x.line })),
      summary: r.summary,
      serials: r.serials,
      backups: r.backups,
      diffs: r.diffs,
      hcl: r.hcl.map((h) => h.text),
      recovered: r.recovered,
      hook: r.hook,
      warnings: warningsJson(r.diags),
    });
    return r.exitCode;
  }
  reportWarnings(s, o, r.diags);
  const lines: string[] = [];
  if (r.status === 'dry-run') {
    for (const st of r.steps) lines.push(st.done ? st.line : st.dryLine);
    if (r.steps.filter((x) => !x.done).length === 0) lines.push('Would have changed nothing.');
    for (const d of r.diffs) lines.push('', d.patch.trimEnd());
    s.out(lines.join('\n') + '\n');
    return 0;
  }
  for (const st of r.steps) lines.push(st.line);
  if (r.summary) lines.push(r.summary);
  if (r.status === 'no-change') lines.push('Nothing changed; nothing was written.');
  s.out(lines.join('\n') + '\n');
  if (r.status === 'applied') {
    const b = r.backups.map((x) => x.location).join(', ');
    const serial = r.serials.map((x) => `serial ${x.before} -> ${x.after}`).join(', ');
    s.err(`${envName ? `[${envName}] ` : ''}Wrote ${display} (${serial}).${b ? ` Backup: ${b}` : ''}\n`);
    if (r.hook && !r.hook.ok) s.err(renderDiagnostics([hookWarning(r.hook.message)], o.color));
  }
  return r.exitCode;
}

function hookWarning(message: string): Diagnostic {
  return { severity: 'warning', code: 'hook.failed', summary: 'onEdit hook failed', detail: `The edit itself was written and is not undone.\n${message}` };
}
