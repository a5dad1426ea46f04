/**
 * The MD5 digest item Terraform keeps in the DynamoDB lock table
 * (terraform-state.md §10.2): `{LockID: "<bucket>/<key>-md5", Digest: hex}`.
 * Terraform compares it with the MD5 of every state it reads, so whoever
 * writes the state must update it.
 */
import './sdk-env.js';
import { createHash } from 'node:crypto';
import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Lower-case hex MD5 of `bytes`. */
export function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/**
 * Reads the stored digest. Returns null when the item is missing or its
 * Digest is not a 32-digit hex MD5 (Terraform then skips the check). SDK
 * errors propagate.
 */
export async function readDigest(client: DynamoDBClient, table: string, digestId: string): Promise<string | null> {
  const out = await client.send(
    new GetItemCommand({
      TableName: table,
      Key: { LockID: { S: digestId } },
      ProjectionExpression: 'LockID, Digest',
      ConsistentRead: true,
    }),
  );
  const digest = out.Item?.Digest?.S;
  return digest !== undefined && /^[0-9a-fA-F]{32}$/.test(digest) ? digest.toLowerCase() : null;
}

/** Stores `digest` (hex) as the item's Digest, unconditionally. SDK errors propagate. */
export async function writeDigest(client: DynamoDBClient, table: string, digestId: string, digest: string): Promise<void> {
  await client.send(
    new PutItemCommand({
      TableName: table,
      Item: { LockID: { S: digestId }, Digest: { S: digest } },
    }),
  );
}
