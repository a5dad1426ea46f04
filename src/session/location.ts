/**
 * Which state a command opens (design.md §6): `--env NAME` from
 * tfstate.config.json, `--state PATH|s3://bucket/key`, or discovery the way
 * Terraform does it (discovery.ts). The result says where the state is, how
 * it is locked, which environment it belongs to and how it was chosen; the
 * guards (guards.ts) decide from it whether an edit is allowed.
 *
 * A `--state` or discovered location that is a configured environment's
 * state (same real path; same bucket and object key) takes that
 * environment's name, protection, protect patterns, onEdit and S3 settings,
 * so neither route gets around them.
 *
 * Workspaces: a local state's workspace W is `terraform.tfstate.d/W/
 * terraform.tfstate` beside the default state for `--state` and configured
 * environments, and under the backend's `workspace_dir` (default
 * `./terraform.tfstate.d`, relative to the working directory, as Terraform
 * does) for discovered locations. S3: `<workspaceKeyPrefix>/W/<key>`.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { createLocalBackend } from '../backends/local/index.js';
import { DEFAULT_WORKSPACE_KEY_PREFIX, namesFor, parseS3Url, validateS3Location, type S3Credentials } from '../backends/s3/location.js';
import type { EnvironmentConfig } from '../core/env/config.js';
import { didYouMeanSentence } from '../core/env/did-you-mean.js';
import { checkWorkspaceName, DEFAULT_WORKSPACE } from '../core/env/workspace.js';
import { error, fail, InvariantError, ok, type Diagnostic, type Result } from '../core/diag/index.js';
import type { Backend } from '../ports/backend.js';
import { loadConfig, type LoadedConfig } from './config.js';
import { DEFAULT_STATE_FILE, DEFAULT_WORKSPACE_DIR, discover, type Discovered } from './discovery.js';

/** Inputs of location resolution: the location flags, the working directory and the environment. */
export interface LocationOptions {
  /** `--state PATH` (relative to `cwd`) or `--state s3://bucket/key`. */
  state?: string | undefined;
  /** `--env NAME`. */
  env?: string | undefined;
  /** `--workspace NAME`: overrides the environment's or discovered workspace. */
  workspace?: string | undefined;
  /** `--config-file PATH` (relative to `cwd`). */
  configFile?: string | undefined;
  /** The working directory (absolute). */
  cwd: string;
  /** The process environment (`TF_DATA_DIR`, `TF_WORKSPACE`, `AWS_ENDPOINT_URL_*`). */
  env_: Record<string, string | undefined>;
}

/** S3 settings of a location (this tool's names for the backend block's attributes). */
export interface S3Settings {
  readonly region?: string;
  readonly profile?: string;
  readonly endpoint?: string;
  readonly dynamodbEndpoint?: string;
  readonly forcePathStyle?: boolean;
  readonly dynamodbTable?: string;
  readonly useLockfile?: boolean;
  readonly credentials?: S3Credentials;
}

/** The backend a location opens, fully resolved. */
export type LocationBackend =
  | { readonly kind: 'local'; /** The workspace's state file (absolute, as reached, symlinks not resolved). */ readonly path: string }
  | ({
      readonly kind: 's3';
      readonly bucket: string;
      /** The default workspace's key. */
      readonly key: string;
      readonly workspaceKeyPrefix: string;
      /** The workspace's object key. */
      readonly objectKey: string;
    } & Omit<S3Settings, 'credentials'>);

/** How a location was chosen. */
export type LocationSource = 'state-flag' | 'env' | 'discovered-backend' | 'discovered-default';

/** A resolved location: where the state is and what protects it. Immutable. */
export interface ResolvedLocation {
  /** The configured environment: named with --env, or whose state this location is; null otherwise. */
  readonly envName: string | null;
  readonly protected: boolean;
  readonly kind: 'local' | 's3';
  /** Absolute path, or `s3://bucket/objectKey` (the workspace's object key). */
  readonly display: string;
  readonly workspace: string;
  /** Protect patterns of the environment (empty without one). */
  readonly protect: readonly string[];
  /** The environment's onEdit command, or null. */
  readonly onEdit: string | null;
  /** `fcntl + .lock.info`, `S3 lock file (.tflock) + DynamoDB table T`, `none (no lock configured)`, … */
  readonly lockDescription: string;
  readonly source: LocationSource;
  /** How it was chosen, for messages: `--state x`, `--env prod (/repo/tfstate.config.json)`, `the s3 backend in …`. */
  readonly sourceDetail: string;
  /** What identifies the state: `file:<real path>` or `s3://bucket/objectKey`. Equal identities are the same state. */
  readonly identity: string;
  readonly backend: LocationBackend;
  /** The config file consulted, or null when there is none. */
  readonly configFile: string | null;
  /**
   * Creates the backend. Contacts nothing and takes no lock; the caller
   * closes it. The S3 SDK is loaded on first use.
   */
  open(opts: { who: string; version: string; clock?: () => Date }): Promise<Backend>;
}

