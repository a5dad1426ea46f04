/**
 * `tfstate.config.json`: the configured environments (design.md §6), parsed
 * and validated strictly. Every problem is reported, each naming the file,
 * the line and column, the environment and the key. Pure: the caller reads
 * the file and resolves relative paths.
 */
import { formatTarget, parseTarget } from '../addr/index.js';
import { error, fail, ok, type Diagnostic, type Result } from '../diag/index.js';
import { didYouMeanSentence } from './did-you-mean.js';
import { describeKind, formatPosition, parseJsonTree, type JsonMember, type JsonNode, type Position } from './json-tree.js';
import { checkWorkspaceName } from './workspace.js';

/** The config file's name, looked for in the working directory and its ancestors. */
export const CONFIG_FILE_NAME = 'tfstate.config.json';

/** One configured environment, as written (paths not yet resolved). */
export interface EnvironmentConfig {
  readonly name: string;
  /** Where the environment's key is in the file. */
  readonly at: Position;
  /** As written: a path relative to the config file's directory (or absolute), or `s3://bucket/key`. */
  readonly state: string;
  /** `s3` when `state` starts with `s3://`. */
  readonly stateKind: 'local' | 's3';
  readonly protected: boolean;
  /** The workspace to open; null means `default`. */
  readonly workspace: string | null;
  /** Address patterns no edit may touch without `--allow-protected` (exact ones normalised). */
  readonly protect: readonly string[];
  /** Command run after each successful write, or null. */
  readonly onEdit: string | null;
  readonly region?: string;
  readonly dynamodbTable?: string;
  readonly useLockfile?: boolean;
  readonly workspaceKeyPrefix?: string;
  readonly profile?: string;
  readonly endpoint?: string;
  readonly dynamodbEndpoint?: string;
  readonly forcePathStyle?: boolean;
}

/** A parsed config file. */
export interface TfstateConfig {
  /** The file's path, as given to the parser. */
  readonly file: string;
  /** The environments in file order. */
  readonly environments: readonly EnvironmentConfig[];
}

type KeyType = 'string' | 'boolean' | 'patterns';

/** Every key an environment may have, in documentation order, with its type. */
export const ENVIRONMENT_KEYS: Readonly<Record<string, KeyType>> = {
  state: 'string',
  region: 'string',
  dynamodbTable: 'string',
  useLockfile: 'boolean',
  protected: 'boolean',
  workspace: 'string',
  workspaceKeyPrefix: 'string',
  profile: 'string',
  endpoint: 'string',
  dynamodbEndpoint: 'string',
  forcePathStyle: 'boolean',
  protect: 'patterns',
  onEdit: 'string',
};

const KEY_NAMES = Object.keys(ENVIRONMENT_KEYS);
const TOP_LEVEL_KEYS = ['environments', '$schema'];
const S3_ONLY_KEYS = new Set(['region', 'dynamodbTable', 'useLockfile', 'workspaceKeyPrefix', 'profile', 'endpoint', 'dynamodbEndpoint', 'forcePathStyle']);
/** Keys whose value may be the empty string. */
const MAY_BE_EMPTY = new Set(['workspaceKeyPrefix']);
const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Parses and validates the text of a config file. `file` names the file in
 * messages. Returns every error found (invalid JSON stops at the first
 * syntax error, with its line and column). Never throws for bad input.
 */
export function parseConfig(text: string, file: string): Result<TfstateConfig> {
  const tree = parseJsonTree(text);
  if (!tree.ok) {
    return fail(
      error(
        'config.invalid-json',
        'Invalid JSON in config file',
        `${file}:${formatPosition(tree.at)}: ${tree.message}. Fix the syntax at that position; the config file is plain JSON (no comments, no trailing commas).`,
      ),
    );
  }
  const diags: Diagnostic[] = [];
  const root = tree.root;
  if (root.kind !== 'object') {
    return fail(
      error('config.wrong-type', 'Invalid config file', `${file}:${formatPosition(root.at)}: the file must hold a JSON object with an "environments" object, not ${describeKind(root)}.`),
    );
  }
  let envsNode: JsonNode | null = null;
  for (const m of uniqueMembers(root.members, file, '', diags)) {
    if (m.key === 'environments') envsNode = m.value;
    else if (m.key !== '$schema') {
      diags.push(
        error(
          'config.unknown-key',
          'Unknown key in config file',
          `${file}:${formatPosition(m.keyAt)}: unknown key "${m.key}". ${didYouMeanSentence(m.key, TOP_LEVEL_KEYS)}The top level holds only "environments" (and optionally "$schema").`,
        ),
      );
    }
  }
  const environments: EnvironmentConfig[] = [];
  if (envsNode === null) {
    diags.push(
      error(
        'config.missing-environments',
        'No environments in config file',
        `${file}: there is no "environments" object. Add one, for example {"environments": {"staging": {"state": "envs/staging/terraform.tfstate"}}}.`,
      ),
    );
  } else if (envsNode.kind !== 'object') {
    diags.push(
      error(
        'config.wrong-type',
        'Invalid config file',
        `${file}:${formatPosition(envsNode.at)}: "environments" must be an object mapping environment names to their settings, not ${describeKind(envsNode)}.`,
      ),
    );
  } else {
    for (const m of uniqueMembers(envsNode.members, file, 'environments', diags)) {
      const env = parseEnvironment(m, file, diags);
      if (env !== null) environments.push(env);
    }
  }
  return diags.length > 0 ? fail(diags) : ok({ file, environments });
}

