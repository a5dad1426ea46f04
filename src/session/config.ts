/**
 * Finding and loading `tfstate.config.json` (design.md §6): the file named
 * by `--config-file`, else the nearest one found by walking up from the
 * working directory. Parsing and structural validation are in
 * `core/env/config.ts`; this module adds the file system and the S3 checks
 * (bucket, key, workspace key prefix) the S3 backend applies.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { parseS3Url, validateS3Location } from '../backends/s3/location.js';
import { CONFIG_FILE_NAME, parseConfig, type EnvironmentConfig, type TfstateConfig } from '../core/env/config.js';
import { formatPosition } from '../core/env/json-tree.js';
import { error, fail, ok, type Diagnostic, type Result } from '../core/diag/index.js';

export { CONFIG_FILE_NAME, ENVIRONMENT_KEYS, parseConfig, type EnvironmentConfig, type TfstateConfig } from '../core/env/config.js';

/** Where to look for the config file. */
export interface ConfigLookup {
  /** Directory the search starts from (absolute). */
  readonly cwd: string;
  /** `--config-file`: this file, resolved against `cwd`; it must exist. */
  readonly configFile?: string | undefined;
}

/** A loaded config file: the parsed content and the absolute path it came from. */
export interface LoadedConfig extends TfstateConfig {
  /** Absolute path of the file. */
  readonly file: string;
  /** Directory local `state` paths are relative to. */
  readonly dir: string;
}

/**
 * The config file to use: `--config-file` resolved against `cwd`, or the
 * first `tfstate.config.json` found in `cwd` and then each parent up to the
 * file-system root. Returns null when there is none (no error: a config file
 * is optional). Does not check that an explicit `--config-file` exists.
 */
export async function findConfigFile(lookup: ConfigLookup): Promise<string | null> {
  if (lookup.configFile !== undefined) return path.resolve(lookup.cwd, lookup.configFile);
  let dir = path.resolve(lookup.cwd);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    const st = await fsp.stat(candidate).catch(() => null);
    if (st?.isFile() === true) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * Finds, reads and validates the config file. `ok(null)` when none was
 * found and none was named. Fails with `config.empty-path` for an empty
 * `--config-file`, `config.not-found` for a missing one, `config.unreadable`
 * for an I/O error, and every validation error of the file otherwise.
 * Never throws.
 */
export async function loadConfig(lookup: ConfigLookup): Promise<Result<LoadedConfig | null>> {
  if (lookup.configFile === '') {
    return fail(error('config.empty-path', 'Empty --config-file', `--config-file is empty. Name the ${CONFIG_FILE_NAME} to use, or leave the option out to use the one found by walking up from the working directory.`));
  }
  const file = await findConfigFile(lookup);
  if (file === null) return ok(null);
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' && lookup.configFile !== undefined) {
      return fail(
        error(
          'config.not-found',
          'Config file not found',
          `--config-file ${lookup.configFile}: there is no such file (${file}). Check the path, or leave out --config-file to use the ${CONFIG_FILE_NAME} found by walking up from the working directory.`,
        ),
      );
    }
    return fail(error('config.unreadable', 'Cannot read config file', `${file}: ${(e as Error).message}. Check the file's permissions.`));
  }
  const parsed = parseConfig(text, file);
  if (!parsed.ok) return fail(parsed.diags);
  const diags = parsed.value.environments.flatMap((env) => checkS3(env, file));
  if (diags.length > 0) return fail(diags);
  return ok({ ...parsed.value, file, dir: path.dirname(file) }, parsed.diags);
}

/** The S3 backend's own location rules, reported against the environment. */
function checkS3(env: EnvironmentConfig, file: string): Diagnostic[] {
  if (env.stateKind !== 's3') return [];
  const where = `${file}:${formatPosition(env.at)}: environment "${env.name}"`;
  const url = parseS3Url(env.state);
  if (!url.ok) return url.diags.map((d) => ({ ...d, code: 'config.invalid-state', detail: `${where}: ${d.detail}` }));
  const diags = validateS3Location({
    bucket: url.value.bucket,
    key: url.value.key,
    ...(env.workspace !== null ? { workspace: env.workspace } : {}),
    ...(env.workspaceKeyPrefix !== undefined ? { workspaceKeyPrefix: env.workspaceKeyPrefix } : {}),
  });
  return diags.map((d) => ({ ...d, code: `config.${d.code.replace(/^s3\./, '')}`, detail: `${where}: ${d.detail}` }));
}
