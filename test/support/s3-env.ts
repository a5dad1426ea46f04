/**
 * An S3 + DynamoDB environment for CLI tests: in-process servers, a bucket
 * and lock table, a tfstate.config.json pointing at them, and the
 * environment variables the CLI needs (dummy credentials, no metadata calls).
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamo, type DynamoTestServer } from './dynamo-server.js';
import { startS3Server, type S3TestServer } from './s3-server.js';
import { FIXTURES } from './state-fixtures.js';

/** A running S3 environment. */
export interface S3Env {
  readonly s3: S3TestServer;
  readonly dynamo: DynamoTestServer;
  readonly dir: string;
  readonly env: Record<string, string>;
  readonly bucket: string;
  readonly key: string;
  put(fixture: string): Promise<void>;
  putText(text: string): Promise<void>;
  object(): Promise<string>;
  digest(): Promise<string | null>;
  /** True when the DynamoDB lock item or the `.tflock` object exists. */
  locked(): Promise<boolean>;
  stop(): Promise<void>;
}

/** Starts servers and writes a config with one protected S3 environment `prod` (DynamoDB + .tflock). */
export async function startS3Env(): Promise<S3Env> {
  const s3 = await startS3Server();
  const dynamo = await startDynamo();
  const bucket = 'acme-tfstate';
  const key = 'prod/terraform.tfstate';
  await s3.createBucket(bucket);
  await dynamo.createLockTable('locks');
  const dir = mkdtempSync(join(tmpdir(), 'tfstate-s3cli-'));
  writeFileSync(
    join(dir, 'tfstate.config.json'),
    JSON.stringify(
      {
        environments: {
          prod: { state: `s3://${bucket}/${key}`, region: 'us-east-1', endpoint: s3.endpoint, dynamodbEndpoint: dynamo.endpoint, dynamodbTable: 'locks', useLockfile: true, protected: true, forcePathStyle: true },
        },
      },
      null,
      2,
    ),
  );
  const env = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true', AWS_REGION: 'us-east-1' };
  const client = s3.client();
  /** Writes the state object and its digest item, as Terraform would. */
  const putText = async (text: string): Promise<void> => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: text, ContentType: 'application/json' }));
    const digest = createHash('md5').update(text).digest('hex');
    await dynamo.client().send(new PutItemCommand({ TableName: 'locks', Item: { LockID: { S: `${bucket}/${key}-md5` }, Digest: { S: digest } } }));
  };
  return {
    s3,
    dynamo,
    dir,
    env,
    bucket,
    key,
    put: (fixture) => putText(readFileSync(join(FIXTURES, fixture), 'utf8')),
    putText,
    async object() {
      const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await r.Body!.transformToString()) ?? '';
    },
    async digest() {
      const r = await dynamo.client().send(new GetItemCommand({ TableName: 'locks', Key: { LockID: { S: `${bucket}/${key}-md5` } } }));
      return r.Item?.Digest?.S ?? null;
    },
    async locked() {
      const item = await dynamo.client().send(new GetItemCommand({ TableName: 'locks', Key: { LockID: { S: `${bucket}/${key}` } }, ConsistentRead: true }));
      const object = await client
        .send(new HeadObjectCommand({ Bucket: bucket, Key: `${key}.tflock` }))
        .then(() => true)
        .catch(() => false);
      return item.Item !== undefined || object;
    },
    async stop() {
      await s3.stop();
      await dynamo.stop();
    },
  };
}