/** Members with duplicates reported (and dropped: the first definition stays, so later checks see one). */
function uniqueMembers(members: readonly JsonMember[], file: string, parent: string, diags: Diagnostic[]): JsonMember[] {
  const seen = new Map<string, Position>();
  const out: JsonMember[] = [];
  for (const m of members) {
    const first = seen.get(m.key);
    if (first === undefined) {
      seen.set(m.key, m.keyAt);
      out.push(m);
      continue;
    }
    const what =
      parent === 'environments'
        ? `environment "${m.key}" is defined twice (first at ${formatPosition(first)}). JSON keeps only the last definition, so a second one can silently undo the first; remove or rename one.`
        : `${parent === '' ? '' : `${parent}: `}key "${m.key}" appears twice (first at ${formatPosition(first)}); remove one.`;
    diags.push(error('config.duplicate-key', 'Duplicate key in config file', `${file}:${formatPosition(m.keyAt)}: ${what}`));
  }
  return out;
}

function parseEnvironment(member: JsonMember, file: string, diags: Diagnostic[]): EnvironmentConfig | null {
  const name = member.key;
  const where = (p: Position): string => `${file}:${formatPosition(p)}: environment "${name}"`;
  const before = diags.length;
  if (!ENV_NAME.test(name)) {
    diags.push(
      error(
        'config.invalid-environment-name',
        'Invalid environment name',
        `${file}:${formatPosition(member.keyAt)}: "${name}" is not a valid environment name. Use letters, digits, "-", "_" and ".", starting with a letter or digit: the name is typed after --env.`,
      ),
    );
  }
  const node = member.value;
  if (node.kind !== 'object') {
    diags.push(
      error(
        'config.wrong-type',
        'Invalid environment',
        `${where(node.at)} must be an object of settings such as {"state": "terraform.tfstate"}, not ${describeKind(node)}.`,
      ),
    );
    return null;
  }
  const values = new Map<string, { value: string | boolean | string[]; at: Position }>();
  const members = uniqueMembers(node.members, file, `environment "${name}"`, diags);
  for (const m of members) {
    const type = ENVIRONMENT_KEYS[m.key];
    if (type === undefined || !Object.hasOwn(ENVIRONMENT_KEYS, m.key)) {
      diags.push(
        error(
          'config.unknown-key',
          'Unknown key in config file',
          `${where(m.keyAt)}: unknown key "${m.key}". ${didYouMeanSentence(m.key, KEY_NAMES)}Valid keys: ${KEY_NAMES.join(', ')}.`,
        ),
      );
      continue;
    }
    const v = readValue(m, type, where(m.value.at), diags);
    if (v !== null) values.set(m.key, { value: v, at: m.value.at });
  }
  const state = values.get('state');
  if (!members.some((m) => m.key === 'state')) {
    diags.push(
      error(
        'config.missing-state',
        'Environment without state',
        `${where(member.keyAt)} has no "state". Give the state's location: a path relative to the config file's directory, or s3://BUCKET/KEY.`,
      ),
    );
  }
  const stateText = state?.value as string | undefined;
  const stateKind: 'local' | 's3' = stateText?.startsWith('s3://') === true ? 's3' : 'local';
  if (stateText !== undefined && stateKind === 'local' && /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(stateText)) {
    diags.push(
      error(
        'config.unsupported-state',
        'Unsupported state location',
        `${where(state!.at)}: "state" is "${stateText}", but tfstate opens local files and s3:// locations only. For another backend, copy the state with terraform state pull > FILE and use --state FILE.`,
      ),
    );
  } else if (stateText !== undefined && stateKind === 'local') {
    for (const [key, v] of values) {
      if (!S3_ONLY_KEYS.has(key)) continue;
      diags.push(
        error(
          'config.s3-only-key',
          'Setting for S3 states only',
          `${where(v.at)}: "${key}" applies only to S3 states, and this environment's state is the local file "${stateText}". Remove "${key}".`,
        ),
      );
    }
  }
  const workspace = values.get('workspace');
  if (workspace !== undefined) {
    const d = checkWorkspaceName(workspace.value as string, `${where(workspace.at)}: "workspace"`, 'config');
    if (d !== null) diags.push(d);
  }
  for (const key of ['endpoint', 'dynamodbEndpoint']) {
    const v = values.get(key);
    if (v !== undefined && !isHttpUrl(v.value as string)) {
      diags.push(
        error('config.invalid-endpoint', 'Invalid endpoint', `${where(v.at)}: "${key}" is "${v.value as string}", which is not an http:// or https:// URL.`),
      );
    }
  }
  const protect = values.get('protect');
  const patterns = protect === undefined ? [] : checkPatterns(protect.value as string[], where(protect.at), diags);
  if (diags.length > before) return null;
  const str = (k: string): string | undefined => values.get(k)?.value as string | undefined;
  const bool = (k: string): boolean | undefined => values.get(k)?.value as boolean | undefined;
  const optional = <T>(k: string, v: T | undefined): Record<string, T> => (v === undefined ? {} : { [k]: v });
  return {
    name,
    at: member.keyAt,
    state: stateText!,
    stateKind,
    protected: bool('protected') ?? false,
    workspace: str('workspace') ?? null,
    protect: patterns,
    onEdit: str('onEdit') ?? null,
    ...optional('region', str('region')),
    ...optional('dynamodbTable', str('dynamodbTable')),
    ...optional('useLockfile', bool('useLockfile')),
    ...optional('workspaceKeyPrefix', str('workspaceKeyPrefix')),
    ...optional('profile', str('profile')),
    ...optional('endpoint', str('endpoint')),
    ...optional('dynamodbEndpoint', str('dynamodbEndpoint')),
    ...optional('forcePathStyle', bool('forcePathStyle')),
  };
}

