/**
 * Terraform's backend-config file, `.terraform/terraform.tfstate` (written
 * by `terraform init`; terraform-state.md §10.3): which backend the working
 * directory uses and its settings. This module reads the `local` and `s3`
 * backends into plain settings; paths stay relative to the working
 * directory (the caller resolves them). Pure.
 */
import { error, fail, ok, warning, type Diagnostic, type Result } from '../diag/index.js';
import { formatPosition, parseJsonTree, toPlain } from './json-tree.js';

/** A `backend "local"` block's settings (relative paths as written). */
export interface LocalBackendSettings {
  readonly type: 'local';
  /** `path`: the default workspace's state; null means `terraform.tfstate`. */
  readonly path: string | null;
  /** `workspace_dir`: where other workspaces live; null means `terraform.tfstate.d`. */
  readonly workspaceDir: string | null;
}

/** A `backend "s3"` block's settings, in this tool's names. Absent means unset. */
export interface S3BackendSettings {
  readonly type: 's3';
  readonly bucket: string;
  readonly key: string;
  readonly region?: string;
  readonly dynamodbTable?: string;
  readonly useLockfile?: boolean;
  readonly workspaceKeyPrefix?: string;
  readonly profile?: string;
  readonly endpoint?: string;
  readonly dynamodbEndpoint?: string;
  readonly forcePathStyle?: boolean;
  /** `access_key` / `secret_key` / `token`, when the block set them. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

/** What `.terraform/terraform.tfstate` says. `backend: null`: it names no backend (the default local state). */
export interface BackendState {
  readonly backend: LocalBackendSettings | S3BackendSettings | null;
}

/** S3 attributes this tool does not apply; set ones are reported in a warning. */
const S3_UNAPPLIED = [
  'assume_role',
  'assume_role_with_web_identity',
  'role_arn',
  'sse_customer_key',
  'shared_config_files',
  'shared_credentials_file',
  'shared_credentials_files',
  'custom_ca_bundle',
];

/**
 * Parses the backend-config file's text. `file` names it in messages.
 * Fails (`discovery.*`) on invalid JSON, a `version` other than 3, pluggable
 * state storage (`state_store`), a backend type other than `local` or `s3`
 * (suggesting `terraform state pull`), and an S3 block without bucket or
 * key. S3 settings this tool does not apply (assume_role, SSE-C, …) come
 * back as a `discovery.s3-setting-ignored` warning.
 */
export function parseBackendState(text: string, file: string): Result<BackendState> {
  const tree = parseJsonTree(text);
  if (!tree.ok) {
    return fail(
      error(
        'discovery.invalid-backend-state',
        'Invalid backend configuration',
        `${file}:${formatPosition(tree.at)}: ${tree.message}. The file is written by terraform init; run terraform init again to rewrite it.`,
      ),
    );
  }
  const root = toPlain(tree.root);
  if (!isObject(root)) return fail(invalid(file, 'it does not hold a JSON object'));
  if (root.version !== 3) {
    return fail(
      error(
        'discovery.backend-state-version',
        'Unsupported backend configuration version',
        `${file} has version ${JSON.stringify(root.version ?? null)}; tfstate reads version 3, which Terraform 0.12 and later write. Run terraform init with a current Terraform to rewrite it, or name the state with --state.`,
      ),
    );
  }
  if (isObject(root.state_store)) {
    const type = typeof root.state_store.type === 'string' ? ` "${root.state_store.type}"` : '';
    return fail(unsupported(file, `uses pluggable state storage (state_store${type})`));
  }
  if (root.backend === undefined || root.backend === null) return ok({ backend: null });
  if (!isObject(root.backend) || typeof root.backend.type !== 'string') return fail(invalid(file, '"backend" has no type'));
  const type = root.backend.type;
  const config = isObject(root.backend.config) ? root.backend.config : {};
  if (type === 'local') {
    return ok({ backend: { type: 'local', path: nonEmptyString(config.path) ?? null, workspaceDir: nonEmptyString(config.workspace_dir) ?? null } });
  }
  if (type === 's3') return s3Settings(config, file);
  return fail(unsupported(file, `uses the "${type}" backend`));
}

function s3Settings(c: Record<string, unknown>, file: string): Result<BackendState> {
  const bucket = nonEmptyString(c.bucket);
  const key = nonEmptyString(c.key);
  if (bucket === undefined || key === undefined) {
    return fail(invalid(file, `its s3 backend has no ${bucket === undefined ? '"bucket"' : '"key"'}`));
  }
  const endpoints = isObject(c.endpoints) ? c.endpoints : {};
  const endpoint = nonEmptyString(endpoints.s3) ?? nonEmptyString(c.endpoint);
  const dynamodbEndpoint = nonEmptyString(endpoints.dynamodb) ?? nonEmptyString(c.dynamodb_endpoint);
  const forcePathStyle = bool(c.use_path_style) ?? bool(c.force_path_style);
  const accessKey = nonEmptyString(c.access_key);
  const secretKey = nonEmptyString(c.secret_key);
  const token = nonEmptyString(c.token);
  const settings: S3BackendSettings = {
    type: 's3',
    bucket,
    key,
    ...opt('region', nonEmptyString(c.region)),
    ...opt('dynamodbTable', nonEmptyString(c.dynamodb_table)),
    ...opt('useLockfile', bool(c.use_lockfile)),
    ...opt('workspaceKeyPrefix', typeof c.workspace_key_prefix === 'string' ? c.workspace_key_prefix : undefined),
    ...opt('profile', nonEmptyString(c.profile)),
    ...opt('endpoint', endpoint),
    ...opt('dynamodbEndpoint', dynamodbEndpoint),
    ...opt('forcePathStyle', forcePathStyle),
    ...(accessKey !== undefined && secretKey !== undefined
      ? { credentials: { accessKeyId: accessKey, secretAccessKey: secretKey, ...opt('sessionToken', token) } }
      : {}),
  };
  const unapplied = S3_UNAPPLIED.filter((k) => c[k] !== undefined && c[k] !== null);
  const diags: Diagnostic[] = [];
  if (unapplied.length > 0) {
    diags.push(
      warning(
        'discovery.s3-setting-ignored',
        'S3 backend settings not applied',
        `${file} sets ${unapplied.join(', ')} for the s3 backend, which tfstate does not apply: it reaches S3 with the AWS SDK's default credentials (AWS_PROFILE, environment variables, SSO, instance role). If that is not the identity Terraform uses, set the credentials in the environment, or configure the environment in tfstate.config.json.`,
      ),
    );
  }
  return ok({ backend: settings }, diags);
}

function unsupported(file: string, what: string): Diagnostic {
  return error(
    'discovery.unsupported-backend',
    'Unsupported backend',
    `This working directory ${what} (${file}); tfstate opens local and s3 states only. Copy the state to a file with terraform state pull > state.tfstate, inspect or edit it with --state state.tfstate, and upload it back with terraform state push state.tfstate.`,
  );
}

function invalid(file: string, why: string): Diagnostic {
  return error(
    'discovery.invalid-backend-state',
    'Invalid backend configuration',
    `${file} is not a backend configuration Terraform writes: ${why}. Run terraform init to rewrite it, or name the state with --state.`,
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

function opt<K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [k]: v }) as { [P in K]?: V };
}
