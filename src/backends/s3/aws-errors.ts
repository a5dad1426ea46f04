/**
 * Reading SDK errors without importing the SDK: classification (not found,
 * precondition failed, conditional check failed) and a one-line description
 * for users, plus the builder of step errors.
 */
import { S3BackendError, type S3Step } from './errors.js';

/** What this backend reads from an SDK error. */
interface AwsErrorShape {
  name?: string;
  message?: string;
  Code?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/** The HTTP status of an SDK error, if it got a response. */
export function httpStatusOf(err: unknown): number | undefined {
  return (err as AwsErrorShape | null)?.$metadata?.httpStatusCode;
}

/** The error's AWS code (`NoSuchKey`, `PreconditionFailed`, …) or its name. */
export function awsCodeOf(err: unknown): string {
  const e = err as AwsErrorShape | null;
  return e?.Code ?? e?.name ?? e?.code ?? 'Error';
}

/** True for "no such object" answers (GET 404 / HEAD 404). */
export function isNotFound(err: unknown): boolean {
  const code = awsCodeOf(err);
  return code === 'NoSuchKey' || code === 'NotFound' || (httpStatusOf(err) === 404 && code !== 'NoSuchBucket');
}

/** True for a failed S3 precondition (If-Match / If-None-Match). */
export function isPreconditionFailed(err: unknown): boolean {
  return httpStatusOf(err) === 412 || awsCodeOf(err) === 'PreconditionFailed';
}

/** True when a concurrent conditional write won (S3 answers 409 ConditionalRequestConflict). */
export function isConditionalConflict(err: unknown): boolean {
  return awsCodeOf(err) === 'ConditionalRequestConflict';
}

/** True when a DynamoDB condition expression failed. */
export function isConditionalCheckFailed(err: unknown): boolean {
  return awsCodeOf(err) === 'ConditionalCheckFailedException';
}

/**
 * One line describing an SDK error for users: `Code: message (HTTP 500,
 * after 4 attempts)`. Never includes request signatures or credentials.
 */
export function describeAwsError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as AwsErrorShape;
  const code = awsCodeOf(err);
  const text = e.message && e.message !== code && e.message !== 'UnknownError' ? `${code}: ${e.message}` : code;
  const facts: string[] = [];
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined) facts.push(`HTTP ${status}`);
  const attempts = e.$metadata?.attempts;
  if (attempts !== undefined && attempts > 1) facts.push(`after ${attempts} attempts`);
  return facts.length > 0 ? `${text} (${facts.join(', ')})` : text;
}

/** Hints appended to a failure's detail for well-known causes. */
function hintFor(err: unknown): string {
  const code = awsCodeOf(err);
  const name = (err as { name?: string } | null)?.name ?? '';
  if (code === 'AccessDenied' || code === 'AccessDeniedException' || code === 'Forbidden' || httpStatusOf(err) === 403) {
    return ' Check that the credentials in use (profile, environment or role) are allowed to access this bucket and table.';
  }
  if (name === 'CredentialsProviderError' || code === 'InvalidAccessKeyId' || code === 'ExpiredToken' || code === 'UnrecognizedClientException') {
    return ' Check the AWS credentials: set a profile, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or log in with `aws sso login`.';
  }
  if (/Region is missing/i.test((err as { message?: string } | null)?.message ?? '')) {
    return ' Set "region" for this environment in tfstate.config.json, or AWS_REGION.';
  }
  if (code === 'ResourceNotFoundException') {
    return ' Check that the DynamoDB table exists in this region and has the hash key LockID (String).';
  }
  return '';
}

/**
 * Wraps a persistent SDK failure of `step` in an `S3BackendError` whose
 * detail says what was being done, where, the SDK's answer, and a hint.
 */
export function stepError(step: S3Step, doing: string, err: unknown): S3BackendError {
  if (err instanceof S3BackendError) return err;
  const code = awsCodeOf(err);
  if (code === 'NoSuchBucket') {
    return new S3BackendError(
      step,
      's3.no-such-bucket',
      'S3 bucket does not exist',
      `${doing} failed: ${describeAwsError(err)}. The bucket must exist before it is used; check its name and region.`,
      { cause: err },
    );
  }
  const summaries: Record<S3Step, string> = {
    read: 'Failed to read the state',
    write: 'Failed to write the state',
    lock: 'Failed to lock the state',
    unlock: 'Failed to unlock the state',
    digest: 'Failed to access the state digest',
    backup: 'Failed to access the backups',
    list: 'Failed to list workspaces',
    config: 'Invalid S3 backend configuration',
  };
  return new S3BackendError(step, `s3.${step}-failed`, summaries[step], `${doing} failed: ${describeAwsError(err)}.${hintFor(err)}`, { cause: err });
}
