/**
 * Terraform's DynamoDB lock (terraform-state.md §10.2): the item
 * `{LockID: "<bucket>/<key>", Info: "<LockInfo JSON>"}`, created with
 * `attribute_not_exists(LockID)`.
 */
import './sdk-env.js';
import { DeleteItemCommand, GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LockMismatchError, type LockInfo } from '../../ports/backend.js';
import { marshalLockInfo } from '../../ports/lock-info.js';
import { isConditionalCheckFailed, stepError } from './aws-errors.js';
import { heldError, holderFrom, type LockMechanism } from './lock-mechanism.js';
import type { S3Names } from './location.js';

/** Creates the DynamoDB mechanism for a location and table. */
export function createDynamoDbLock(client: DynamoDBClient, table: string, names: S3Names): LockMechanism {
  const where = `DynamoDB table "${table}", item "${names.lockPath}"`;

  /** The raw Info text and its parse, or null when there is no lock item. */
  const read = async (step: 'lock' | 'unlock'): Promise<{ raw: string | null; info: LockInfo } | null> => {
    let item;
    try {
      const out = await client.send(
        new GetItemCommand({ TableName: table, Key: { LockID: { S: names.lockPath } }, ProjectionExpression: 'LockID, Info', ConsistentRead: true }),
      );
      item = out.Item;
    } catch (err) {
      throw stepError(step, `Reading the lock in ${where}`, err);
    }
    if (item === undefined) return null;
    const raw = item.Info?.S ?? null;
    return { raw, info: holderFrom(raw ?? '', where) };
  };

  return {
    where,

    async acquire(info) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: table,
            Item: { LockID: { S: names.lockPath }, Info: { S: marshalLockInfo(info) } },
            ConditionExpression: 'attribute_not_exists(LockID)',
          }),
        );
      } catch (err) {
        if (isConditionalCheckFailed(err)) throw heldError(where, (await read('lock'))?.info ?? null);
        throw stepError('lock', `Writing the lock to ${where}`, err);
      }
    },

    async holder() {
      return (await read('lock'))?.info ?? null;
    },

    async release(id) {
      const current = await read('unlock');
      if (current === null) return 'absent';
      if (current.info.ID !== id) {
        throw new LockMismatchError(`The ${where} holds lock ID "${current.info.ID}", not "${id}"; it was not removed.`);
      }
      try {
        // Delete only the record we compared, so a lock re-taken meanwhile survives.
        await client.send(
          new DeleteItemCommand({
            TableName: table,
            Key: { LockID: { S: names.lockPath } },
            ...(current.raw === null
              ? { ConditionExpression: 'attribute_exists(LockID) AND attribute_not_exists(#info)', ExpressionAttributeNames: { '#info': 'Info' } }
              : { ConditionExpression: '#info = :info', ExpressionAttributeNames: { '#info': 'Info' }, ExpressionAttributeValues: { ':info': { S: current.raw } } }),
          }),
        );
      } catch (err) {
        if (isConditionalCheckFailed(err)) {
          throw new LockMismatchError(`The lock in ${where} changed while it was being released; it was not removed. Check it with "tfstate lock status".`);
        }
        throw stepError('unlock', `Deleting the lock from ${where}`, err);
      }
      return 'released';
    },
  };
}
