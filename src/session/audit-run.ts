/**
 * Running audits: one state, every configured environment (`--all-envs`),
 * or every state under an S3 prefix (`--all s3://bucket/prefix`), reading
 * states concurrently with progress reports.
 */
import { error, fail, hasErrors, ok, type Diagnostic, type Result } from '../core/diag/index.js';
import { auditEnvironments, auditState, type EnvironmentInput, type Finding } from '../core/audit/index.js';
import type { ConfigTree } from '../core/config/index.js';
import { decodeStateInParallel } from '../runtime/parallel-decode.js';
import { createS3Backend, listStateKeys, parseS3Url } from '../backends/s3/index.js';
import { loadConfiguration } from './config-loader.js';
import type { ResolvedLocation } from './location.js';
import { recoveryWarning } from './backend-diag.js';
import { readLocation, type ReadState } from './read.js';

/** Options shared by the audit runners. */
export interface AuditRunOptions {
  readonly configDir?: string;
  readonly targetVersion?: string;
  readonly concurrency?: number;
  readonly version: string;
  /** Progress: `done` of `total` states read. */
  progress?(done: number, total: number, name: string): void;
}

/** The result of an audit run. */
export interface AuditRun {
  readonly findings: Finding[];
  /** Per state: name, where, resource count, and findings by severity. */
  readonly states: Array<{ name: string; location: string; resources: number; errors: number; warnings: number; infos: number }>;
  /** Warnings of the configuration and of every state read (decode warnings, interrupted writes recovered). */
  readonly warnings: Diagnostic[];
}

/** The warnings of reads that succeeded (those that failed carry theirs in their diagnostics). */
function readWarnings(reads: readonly Result<ReadState>[]): Diagnostic[] {
  return reads.flatMap((r) => (r.ok ? [...r.value.recovered.map(recoveryWarning), ...r.value.warnings] : []));
}

async function pool<T, R>(items: readonly T[], limit: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function loadConfig(dir: string | undefined): Promise<Result<ConfigTree | undefined>> {
  if (dir === undefined) return ok(undefined);
  const c = await loadConfiguration(dir);
  return c.ok ? ok(c.value, c.diags) : fail(c.diags);
}

function summarise(inputs: readonly EnvironmentInput[], where: readonly string[], findings: readonly Finding[]): AuditRun['states'] {
  return inputs.map((e, i) => {
    const mine = findings.filter((f) => (f.environment ?? '') === e.name);
    return { name: e.name, location: where[i], resources: e.snapshot.resources.length, errors: mine.filter((f) => f.severity === 'error').length, warnings: mine.filter((f) => f.severity === 'warning').length, infos: mine.filter((f) => f.severity === 'info').length };
  });
}

/**
 * Audits named locations (one for a plain audit, every environment for
 * `--all-envs`). Any state that cannot be read fails the run with its
 * diagnostics: an audit that silently skips a state would be worse than none.
 */
export async function auditLocations(locs: ReadonlyArray<{ name: string; location: ResolvedLocation }>, o: AuditRunOptions): Promise<Result<AuditRun>> {
  const config = await loadConfig(o.configDir);
  if (!config.ok) return fail(config.diags);
  let done = 0;
  const reads = await pool(locs, o.concurrency ?? 8, async (l) => {
    const r = await readLocation(l.location, o.version);
    o.progress?.(++done, locs.length, l.name);
    return r;
  });
  const diags = reads.flatMap((r) => (r.ok ? [] : r.diags));
  if (diags.length > 0) return fail([...diags, ...readWarnings(reads)]);
  const inputs: EnvironmentInput[] = reads.map((r, i) => {
    const v = (r as Extract<typeof r, { ok: true }>).value;
    return { name: locs[i].name, snapshot: v.snapshot, protected: locs[i].location.protected, ...(config.value ? { config: config.value } : {}) };
  });
  const single = inputs.length === 1 && inputs[0].name === '';
  const findings = single
    ? auditState(inputs[0].snapshot, { protected: inputs[0].protected ?? false, ...(inputs[0].config ? { config: inputs[0].config } : {}), ...(o.targetVersion ? { targetVersion: o.targetVersion } : {}) })
    : auditEnvironments(inputs, o.targetVersion ? { targetVersion: o.targetVersion } : {});
  return ok({ findings, states: summarise(inputs, locs.map((l) => l.location.display), findings), warnings: [...config.diags, ...readWarnings(reads)] });
}

/** Audits every state object under an S3 prefix, concurrently. */
export async function auditS3Prefix(url: string, o: AuditRunOptions & { region?: string; endpoint?: string }): Promise<Result<AuditRun>> {
  const parsed = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!parsed) return fail(error('usage.s3-prefix', 'Invalid S3 prefix', `${JSON.stringify(url)} is not of the form s3://bucket/prefix.`));
  const [, bucket, prefix] = parsed;
  const base = { bucket, ...(o.region ? { region: o.region } : {}), ...(o.endpoint ? { endpoint: o.endpoint } : {}) };
  let keys: string[];
  try {
    keys = await listStateKeys(base, prefix);
  } catch (e) {
    return fail(error('audit.list-failed', 'Cannot list states', `Listing ${url} failed: ${(e as Error).message}`));
  }
  if (keys.length === 0) return fail(error('audit.no-states', 'No states found', `There are no *.tfstate objects under ${url}.`));
  let done = 0;
  const reads = await pool(keys, o.concurrency ?? 16, async (key) => {
    const check = parseS3Url(`s3://${bucket}/${key}`);
    if (!check.ok) return fail(check.diags);
    const backend = createS3Backend({ ...base, key, version: o.version });
    try {
      const r = await backend.store.read();
      o.progress?.(++done, keys.length, key);
      if (!r.bytes) return fail(error('state.missing', 'No state', `s3://${bucket}/${key} disappeared while auditing.`));
      return decodeStateInParallel(r.bytes, { location: `s3://${bucket}/${key}` });
    } catch (e) {
      return fail(error('state.read-failed', 'Failed to read state', `s3://${bucket}/${key}: ${(e as Error).message}`));
    } finally {
      await backend.close();
    }
  });
  const diags = reads.flatMap((r) => r.diags);
  if (hasErrors(diags)) return fail(diags);
  const inputs: EnvironmentInput[] = reads.map((r, i) => ({ name: keys[i], snapshot: (r as Extract<typeof r, { ok: true }>).value }));
  const findings = auditEnvironments(inputs, o.targetVersion ? { targetVersion: o.targetVersion } : {});
  return ok({ findings, states: summarise(inputs, keys.map((k) => `s3://${bucket}/${k}`), findings), warnings: diags });
}
