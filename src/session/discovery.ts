/**
 * Finding the state the way Terraform would in a working directory
 * (design.md §6, terraform-state.md §10.3), for runs without `--env` or
 * `--state`:
 * - the data directory is `$TF_DATA_DIR` or `.terraform` (relative to the
 *   working directory);
 * - its `terraform.tfstate` (written by `terraform init`) names the backend:
 *   `local` (`path`, `workspace_dir`) or `s3`; any other is refused with a
 *   pointer to `terraform state pull`;
 * - without it, the state is the default local one, `./terraform.tfstate`;
 * - the workspace is `--workspace`, else `TF_WORKSPACE`, else the data
 *   directory's `environment` file (trimmed; missing or empty: `default`).
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { parseBackendState, type S3BackendSettings } from '../core/env/backend-state.js';
import { checkWorkspaceName, DEFAULT_WORKSPACE } from '../core/env/workspace.js';
import { error, fail, ok, type Diagnostic, type Result } from '../core/diag/index.js';

/** Terraform's default local state file name. */
export const DEFAULT_STATE_FILE = 'terraform.tfstate';
/** Terraform's default directory of non-default local workspaces. */
export const DEFAULT_WORKSPACE_DIR = 'terraform.tfstate.d';

/** Inputs of discovery. */
export interface DiscoveryOptions {
  /** The working directory (absolute). */
  readonly cwd: string;
  /** The process environment (`TF_DATA_DIR`, `TF_WORKSPACE`). */
  readonly env_: Readonly<Record<string, string | undefined>>;
  /** `--workspace`, which overrides `TF_WORKSPACE` and the environment file. */
  readonly workspace?: string | undefined;
}

/** A local backend with absolute paths. */
export interface DiscoveredLocal {
  readonly type: 'local';
  /** The default workspace's state file. */
  readonly path: string;
  /** The directory holding `<workspace>/terraform.tfstate` for other workspaces. */
  readonly workspaceDir: string;
}

/** Where the workspace name came from. */
export type WorkspaceOrigin = '--workspace' | 'TF_WORKSPACE' | 'environment-file' | 'default';

/** What discovery found. */
export interface Discovered {
  /** `discovered-backend` when the data directory names a backend, else `discovered-default`. */
  readonly source: 'discovered-backend' | 'discovered-default';
  readonly backend: DiscoveredLocal | S3BackendSettings;
  /** The backend-config file read, when there was one (absolute). */
  readonly backendStateFile: string | null;
  readonly workspace: string;
  readonly workspaceOrigin: WorkspaceOrigin;
  /** The data directory (absolute), whether or not it exists. */
  readonly dataDir: string;
}

/**
 * Discovers the working directory's backend and workspace. Never throws:
 * unreadable or invalid files, unsupported backends and invalid workspace
 * names are `discovery.*` diagnostics. Warnings (S3 settings this tool does
 * not apply) accompany a successful result.
 */
export async function discover(opts: DiscoveryOptions): Promise<Result<Discovered>> {
  const dataDir = path.resolve(opts.cwd, nonEmpty(opts.env_.TF_DATA_DIR) ?? '.terraform');
  const ws = await selectWorkspace(opts, dataDir);
  if (!ws.ok) return fail(ws.diags);
  const { workspace, origin } = ws.value;
  const backendStateFile = path.join(dataDir, 'terraform.tfstate');
  const text = await readIfExists(backendStateFile);
  if (!text.ok) return fail(text.diags);
  const defaultLocal: DiscoveredLocal = { type: 'local', path: path.resolve(opts.cwd, DEFAULT_STATE_FILE), workspaceDir: path.resolve(opts.cwd, DEFAULT_WORKSPACE_DIR) };
  const base = { workspace, workspaceOrigin: origin, dataDir };
  if (text.value === null) return ok({ ...base, source: 'discovered-default', backend: defaultLocal, backendStateFile: null });
  const parsed = parseBackendState(text.value, backendStateFile);
  if (!parsed.ok) return fail(parsed.diags);
  const b = parsed.value.backend;
  if (b === null) return ok({ ...base, source: 'discovered-default', backend: defaultLocal, backendStateFile }, parsed.diags);
  const backend: DiscoveredLocal | S3BackendSettings =
    b.type === 's3'
      ? b
      : {
          type: 'local',
          path: path.resolve(opts.cwd, b.path ?? DEFAULT_STATE_FILE),
          workspaceDir: path.resolve(opts.cwd, b.workspaceDir ?? DEFAULT_WORKSPACE_DIR),
        };
  return ok({ ...base, source: 'discovered-backend', backend, backendStateFile }, parsed.diags);
}

/** The selected workspace: `--workspace`, `TF_WORKSPACE`, the environment file, or `default`. */
async function selectWorkspace(opts: DiscoveryOptions, dataDir: string): Promise<Result<{ workspace: string; origin: WorkspaceOrigin }>> {
  const check = (name: string, where: string, origin: WorkspaceOrigin): Result<{ workspace: string; origin: WorkspaceOrigin }> => {
    const d = checkWorkspaceName(name, where, origin === '--workspace' ? 'location' : 'discovery');
    return d === null ? ok({ workspace: name, origin }) : fail(d);
  };
  if (opts.workspace !== undefined) return check(opts.workspace, '--workspace', '--workspace');
  const fromEnv = nonEmpty(opts.env_.TF_WORKSPACE);
  if (fromEnv !== undefined) return check(fromEnv, 'TF_WORKSPACE', 'TF_WORKSPACE');
  const file = path.join(dataDir, 'environment');
  const text = await readIfExists(file);
  if (!text.ok) return fail(text.diags);
  const name = text.value?.trim() ?? '';
  if (name === '') return ok({ workspace: DEFAULT_WORKSPACE, origin: 'default' });
  return check(name, `${file} (the workspace selected with terraform workspace select)`, 'environment-file');
}

/** The file's text, or null when it does not exist. */
async function readIfExists(file: string): Promise<Result<string | null>> {
  try {
    return ok(await fsp.readFile(file, 'utf8'));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return ok(null);
    return fail(unreadable(file, e));
  }
}

function unreadable(file: string, e: unknown): Diagnostic {
  return error('discovery.unreadable', 'Cannot read Terraform working directory file', `${file}: ${(e as Error).message}. Check its permissions, or name the state with --state.`);
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}