/** What a location is before its workspace is applied. */
type Spec =
  | { readonly kind: 'local'; readonly defaultPath: string; readonly workspaceDir: string }
  | ({ readonly kind: 's3'; readonly bucket: string; readonly key: string; readonly workspaceKeyPrefix?: string } & S3Settings);

/** Everything but the backend-derived fields. */
interface Meta {
  readonly envName: string | null;
  readonly protected: boolean;
  readonly protect: readonly string[];
  readonly onEdit: string | null;
  readonly source: LocationSource;
  readonly sourceDetail: string;
  readonly configFile: string | null;
}

/**
 * Resolves the location the flags name, or discovers it. Fails (never
 * throws) on an invalid config file, an unknown `--env` (listing the
 * configured ones), `--env` and `--state` naming different states, an
 * invalid workspace name or S3 location, an unsupported discovered backend,
 * and when discovery finds no state while environments are configured (it
 * never picks one silently). Warnings (S3 backend settings not applied)
 * accompany a successful result.
 */
export async function resolveLocation(opts: LocationOptions): Promise<Result<ResolvedLocation>> {
  const cfg = await loadConfig({ cwd: opts.cwd, configFile: opts.configFile });
  if (!cfg.ok) return fail(cfg.diags);
  const config = cfg.value;
  if (opts.workspace !== undefined) {
    const d = checkWorkspaceName(opts.workspace, '--workspace', 'location');
    if (d !== null) return fail(d);
  }
  if (opts.env === '') return fail(error('location.empty-env', 'Empty environment name', '--env is empty. Name an environment of the config file (tfstate envs lists them), or name the state with --state.'));
  if (opts.env !== undefined) return resolveNamedEnv(opts, config, opts.env);
  const envs = config === null ? [] : await Promise.all(config.environments.map((e) => environmentLocation(e, config, undefined, opts.env_)));
  const configFile = config?.file ?? null;
  if (opts.state !== undefined) {
    const spec = stateFlagSpec(opts.state, opts.cwd);
    if (!spec.ok) return fail(spec.diags);
    const meta: Meta = { ...NO_ENV, source: 'state-flag', sourceDetail: `--state ${opts.state}`, configFile };
    return resolveSpec(spec.value, opts.workspace ?? DEFAULT_WORKSPACE, meta, envs, opts.env_, true);
  }
  const found = await discover({ cwd: opts.cwd, env_: opts.env_, workspace: opts.workspace });
  if (!found.ok) return fail(found.diags);
  const d = found.value;
  const meta: Meta = { ...NO_ENV, source: d.source, sourceDetail: discoveredDetail(d), configFile };
  const spec: Spec = d.backend.type === 'local' ? { kind: 'local', defaultPath: d.backend.path, workspaceDir: d.backend.workspaceDir } : { ...d.backend, kind: 's3' };
  const loc = await resolveSpec(spec, d.workspace, meta, envs, opts.env_, false);
  if (!loc.ok) return loc;
  const l = loc.value;
  if (d.source === 'discovered-default' && l.envName === null && config !== null && config.environments.length > 0 && !(await exists(l.display))) {
    return fail(nothingFound(l.display, opts.cwd, config));
  }
  return ok(l, [...found.diags, ...loc.diags]);
}

/**
 * Every configured environment and its location (each at its configured
 * workspace; `state`, `env` and `workspace` in `opts` are ignored), in file
 * order. `ok([])` when there is no config file; fails when it is invalid.
 */
export async function listEnvironments(opts: LocationOptions): Promise<Result<Array<{ name: string; location: ResolvedLocation }>>> {
  const cfg = await loadConfig({ cwd: opts.cwd, configFile: opts.configFile });
  if (!cfg.ok) return fail(cfg.diags);
  const config = cfg.value;
  if (config === null) return ok([]);
  const locs = await Promise.all(config.environments.map((e) => environmentLocation(e, config, undefined, opts.env_)));
  return ok(locs.map((location, i) => ({ name: config.environments[i]!.name, location })));
}

const NO_ENV = { envName: null, protected: false, protect: [], onEdit: null } as const;
const CONNECTION_KEYS = ['region', 'profile', 'endpoint', 'dynamodbEndpoint', 'forcePathStyle', 'dynamodbTable', 'useLockfile', 'credentials'] as const;

