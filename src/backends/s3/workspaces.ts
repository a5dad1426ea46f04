/**
 * Workspaces of an S3 backend, found the way Terraform finds them
 * (terraform-state.md §10.2): objects `<prefix>/<workspace>/<key>` (or
 * `<workspace>/<key>` with an empty prefix), plus `default`.
 */
import './sdk-env.js';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { stepError } from './aws-errors.js';
import { DEFAULT_WORKSPACE_KEY_PREFIX, workspaceOfObjectKey, type S3Location } from './location.js';

/**
 * Lists the workspaces of `location` (its `workspace` is ignored):
 * `default` first, then the others sorted. `default` is listed even when its
 * state does not exist, as Terraform does. Throws `S3BackendError` (step
 * `list`) when S3 fails.
 */
export async function listWorkspacesWith(s3: S3Client, location: S3Location): Promise<string[]> {
  const prefix = location.workspaceKeyPrefix ?? DEFAULT_WORKSPACE_KEY_PREFIX;
  const found = new Set<string>();
  try {
    let token: string | undefined;
    do {
      const out = await s3.send(
        new ListObjectsV2Command({ Bucket: location.bucket, ...(prefix !== '' ? { Prefix: `${prefix}/` } : {}), ContinuationToken: token }),
      );
      for (const o of out.Contents ?? []) {
        const ws = workspaceOfObjectKey(o.Key ?? '', location.key, prefix);
        if (ws !== null && ws !== 'default') found.add(ws);
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token !== undefined);
  } catch (err) {
    throw stepError('list', `Listing the workspaces in s3://${location.bucket}/${prefix === '' ? '' : `${prefix}/`}`, err);
  }
  return ['default', ...[...found].sort()];
}
