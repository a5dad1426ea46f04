/**
 * Errors of the S3 backend. Each carries a stable `code`, a short `summary`
 * and an actionable `detail` (its `message` is `summary: detail`), and
 * converts to a diagnostic for the CLI with `toDiagnostic()`.
 *
 * The lock and conflict errors of the ports (`LockHeldError`,
 * `LockMismatchError`, `StateConflictError`) are thrown as they are; the
 * classes here cover everything else.
 */
import { error, type Diagnostic } from '../../core/diag/index.js';
import type { StoredBeforeFailing } from '../../ports/backend.js';

/** The step of the backend that failed, named in every message. */
export type S3Step = 'read' | 'write' | 'lock' | 'unlock' | 'digest' | 'backup' | 'list' | 'config';

/** A persistent failure of one step (after the SDK's retries). */
export class S3BackendError extends Error {
  constructor(
    readonly step: S3Step,
    readonly code: string,
    readonly summary: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${summary}: ${detail}`, options);
    this.name = 'S3BackendError';
  }

  /** The error as a diagnostic (`Error: <summary>\n\n<detail>` when formatted). */
  toDiagnostic(): Diagnostic {
    return error(this.code, this.summary, this.detail);
  }
}

/** The location is not valid (see `validateS3Location`). */
export class InvalidS3LocationError extends S3BackendError {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    const first = diagnostics[0];
    super('config', first?.code ?? 's3.invalid-location', first?.summary ?? 'Invalid S3 location', diagnostics.map((d) => d.detail).join('\n'));
    this.name = 'InvalidS3LocationError';
  }
}

/**
 * The state read from S3 does not match the MD5 digest stored in DynamoDB,
 * still after waiting, and no interrupted write of this tool explains it
 * (recover.ts finishes those). `message` is exactly Terraform's (≥ 1.6)
 * text, so users and runbooks recognise it; `detail` (and so the CLI's
 * diagnostic) adds what to check and the command that fixes the digest.
 */
export class ChecksumMismatchError extends S3BackendError {
  constructor(
    readonly bucket: string,
    readonly key: string,
    /** Hex MD5 of what S3 returned; '' when there is no object. */
    readonly calculated: string,
    /** Hex digest stored in DynamoDB. */
    readonly stored: string,
    /** The lock table holding the digest. */
    readonly table: string,
    /** The digest item's LockID (`<bucket>/<key>-md5`). */
    readonly digestId: string,
  ) {
    super(
      'digest',
      's3.checksum-mismatch',
      'state data in S3 does not have the expected content.',
      `${checksumDetail(bucket, key, calculated, stored)}\n\n${fixDetail(bucket, key, calculated, table, digestId)}`,
    );
    this.message = `${this.summary}\n\n${checksumDetail(bucket, key, calculated, stored)}`;
    this.name = 'ChecksumMismatchError';
  }
}

function fixDetail(bucket: string, key: string, calculated: string, table: string, digestId: string): string {
  const item = JSON.stringify({ LockID: { S: digestId } });
  if (calculated === '') {
    return `tfstate changed nothing. The state object s3://${bucket}/${key} is missing or empty. If it was deleted on purpose, remove the digest:
  aws dynamodb delete-item --table-name ${table} --key '${item}'
otherwise restore the state from a backup (tfstate backups lists them).`;
  }
  return `tfstate changed nothing: the object is not the state an interrupted tfstate write was storing (tfstate completes those itself before reading). Check that s3://${bucket}/${key} holds the state you expect (aws s3 cp s3://${bucket}/${key} -; tfstate backups lists the backups); if it does, set the digest to match it:
  aws dynamodb put-item --table-name ${table} --item '${JSON.stringify({ LockID: { S: digestId }, Digest: { S: calculated } })}'`;
}

function checksumDetail(bucket: string, key: string, calculated: string, stored: string): string {
  const resolution =
    calculated !== ''
      ? `If this problem persists, and neither S3 nor DynamoDB are experiencing an
outage, you may need to manually verify the remote state and update the Digest
value stored in the DynamoDB table to the following value: ${calculated}`
      : `If this problem persists, and neither S3 nor DynamoDB are experiencing an
outage, you may need to manually verify the remote state and remove the Digest
value stored in the DynamoDB table`;
  return `The checksum calculated for the state stored in S3 does not match the checksum
stored in DynamoDB.

Bucket: ${bucket}
Key:    ${key}
Calculated checksum: ${calculated}
Stored checksum:     ${stored}

This may be caused by unusually long delays in S3 processing a previous state
update. Please wait for a minute or two and try again.

${resolution}`;
}

/**
 * The state object was written, but its digest item in DynamoDB could not be
 * updated. Terraform would refuse the next read; the detail gives the value
 * to set, and says that the next tfstate command completes the update (the
 * write's recorded intent survives the failure). `version` is the new ETag
 * of the written state.
 */
export class DigestUpdateError extends S3BackendError implements StoredBeforeFailing {
  readonly storedBeforeFailing = true as const;
  /** What failed after the state was stored (see `StoredBeforeFailing`). */
  readonly failure: string;

  constructor(
    readonly version: string,
    readonly table: string,
    readonly digestId: string,
    readonly digest: string,
    url: string,
    reason: string,
    cause: unknown,
  ) {
    super(
      'digest',
      's3.digest-update-failed',
      'State written, but its digest is stale',
      `The new state was written to ${url}, but updating its MD5 digest in DynamoDB table "${table}" failed: ${reason}. ` +
        `Until the digest is fixed, Terraform will refuse to read this state ("state data in S3 does not have the expected content"). ` +
        `Set the Digest attribute of the item with LockID "${digestId}" to ${digest}, for example:\n` +
        `  aws dynamodb put-item --table-name ${table} --item '{"LockID":{"S":"${digestId}"},"Digest":{"S":"${digest}"}}'\n` +
        `or run any tfstate command on this state (e.g. tfstate list) once DynamoDB accepts writes again: it completes the update itself.`,
      { cause },
    );
    this.name = 'DigestUpdateError';
    this.failure = `updating its MD5 digest in DynamoDB table "${table}" failed: ${reason} (the next tfstate command on this state completes the update)`;
  }
}
