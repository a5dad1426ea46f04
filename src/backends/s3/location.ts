/**
 * Where a state lives in S3, and the names Terraform's S3 backend derives
 * from it (terraform-state.md §10.2): the object key per workspace, the lock
 * file, the DynamoDB lock and digest items, and the backup prefix.
 *
 * Pure functions: no SDK, no I/O.
 */
import { error, fail, ok, type Diagnostic, type Result } from '../../core/diag/index.js';

/** Static AWS credentials (tests, or callers that resolved them already). */
export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/**
 * An S3 backend location, with the same meaning as the attributes of
 * Terraform's `backend "s3"` block.
 */
export interface S3Location {
  readonly bucket: string;
  /** The default workspace's object key. Must not start or end with `/` nor contain `//`. */
  readonly key: string;
  /** Terraform workspace; `default` when absent. */
  readonly workspace?: string;
  /** Prefix for non-default workspaces; `env:` when absent. Must not start or end with `/`. */
  readonly workspaceKeyPrefix?: string;
  readonly region?: string;
  /** Shared-config profile for the SDK's credential chain. */
  readonly profile?: string;
  /** S3 endpoint for S3-compatible stores; else `AWS_ENDPOINT_URL_S3`, else AWS. */
  readonly endpoint?: string;
  /** DynamoDB endpoint; else `AWS_ENDPOINT_URL_DYNAMODB`, else AWS. */
  readonly dynamodbEndpoint?: string;
  /** Path-style addressing; defaults to true when the S3 endpoint is custom. */
  readonly forcePathStyle?: boolean;
  /** DynamoDB table for the lock and the MD5 digest (hash key `LockID`). */
  readonly dynamodbTable?: string;
  /** Lock with a `<key>.tflock` object (Terraform ≥ 1.10 `use_lockfile`). */
  readonly useLockfile?: boolean;
  /** Static credentials; when absent the SDK's default chain is used. */
  readonly credentials?: S3Credentials;
}

/** The default `workspace_key_prefix`. */
export const DEFAULT_WORKSPACE_KEY_PREFIX = 'env:';
/** Suffix of the S3 lock object. */
export const LOCK_FILE_SUFFIX = '.tflock';
/** Suffix of the DynamoDB digest item's LockID. */
export const DIGEST_ID_SUFFIX = '-md5';
/** Suffix of the folder holding this tool's backups, after the object key. */
export const BACKUPS_SUFFIX = '.backups/';

/**
 * Parses `s3://bucket/key`. The key is taken verbatim (no percent-decoding).
 * Fails with `s3.invalid-url` when the scheme, bucket or key is missing.
 */
export function parseS3Url(url: string): Result<{ bucket: string; key: string }> {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (m === null) {
    return fail(
      error('s3.invalid-url', 'Invalid S3 location', `"${url}" is not an S3 location. Write it as s3://BUCKET/KEY, for example s3://acme-tfstate/prod/terraform.tfstate.`),
    );
  }
  return ok({ bucket: m[1], key: m[2] });
}

/**
 * True when `name` is a valid Terraform workspace name: non-empty and
 * unchanged by Go's `url.PathEscape` (letters, digits and `-_.~$&+:=@`).
 */
export function isValidWorkspaceName(name: string): boolean {
  return /^[A-Za-z0-9\-_.~$&+:=@]+$/.test(name);
}

/**
 * Checks a location the way Terraform's S3 backend validates its block.
 * Returns every problem found (empty when valid).
 */
