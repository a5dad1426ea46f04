/**
 * `mv … --to-state/--to-env` and `import --from/--from-env`: edits across
 * two states, presented like the single-state edits.
 */
import { error } from '../../core/diag/index.js';
import { crossStateEdit } from '../../session/cross-state.js';
import { listEnvironments, resolveLocation, type ResolvedLocation } from '../../session/location.js';
import type { Result } from '../../core/diag/index.js';
import { askOnTerminal } from '../confirm.js';
import { interruptible } from '../signals.js';
import { locate } from '../context.js';
import { parseDuration, type GlobalOptions } from '../options.js';
import { onlyWarnings, printJson, printRecovered, red, reportFailure, reportFailureAfterRecovery, reportWarnings, warningsJson, type OutputOptions, type Streams } from '../output.js';
import { VERSION } from '../version.js';

/** Where the other state is: a location or an environment name. */
export interface OtherState {
  readonly state?: string;
  readonly env?: string;
}

function resolveOther(g: GlobalOptions, other: OtherState): Promise<Result<ResolvedLocation>> {
  return resolveLocation({ state: other.state, env: other.env, workspace: undefined, configFile: g.configFile, cwd: process.cwd(), env_: process.env });
}

/**
 * Runs a cross-state edit. For `mv`, the flags' location is the source and
 * `other` the destination; for `import --from`, `other` is the source. An
 * empty `other` is a usage error (never the flags' own state).
 */
export async function crossCommand(s: Streams, o: OutputOptions, g: GlobalOptions, kind: 'mv' | 'import', other: OtherState, from: string, to: string, commandLine: string): Promise<number> {
  if (other.state !== undefined && other.env !== undefined) return reportFailure(s, o, [error('usage.conflict', 'Conflicting options', 'Name the other state either by location or by environment, not both.')]);
  if (other.state === '' || other.env === '') {
    const flag = kind === 'mv' ? (other.state === '' ? '--to-state' : '--to-env') : other.state === '' ? '--from' : '--from-env';
    return reportFailure(s, o, [error('usage.empty-location', 'Empty location', `${flag} is empty. Name the ${kind === 'mv' ? 'destination' : 'source'} state with a path, s3://BUCKET/KEY or an environment name; nothing was changed.`)]);
  }
  const timeout = parseDuration(g.lockTimeout ?? '0s');
  if (!timeout.ok) return reportFailure(s, o, timeout.diags);
  const here = await locate(g);
  if (!here.ok) return reportFailure(s, o, here.diags);
  const there = await resolveOther(g, other);
  if (!there.ok) return reportFailure(s, o, there.diags);
  const envs = await listEnvironments({ configFile: g.configFile, cwd: process.cwd(), env_: process.env });
  const [source, destination] = kind === 'mv' ? [here.value, there.value] : [there.value, here.value];
  const named = kind === 'mv' ? { source: g.env !== undefined, destination: other.env !== undefined } : { source: other.env !== undefined, destination: g.env !== undefined };
  let noTerminal = false;
  const edited = await interruptible(s, (signal) =>
    crossStateEdit({
      signal,
      source,
      destination,
      from,
      to,
      copy: kind === 'import',
      commandLine,
      dryRun: g.dryRun === true,
      lock: g.lock !== false,
      lockTimeoutMs: timeout.value,
      named,
      allowProtected: g.allowProtected ?? [],
      allEnvironments: envs.ok ? envs.value.map((e) => e.location) : [],
      version: VERSION,
      ...(g.yes || g.dryRun
        ? {}
        : {
            confirm: async (p) => {
              if (!o.json) {
                for (const t of p.targets) s.err(`Edit of ${t.envName ?? t.display}: serial ${t.serialBefore} -> ${t.serialAfter}\n`);
                s.err(p.steps.map((x) => x.dryLine).join('\n') + '\n' + p.diffs.map((d) => d.patch).join('\n'));
              }
              if (!s.stdinIsTTY || !s.stderrIsTTY) {
                noTerminal = true;
                return false;
              }
              const prot = [source, destination].find((l) => l.protected && l.envName);
              return prot ? askOnTerminal(`${red(o, prot.envName!)} is protected. Type its name to apply: `, prot.envName!, signal) : askOnTerminal("Only 'yes' will be accepted: ", 'yes', signal);
            },
          }),
    }),
  );
  // Warnings from resolving both locations go with the outcome's own.
  const r = { ...edited, diags: [...here.diags, ...there.diags, ...edited.diags] };
  if (noTerminal) return reportFailure(s, o, [error('confirm.required', 'Confirmation required', 'This edit needs confirmation, but there is no terminal to ask on. Review the plan above, then re-run with --yes.'), ...onlyWarnings(r.diags)]);
  if (r.status === 'failed' || r.status === 'cancelled') return reportFailureAfterRecovery(s, o, r.diags, r.recovered, r.exitCode);
  printRecovered(s, o, r.recovered, true);
  reportWarnings(s, o, r.diags, true);
  if (o.json) {
    printJson(s, { status: r.status, source: source.display, destination: destination.display, steps: r.steps, summary: r.summary, serials: r.serials, backups: r.backups, diffs: r.diffs, recovered: r.recovered, warnings: warningsJson(r.diags) });
    return 0;
  }
  const lines = r.status === 'dry-run' ? r.steps.map((x) => x.dryLine) : [...r.steps.map((x) => x.line), r.summary].filter((l) => l !== '');
  s.out(lines.join('\n') + '\n');
  if (r.status === 'applied') {
    s.err(`Wrote ${r.serials.map((x) => `${x.display} (serial ${x.before} -> ${x.after})`).join(' and ')}.${r.backups.length ? ` Backups: ${r.backups.map((b) => b.location).join(', ')}` : ''}\n`);
  }
  return 0;
}