async function resolveNamedEnv(opts: LocationOptions, config: LoadedConfig | null, name: string): Promise<Result<ResolvedLocation>> {
  if (config === null) {
    return fail(
      error(
        'location.no-config',
        'No config file',
        `--env ${name} names an environment of tfstate.config.json, but there is none in ${opts.cwd} or its parent directories. Create one, pass --config-file PATH, or name the state with --state.`,
      ),
    );
  }
  const env = config.environments.find((e) => e.name === name);
  if (env === undefined) {
    const names = config.environments.map((e) => e.name);
    const listed = names.length === 0 ? 'It configures no environments.' : `Configured environments: ${names.join(', ')}.`;
    return fail(error('location.unknown-env', 'Unknown environment', `There is no environment "${name}" in ${config.file}. ${didYouMeanSentence(name, names)}${listed}`));
  }
  const loc = await environmentLocation(env, config, opts.workspace, opts.env_);
  if (opts.state === undefined) return ok(loc);
  const spec = stateFlagSpec(opts.state, opts.cwd);
  if (!spec.ok) return fail(spec.diags);
  const meta: Meta = { ...NO_ENV, source: 'state-flag', sourceDetail: `--state ${opts.state}`, configFile: config.file };
  const other = await build(spec.value, loc.workspace, meta, opts.env_);
  if (!other.ok) return other;
  if (other.value.identity !== loc.identity) {
    return fail(
      error(
        'location.env-state-conflict',
        'Conflicting location options',
        `--env ${name} names ${loc.display}, but --state names ${other.value.display}. Give only one of them.`,
      ),
    );
  }
  return ok(loc);
}

/** A configured environment's location. Its S3 location was validated when the config was loaded. */
async function environmentLocation(env: EnvironmentConfig, config: LoadedConfig, workspace: string | undefined, env_: Record<string, string | undefined>): Promise<ResolvedLocation> {
  const meta: Meta = {
    envName: env.name,
    protected: env.protected,
    protect: env.protect,
    onEdit: env.onEdit,
    source: 'env',
    sourceDetail: `--env ${env.name} (${config.file})`,
    configFile: config.file,
  };
  let spec: Spec;
  if (env.stateKind === 'local') {
    const p = path.resolve(config.dir, env.state);
    spec = { kind: 'local', defaultPath: p, workspaceDir: path.join(path.dirname(p), DEFAULT_WORKSPACE_DIR) };
  } else {
    const url = parseS3Url(env.state);
    if (!url.ok) throw new InvariantError(`environment ${env.name} has an unchecked S3 URL`);
    const { state: _s, name: _n, at: _a, stateKind: _k, protected: _p, workspace: _w, protect: _pr, onEdit: _o, ...settings } = env;
    spec = { kind: 's3', ...url.value, ...settings };
  }
  const r = await build(spec, workspace ?? env.workspace ?? DEFAULT_WORKSPACE, meta, env_);
  if (!r.ok) throw new InvariantError(`environment ${env.name} did not resolve: ${r.diags.map((d) => d.detail).join('; ')}`);
  return r.value;
}

/** `--state` as a spec: `s3://bucket/key`, or a path relative to `cwd`. */
function stateFlagSpec(state: string, cwd: string): Result<Spec> {
  if (state.startsWith('s3://')) {
    const url = parseS3Url(state);
    return url.ok ? ok({ kind: 's3', ...url.value }) : fail(url.diags);
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(state)) {
    return fail(
      error(
        'location.unsupported-state',
        'Unsupported state location',
        `--state ${state}: tfstate opens local files and s3:// locations only. For another backend, copy the state with terraform state pull > FILE and use --state FILE.`,
      ),
    );
  }
  if (state === '') return fail(error('location.empty-state', 'Empty state location', '--state is empty. Give a state file path or s3://BUCKET/KEY.'));
  const p = path.resolve(cwd, state);
  return ok({ kind: 'local', defaultPath: p, workspaceDir: path.join(path.dirname(p), DEFAULT_WORKSPACE_DIR) });
}

/**
 * Builds the location, then, when it is a configured environment's state,
 * builds it again as that environment (a protected one first when several
 * share it): its name, protection, patterns, hook, and its S3 settings
 * filling those the spec lacks. With `sameBucket`, an S3 spec that is no
 * environment's state takes the connection and lock settings of the first
 * environment in the same bucket.
 */
async function resolveSpec(spec: Spec, workspace: string, meta: Meta, envs: readonly ResolvedLocation[], env_: Record<string, string | undefined>, sameBucket: boolean): Promise<Result<ResolvedLocation>> {
  const plain = await build(spec, workspace, meta, env_);
  if (!plain.ok || envs.length === 0) return plain;
  const same = envs.filter((e) => e.identity === plain.value.identity);
  const env = same.find((e) => e.protected) ?? same[0];
  if (env === undefined) {
    if (!sameBucket || spec.kind !== 's3') return plain;
    const donor = envs.find((e) => e.backend.kind === 's3' && e.backend.bucket === spec.bucket);
    return donor === undefined ? plain : build(withSettingsOf(spec, donor.backend), workspace, meta, env_);
  }
  const merged = spec.kind === 's3' && env.backend.kind === 's3' ? withSettingsOf(spec, env.backend) : spec;
  return build(merged, workspace, { ...meta, envName: env.envName, protected: env.protected, protect: env.protect, onEdit: env.onEdit, sourceDetail: `${meta.sourceDetail}, the state of environment ${env.envName}` }, env_);
}