export function validateS3Location(location: S3Location): Diagnostic[] {
  const diags: Diagnostic[] = [];
  const { bucket, key } = location;
  const prefix = location.workspaceKeyPrefix ?? DEFAULT_WORKSPACE_KEY_PREFIX;
  const workspace = location.workspace ?? 'default';
  if (bucket === '' || bucket.includes('/')) {
    diags.push(error('s3.invalid-bucket', 'Invalid S3 bucket name', `The bucket name "${bucket}" is not valid: it must be non-empty and must not contain "/".`));
  }
  if (key === '') {
    diags.push(error('s3.invalid-key', 'Invalid S3 key', 'The S3 key is empty. Give the object key of the state, for example prod/terraform.tfstate.'));
  } else if (key.startsWith('/') || key.endsWith('/')) {
    diags.push(error('s3.invalid-key', 'Invalid S3 key', `The S3 key "${key}" must not start or end with "/"; Terraform rejects such keys. Remove the leading or trailing slash.`));
  } else if (key.includes('//')) {
    diags.push(error('s3.invalid-key', 'Invalid S3 key', `The S3 key "${key}" must not contain "//"; Terraform rejects such keys.`));
  }
  if (prefix.startsWith('/') || prefix.endsWith('/')) {
    diags.push(
      error(
        's3.invalid-workspace-key-prefix',
        'Invalid workspace key prefix',
        `The workspace key prefix "${prefix}" must not start or end with "/"; Terraform rejects such prefixes. Remove the leading or trailing slash.`,
      ),
    );
  }
  if (!isValidWorkspaceName(workspace)) {
    diags.push(
      error(
        's3.invalid-workspace',
        'Invalid workspace name',
        `The workspace name "${workspace}" is not valid: Terraform workspace names may contain only letters, digits and the characters - _ . ~ $ & + : = @.`,
      ),
    );
  }
  return diags;
}

/**
 * The object key of the location's workspace: `key` for `default`, else
 * `<prefix>/<workspace>/<key>` (`<workspace>/<key>` with an empty prefix).
 * Fails with the diagnostics of `validateS3Location`.
 */
export function objectKeyFor(location: S3Location): Result<string> {
  const diags = validateS3Location(location);
  if (diags.length > 0) return fail(diags);
  return ok(unsafeObjectKey(location));
}

/** `objectKeyFor` without validation; callers must have validated. */
export function unsafeObjectKey(location: S3Location): string {
  const workspace = location.workspace ?? 'default';
  if (workspace === 'default') return location.key;
  const prefix = location.workspaceKeyPrefix ?? DEFAULT_WORKSPACE_KEY_PREFIX;
  return prefix === '' ? `${workspace}/${location.key}` : `${prefix}/${workspace}/${location.key}`;
}

/** Names derived from a validated location. */
export interface S3Names {
  readonly bucket: string;
  readonly objectKey: string;
  /** `s3://bucket/objectKey`. */
  readonly url: string;
  /** DynamoDB LockID of the lock item and LockInfo.Path: `<bucket>/<objectKey>`. */
  readonly lockPath: string;
  /** DynamoDB LockID of the digest item: `<bucket>/<objectKey>-md5`. */
  readonly digestId: string;
  /** The lock object's key: `<objectKey>.tflock`. */
  readonly lockFileKey: string;
  /** Prefix of the backups: `<objectKey>.backups/`. */
  readonly backupsPrefix: string;
}

/** Derives every name from a validated location. */
export function namesFor(location: S3Location): S3Names {
  const objectKey = unsafeObjectKey(location);
  const lockPath = `${location.bucket}/${objectKey}`;
  return {
    bucket: location.bucket,
    objectKey,
    url: `s3://${location.bucket}/${objectKey}`,
    lockPath,
    digestId: `${lockPath}${DIGEST_ID_SUFFIX}`,
    lockFileKey: `${objectKey}${LOCK_FILE_SUFFIX}`,
    backupsPrefix: `${objectKey}${BACKUPS_SUFFIX}`,
  };
}

/**
 * The workspace a listed object key belongs to, or null when the key is not a
 * state of this backend: `<prefix>/<ws>/<key>` (or `<ws>/<key>` with an empty
 * prefix). The default workspace (`key` itself) is not matched here.
 */
export function workspaceOfObjectKey(objectKey: string, key: string, workspaceKeyPrefix: string): string | null {
  let rest = objectKey;
  if (workspaceKeyPrefix !== '') {
    if (!rest.startsWith(`${workspaceKeyPrefix}/`)) return null;
    rest = rest.slice(workspaceKeyPrefix.length + 1);
  }
  const slash = rest.indexOf('/');
  if (slash <= 0) return null;
  const workspace = rest.slice(0, slash);
  return rest.slice(slash + 1) === key && isValidWorkspaceName(workspace) ? workspace : null;
}
