/**
 * Shared setup for the S3 backend tests: one S3 and one DynamoDB test server
 * per file, a fresh bucket and lock table per test, and backends that are
 * closed afterwards.
 */
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { LockInfo } from '../../../src/ports/lock-info.js';
import { createS3Backend, type S3Backend, type S3BackendConfig } from '../../../src/backends/s3/index.js';
import { startDynamo, type DynamoTestServer } from '../../support/dynamo-server.js';
import { startS3Server, type S3TestServer } from '../../support/s3-server.js';

/** The lock variants Terraform's S3 backend supports. */
export type LockMode = 'dynamodb' | 'lockfile' | 'both';

export const LOCK_MODES: readonly LockMode[] = ['dynamodb', 'lockfile', 'both'];

/** Per-test fixture: servers, a fresh bucket and table, and a backend factory. */
export interface S3Fixture {
  readonly s3: S3TestServer;
  readonly dynamo: DynamoTestServer;
  /** The bucket of the current test. */
  readonly bucket: string;
  /** The lock table of the current test. */
  readonly table: string;
  /** A backend on `bucket`/`key` (default `prod/terraform.tfstate`) with test endpoints and credentials. */
  backend(overrides?: Partial<S3BackendConfig>): S3Backend;
  /** A backend configured for one lock mode. */
  backendFor(mode: LockMode, overrides?: Partial<S3BackendConfig>): S3Backend;
  /** The configuration `backendFor` uses (`none`: no locking), for callers that manage backends themselves. */
  configFor(mode: LockMode | 'none', overrides?: Partial<S3BackendConfig>): S3BackendConfig;
  /** Creates a fresh bucket and table; called by `beforeEach` through `freshBucket`. */
  fresh(): Promise<void>;
  /** Reads an object's bytes directly, or null. */
  objectText(key: string): Promise<string | null>;
  /** Writes an object directly (bypassing the backend). */
  putObject(key: string, body: string, extra?: Partial<PutObjectCommandInput>): Promise<string>;
  /** The object's Content-Type and ETag, directly. */
  head(key: string): Promise<{ contentType: string | undefined; etag: string | undefined } | null>;
  /** A DynamoDB item's string attributes, or null. */
  item(lockId: string): Promise<Record<string, string> | null>;
  /** Writes a DynamoDB item directly. */
  putItem(item: Record<string, string>): Promise<void>;
}

export const STATE_KEY = 'prod/terraform.tfstate';
export const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

/** A LockInfo with fixed fields, for lock tests. */
export function lockInfo(overrides: Partial<LockInfo> = {}): LockInfo {
  return {
    ID: '11111111-2222-3333-4444-555555555555',
    Operation: 'state-mv',
    Info: '',
    Who: 'alice@laptop',
    Version: '0.1.0',
    Created: '2026-11-28T18:30:12.123456789Z',
    Path: '',
    ...overrides,
  };
}

/**
 * Registers the servers for the calling test file (beforeAll/afterAll) and
 * returns the fixture; call `fixture.fresh()` in `beforeEach`.
 */
export function useS3Fixture(): S3Fixture {
  let s3!: S3TestServer;
  let dynamo!: DynamoTestServer;
  let counter = 0;
  let bucket = '';
  let table = '';
  const open: S3Backend[] = [];

  beforeAll(async () => {
    [s3, dynamo] = await Promise.all([startS3Server(), startDynamo()]);
  });
  afterEach(async () => {
    s3.clearFaults();
    dynamo.clearFaults();
    s3.setConditionalWrites('enforce');
    await Promise.all(open.splice(0).map((b) => b.close()));
  });
  afterAll(async () => {
    await Promise.all([s3?.stop(), dynamo?.stop()]);
  });

  const config = (overrides: Partial<S3BackendConfig> = {}): S3BackendConfig => ({
    bucket,
    key: STATE_KEY,
    endpoint: s3.endpoint,
    dynamodbEndpoint: dynamo.endpoint,
    credentials: CREDENTIALS,
    maxAttempts: 2,
    ...overrides,
  });
  const configFor = (mode: LockMode | 'none', overrides: Partial<S3BackendConfig> = {}): S3BackendConfig =>
    config({
      ...(mode === 'dynamodb' || mode === 'both' ? { dynamodbTable: table } : {}),
      ...(mode === 'lockfile' || mode === 'both' ? { useLockfile: true } : {}),
      ...overrides,
    });
  const backend = (overrides: Partial<S3BackendConfig> = {}): S3Backend => {
    const b = createS3Backend(config(overrides));
    open.push(b);
    return b;
  };

  return {
    get s3() {
      return s3;
    },
    get dynamo() {
      return dynamo;
    },
    get bucket() {
      return bucket;
    },
    get table() {
      return table;
    },
    backend,
    backendFor(mode, overrides = {}) {
      const b = createS3Backend(configFor(mode, overrides));
      open.push(b);
      return b;
    },
    configFor,
    async fresh() {
      counter += 1;
      bucket = `bucket-${counter}`;
      table = `locks-${counter}`;
      await Promise.all([s3.createBucket(bucket), dynamo.createLockTable(table)]);
    },
    async objectText(key) {
      try {
        const out = await s3.client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return (await out.Body?.transformToString('utf8')) ?? '';
      } catch (err) {
        if ((err as { name?: string }).name === 'NoSuchKey') return null;
        throw err;
      }
    },
    async putObject(key, body, extra = {}) {
      const out = await s3.client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...extra }));
      return out.ETag ?? '';
    },
    async head(key) {
      try {
        const out = await s3.client().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { contentType: out.ContentType, etag: out.ETag };
      } catch (err) {
        if ((err as { name?: string }).name === 'NotFound') return null;
        throw err;
      }
    },
    async item(lockId) {
      const out = await dynamo.client().send(new GetItemCommand({ TableName: table, Key: { LockID: { S: lockId } }, ConsistentRead: true }));
      if (out.Item === undefined) return null;
      return Object.fromEntries(Object.entries(out.Item).map(([k, v]) => [k, v.S ?? '']));
    },
    async putItem(item) {
      await dynamo.client().send(new PutItemCommand({ TableName: table, Item: Object.fromEntries(Object.entries(item).map(([k, v]) => [k, { S: v }])) }));
    },
  };
}

/** UTF-8 bytes of a string. */
export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** A small valid state whose serial is `serial`. */
export function stateText(serial: number): string {
  return `{\n  "version": 4,\n  "terraform_version": "1.11.4",\n  "serial": ${serial},\n  "lineage": "3f1c0a52-8d4e-4b1a-9f0e-1c2d3e4f5a6b",\n  "outputs": {\n    "note": {\n      "value": "caf\u00e9 \\u003c\\u003e",\n      "type": "string"\n    }\n  },\n  "resources": [],\n  "check_results": null\n}\n`;
}
