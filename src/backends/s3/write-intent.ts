/**
 * The write intent: what a writer is about to store, recorded on the
 * DynamoDB digest item (`{LockID: "<bucket>/<key>-md5", Digest, TfstateWriteIntent}`)
 * before the state object is replaced.
 *
 * Writing S3 state takes two steps that cannot be made atomic: put the
 * object, then update its MD5 digest. A writer killed in between leaves a
 * digest that names the previous state, and Terraform then refuses to read
 * ("state data in S3 does not have the expected content"). The intent lets
 * the next reader tell that case apart from any other mismatch: when the
 * object's MD5 is the one the intent announced, the object holds exactly
 * the bytes an interrupted write was storing, and the digest can safely be
 * brought up to date.
 *
 * The intent is an extra attribute of the digest item, which Terraform
 * ignores when reading (it projects `LockID, Digest`) and removes when it
 * writes the digest (PutItem replaces the item). Writing the new digest the
 * same way removes the intent, so it only outlives a write that was
 * interrupted (or whose digest update failed).
 */
import './sdk-env.js';
import { GetItemCommand, PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { isConditionalCheckFailed } from './aws-errors.js';

/** The attribute of the digest item holding the intent (JSON of `WriteIntent`). */
export const INTENT_ATTRIBUTE = 'TfstateWriteIntent';

/** What an interrupted write was storing. */
export interface WriteIntent {
  /** Lower-case hex MD5 of the bytes being written. */
  readonly md5: string;
  readonly size: number;
  /** Where the backup of the replaced state is (s3:// URL), or null when none was made. */
  readonly backup: string | null;
  /** When the write started (ISO 8601 UTC). */
  readonly time: string;
}

/** The digest item as this tool reads it. */
export interface DigestItem {
  /** The stored digest (lower-case hex), or null when absent or not an MD5 (Terraform then skips its check). */
  readonly digest: string | null;
  /** The recorded intent, or null when there is none or it is unreadable. */
  readonly intent: WriteIntent | null;
  /** The intent attribute exactly as stored, for conditional updates; null when absent. */
  readonly intentRaw: string | null;
}

/** The item's key and the expression names every call uses. */
function keyOf(digestId: string) {
  return { Key: { LockID: { S: digestId } }, ExpressionAttributeNames: { '#intent': INTENT_ATTRIBUTE } };
}

function parseIntent(raw: string): WriteIntent | null {
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    if (typeof v.md5 !== 'string' || !/^[0-9a-f]{32}$/.test(v.md5)) return null;
    if (typeof v.size !== 'number' || typeof v.time !== 'string') return null;
    if (v.backup !== null && typeof v.backup !== 'string') return null;
    return { md5: v.md5, size: v.size, backup: v.backup as string | null, time: v.time };
  } catch {
    return null;
  }
}

/**
 * Records `intent` on the digest item (creating the item when missing,
 * leaving its Digest as it is). Call before putting the object. SDK errors
 * propagate.
 */
export async function recordWriteIntent(client: DynamoDBClient, table: string, digestId: string, intent: WriteIntent): Promise<void> {
  await client.send(
    new UpdateItemCommand({
      TableName: table,
      ...keyOf(digestId),
      UpdateExpression: 'SET #intent = :intent',
      ExpressionAttributeValues: { ':intent': { S: JSON.stringify(intent) } },
    }),
  );
}

/** Reads the digest item's Digest and intent (consistent read). SDK errors propagate. */
export async function readDigestItem(client: DynamoDBClient, table: string, digestId: string): Promise<DigestItem> {
  const out = await client.send(
    new GetItemCommand({
      TableName: table,
      ...keyOf(digestId),
      ProjectionExpression: 'Digest, #intent',
      ConsistentRead: true,
    }),
  );
  const digest = out.Item?.Digest?.S;
  const intentRaw = out.Item?.[INTENT_ATTRIBUTE]?.S ?? null;
  return {
    digest: digest !== undefined && /^[0-9a-fA-F]{32}$/.test(digest) ? digest.toLowerCase() : null,
    intent: intentRaw === null ? null : parseIntent(intentRaw),
    intentRaw,
  };
}

/**
 * Sets the Digest to `digest` and removes the intent, provided the intent is
 * still exactly `intentRaw` (so a newer write's record is never touched).
 * Returns false when it was not (nothing changed). Other SDK errors propagate.
 */
export async function completeWriteIntent(client: DynamoDBClient, table: string, digestId: string, intentRaw: string, digest: string): Promise<boolean> {
  try {
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: { LockID: { S: digestId }, Digest: { S: digest } },
        ConditionExpression: '#intent = :intent',
        ExpressionAttributeNames: { '#intent': INTENT_ATTRIBUTE },
        ExpressionAttributeValues: { ':intent': { S: intentRaw } },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}

/**
 * Removes the intent, provided it is still exactly `intentRaw`, leaving the
 * Digest as it is. Returns false when it was not (nothing changed). Other
 * SDK errors propagate.
 */
export async function discardWriteIntent(client: DynamoDBClient, table: string, digestId: string, intentRaw: string): Promise<boolean> {
  try {
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        ...keyOf(digestId),
        UpdateExpression: 'REMOVE #intent',
        ConditionExpression: '#intent = :intent',
        ExpressionAttributeValues: { ':intent': { S: intentRaw } },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}