/** The spec with the donor's connection and lock settings where the spec has none. */
function withSettingsOf(spec: Extract<Spec, { kind: 's3' }>, donor: LocationBackend): Spec {
  const out: Record<string, unknown> = { ...spec };
  for (const k of CONNECTION_KEYS) if (out[k] === undefined && (donor as Record<string, unknown>)[k] !== undefined) out[k] = (donor as Record<string, unknown>)[k];
  return out as Spec;
}

/** Applies the workspace and derives display, identity, lock description and `open`. */
async function build(spec: Spec, workspace: string, meta: Meta, env_: Record<string, string | undefined>): Promise<Result<ResolvedLocation>> {
  if (spec.kind === 'local') {
    const p = workspace === DEFAULT_WORKSPACE ? spec.defaultPath : path.join(spec.workspaceDir, workspace, DEFAULT_STATE_FILE);
    return ok({
      ...meta,
      kind: 'local',
      display: p,
      workspace,
      lockDescription: 'fcntl + .lock.info',
      identity: `file:${await realPath(p)}`,
      backend: { kind: 'local', path: p },
      open: async ({ who, version, clock }) => createLocalBackend(p, { who, version, ...(clock !== undefined ? { clock } : {}) }),
    });
  }
  const { kind: _kind, ...rest } = spec;
  const where = { ...rest, workspace, workspaceKeyPrefix: spec.workspaceKeyPrefix ?? DEFAULT_WORKSPACE_KEY_PREFIX };
  const diags = validateS3Location(where);
  if (diags.length > 0) return fail(diags.map((d) => ({ ...d, detail: `${meta.sourceDetail}: ${d.detail}` })));
  const names = namesFor(where);
  const locks = [...(where.useLockfile === true ? ['S3 lock file (.tflock)'] : []), ...(where.dynamodbTable !== undefined ? [`DynamoDB table ${where.dynamodbTable}`] : [])];
  // Credentials stay in the closure: `backend` is for display and may be printed.
  const { workspace: _w, credentials: _c, ...backendFields } = where;
  return ok({
    ...meta,
    kind: 's3',
    display: names.url,
    workspace,
    lockDescription: locks.length > 0 ? locks.join(' + ') : 'none (no lock configured)',
    identity: names.url,
    backend: { ...backendFields, kind: 's3', objectKey: names.objectKey },
    open: async ({ who, version, clock }) => {
      const s3 = await import('../backends/s3/index.js');
      return s3.createS3Backend({ ...where, who, version, env: env_, ...(clock !== undefined ? { clock } : {}) });
    },
  });
}

/** How discovery chose the location, for messages. */
function discoveredDetail(d: Discovered): string {
  const ws =
    d.workspaceOrigin === 'default' ? '' : `, workspace "${d.workspace}" from ${d.workspaceOrigin === 'environment-file' ? path.join(d.dataDir, 'environment') : d.workspaceOrigin}`;
  if (d.source === 'discovered-backend') return `the ${d.backend.type} backend in ${d.backendStateFile}${ws}`;
  return `the default local state (no backend in ${path.join(d.dataDir, 'terraform.tfstate')})${ws}`;
}

function nothingFound(expected: string, cwd: string, config: LoadedConfig): Diagnostic {
  const names = config.environments.map((e) => e.name);
  return error(
    'location.not-found',
    'No state found here',
    `There is no Terraform state in ${cwd}: no backend configuration (.terraform/terraform.tfstate) and no ${path.relative(cwd, expected) || expected}. ${config.file} configures the environments ${names.join(', ')}; pass --env NAME to choose one (for example --env ${names[0]}), or name the state with --state.`,
  );
}

/**
 * The real path of a state file that may not exist yet: symlinks resolved in
 * the deepest existing ancestor, the rest appended. Never throws (a path it
 * cannot resolve is returned as is).
 */
async function realPath(p: string): Promise<string> {
  const rest: string[] = [];
  let cur = p;
  for (;;) {
    try {
      return path.join(await fsp.realpath(cur), ...rest);
    } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return p;
      rest.unshift(path.basename(cur));
      cur = parent;
    }
  }
}

async function exists(p: string): Promise<boolean> {
  return (await fsp.stat(p).catch(() => null)) !== null;
}
