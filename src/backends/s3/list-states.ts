/**
 * Listing the state objects under a prefix (`tfstate audit --all s3://b/p`).
 */
import './sdk-env.js';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createClients, type ClientTuning } from './clients.js';
import { stepError } from './aws-errors.js';
import { BACKUPS_SUFFIX, type S3Location } from './location.js';

/**
 * Every object key under `prefix` that looks like a state (`*.tfstate`, or
 * `terraform.tfstate` in workspaces), excluding our backups and lock files.
 * Sorted. Throws `S3BackendError` (step `list`) when S3 fails.
 */
export async function listStateKeys(location: Omit<S3Location, 'key'> & ClientTuning, prefix: string): Promise<string[]> {
  const clients = createClients({ ...location, key: prefix || 'x', dynamodbTable: undefined }, location);
  const keys: string[] = [];
  try {
    let token: string | undefined;
    do {
      const r = await clients.s3.send(new ListObjectsV2Command({ Bucket: location.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of r.Contents ?? []) {
        const k = o.Key ?? '';
        if (k.endsWith('.tfstate') && !k.includes(BACKUPS_SUFFIX)) keys.push(k);
      }
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
  } catch (e) {
    throw stepError('list', `listing s3://${location.bucket}/${prefix}`, e);
  } finally {
    clients.destroy();
  }
  return keys.sort();
}
