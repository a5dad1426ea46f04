/**
 * `tfstate graph` and `tfstate audit`.
 */
import { error, type Diagnostic } from '../../core/diag/index.js';
import { buildResourceGraph, neighbourhoodNodes, renderGraphDot, renderGraphJson, renderGraphMermaid, renderGraphText, resolveFocus } from '../../core/graph/index.js';
import { parseVersion, renderAuditJson, renderAuditSarif, renderAuditText, shouldFail, type FailOn } from '../../core/audit/index.js';
import { renderGraphSvg } from '../../render/svg.js';
import { auditLocations, auditS3Prefix, type AuditRun } from '../../session/audit-run.js';
import { listEnvironments } from '../../session/location.js';
import { locate, readState } from '../context.js';
import type { GlobalOptions } from '../options.js';
import { printRecovered, reportFailure, reportWarnings, type OutputOptions, type Streams } from '../output.js';
import { VERSION } from '../version.js';
import { table } from './admin.js';

/** Options of `graph`. */
export interface GraphOptions {
  readonly format?: string;
  readonly focus?: string;
  readonly depth?: string;
}

/** `tfstate graph [--format text|dot|mermaid|json|svg] [--focus ADDRESS] [--depth N]`. */
export async function graphCommand(s: Streams, o: OutputOptions, g: GlobalOptions, x: GraphOptions): Promise<number> {
  const format = x.format ?? (o.json ? 'json' : 'text');
  if (!['text', 'dot', 'mermaid', 'json', 'svg'].includes(format)) {
    return reportFailure(s, o, [error('usage.format', 'Invalid format', `--format ${format} is not one of text, dot, mermaid, json, svg.`)]);
  }
  // Number('') is 0: an empty --depth must not mean depth 0.
  const depth = x.depth === undefined ? undefined : x.depth.trim() === '' ? NaN : Number(x.depth);
  if (depth !== undefined && (!Number.isInteger(depth) || depth < 0)) return reportFailure(s, o, [error('usage.depth', 'Invalid depth', `--depth ${JSON.stringify(x.depth)} must be a non-negative integer.`)]);
  const st = await readState(g);
  if (!st.ok) return reportFailure(s, o, st.diags);
  printRecovered(s, o, st.value.recovered);
  const graph = buildResourceGraph(st.value.snapshot);
  let focus: number | undefined;
  if (x.focus !== undefined) {
    const f = resolveFocus(graph, x.focus);
    if (!f.ok) return reportFailure(s, o, [...f.diags, ...st.value.warnings]);
    focus = f.value;
  }
  // Every format is an export with a schema of its own: warnings go to stderr, with --json too.
  reportWarnings(s, o, st.value.warnings);
  const include = focus !== undefined ? neighbourhoodNodes(graph, focus, depth ?? Infinity) : undefined;
  const exportOpts = { ...(include ? { include } : {}), ...(focus !== undefined ? { focus } : {}) };
  switch (format) {
    case 'text':
      s.out(renderGraphText(graph, { ...(focus !== undefined ? { focus } : {}), ...(depth !== undefined ? { depth } : {}) }));
      break;
    case 'dot':
      s.out(renderGraphDot(graph, exportOpts));
      break;
    case 'mermaid':
      s.out(renderGraphMermaid(graph, exportOpts));
      break;
    case 'json':
      s.out(renderGraphJson(graph, exportOpts));
      break;
    case 'svg':
      s.out(await renderGraphSvg(graph, exportOpts));
      break;
  }
  return 0;
}

/** Options of `audit`. */
export interface AuditOptions {
  readonly configDir?: string;
  readonly allEnvs?: boolean;
  readonly all?: string;
  readonly format?: string;
  readonly failOn?: string;
  readonly targetVersion?: string;
}

/** `tfstate audit [--config-dir DIR] [--all-envs | --all s3://b/prefix] [--format text|json|sarif] [--fail-on error|warning|never]`. */
export async function auditCommand(s: Streams, o: OutputOptions, g: GlobalOptions, x: AuditOptions): Promise<number> {
  const format = x.format ?? (o.json ? 'json' : 'text');
  if (!['text', 'json', 'sarif'].includes(format)) return reportFailure(s, o, [error('usage.format', 'Invalid format', `--format ${format} is not one of text, json, sarif.`)]);
  const failOn = (x.failOn ?? 'error') as FailOn;
  if (!['error', 'warning', 'never'].includes(failOn)) return reportFailure(s, o, [error('usage.fail-on', 'Invalid --fail-on', `--fail-on ${x.failOn} is not one of error, warning, never.`)]);
  if (x.targetVersion !== undefined && parseVersion(x.targetVersion) === null) {
    return reportFailure(s, o, [error('usage.target-version', 'Invalid --target-version', `--target-version ${JSON.stringify(x.targetVersion)} is not a Terraform version; give one such as 1.11.4.`)]);
  }
  const progress = (done: number, total: number, name: string): void => {
    if (s.stderrIsTTY) s.err(`\r[${done}/${total}] ${name}`.padEnd(80) + (done === total ? '\n' : ''));
  };
  const common = { ...(x.configDir !== undefined ? { configDir: x.configDir } : {}), ...(x.targetVersion !== undefined ? { targetVersion: x.targetVersion } : {}), version: VERSION, progress };
  let run;
  // Warnings from resolving the location (settings it ignores), shown with the audit's own.
  let located: readonly Diagnostic[] = [];
  if (x.all !== undefined) {
    run = await auditS3Prefix(x.all, { ...common, ...(process.env.AWS_REGION ? { region: process.env.AWS_REGION } : {}) });
  } else if (x.allEnvs) {
    const envs = await listEnvironments({ configFile: g.configFile, cwd: process.cwd(), env_: process.env });
    if (!envs.ok) return reportFailure(s, o, envs.diags);
    if (envs.value.length === 0) return reportFailure(s, o, [error('audit.no-envs', 'No environments configured', '--all-envs needs a tfstate.config.json with environments.')]);
    run = await auditLocations(envs.value.map((e) => ({ name: e.name, location: e.location })), common);
  } else {
    const loc = await locate(g);
    if (!loc.ok) return reportFailure(s, o, loc.diags);
    located = loc.diags;
    run = await auditLocations([{ name: loc.value.envName ?? '', location: loc.value }], common);
  }
  if (!run.ok) return reportFailure(s, o, [...run.diags, ...located]);
  // Text, JSON and SARIF are reports with schemas of their own: warnings go to stderr, with --json too.
  reportWarnings(s, o, [...located, ...run.value.warnings]);
  s.out(render(format, run.value));
  if (format === 'text' && run.value.states.length > 1) s.out('\n' + table(['STATE', 'RESOURCES', 'ERRORS', 'WARNINGS', 'INFO'], run.value.states.map((x2) => [x2.name, String(x2.resources), String(x2.errors), String(x2.warnings), String(x2.infos)])));
  return shouldFail(run.value.findings, failOn) ? 5 : 0;
}

function render(format: string, run: AuditRun): string {
  if (format === 'json') return renderAuditJson(run.findings);
  if (format === 'sarif') return renderAuditSarif(run.findings, { toolVersion: VERSION, stateUris: Object.fromEntries(run.states.map((x) => [x.name, x.location])) });
  return renderAuditText(run.findings);
}