function readValue(m: JsonMember, type: KeyType, where: string, diags: Diagnostic[]): string | boolean | string[] | null {
  const v = m.value;
  const wrong = (expected: string): null => {
    diags.push(error('config.wrong-type', 'Wrong type in config file', `${where}: "${m.key}" must be ${expected}, not ${describeKind(v)}.`));
    return null;
  };
  if (type === 'boolean') return v.kind === 'boolean' ? v.value : wrong('a boolean (true or false)');
  if (type === 'string') {
    if (v.kind !== 'string') return wrong('a string');
    if (v.value === '' && !MAY_BE_EMPTY.has(m.key)) {
      diags.push(error('config.empty-value', 'Empty value in config file', `${where}: "${m.key}" is empty; give a value or remove the key.`));
      return null;
    }
    return v.value;
  }
  if (v.kind !== 'array') return wrong('an array of address patterns, such as ["module.database.*"]');
  const out: string[] = [];
  v.items.forEach((item, i) => {
    if (item.kind === 'string') out.push(item.value);
    else diags.push(error('config.wrong-type', 'Wrong type in config file', `${where}: "${m.key}"[${i}] must be a string (an address pattern), not ${describeKind(item)}.`));
  });
  return out.length === v.items.length ? out : null;
}

/** Validates protect patterns; returns them with exact addresses normalised (`aws_instance.web[ 0 ]` → `aws_instance.web[0]`). */
function checkPatterns(patterns: readonly string[], where: string, diags: Diagnostic[]): string[] {
  const out: string[] = [];
  patterns.forEach((p, i) => {
    const bad = (why: string): void => {
      diags.push(
        error(
          'config.invalid-pattern',
          'Invalid protect pattern',
          `${where}: "protect"[${i}] "${p}" is not a valid address pattern: ${why} Write a module, resource or instance address such as module.database, aws_db_instance.main or aws_instance.web[0]; * matches any run of characters.`,
        ),
      );
    };
    if (p.trim() === '') return bad('it is empty.');
    if (p.includes('*')) {
      // Printed addresses have no whitespace outside quoted keys, so such a pattern could never match.
      if (/\s/.test(p.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) return bad('it contains whitespace.');
      return void out.push(p);
    }
    const t = parseTarget(p);
    if (!t.ok) return bad(t.diags[0]!.detail);
    out.push(formatTarget(t.value));
  });
  return out;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
