/**
 * Our S3 backend against Terraform 1.11's, on the same test S3 and DynamoDB
 * servers with the same `backend "s3"` settings (DynamoDB table and
 * `use_lockfile`): each reads the other's state (including the MD5 digest
 * check), and each side's lock keeps the other out, naming the holder.
 * Terraform holds its lock with `terraform console` (design.md §10).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createS3Backend, type S3Backend, type S3BackendConfig } from '../../src/backends/s3/index.js';
import { LockHeldError } from '../../src/ports/backend.js';
import type { LockInfo } from '../../src/ports/lock-info.js';
import { startDynamo, type DynamoTestServer } from '../support/dynamo-server.js';
import { startS3Server, type S3TestServer } from '../support/s3-server.js';

const BUCKET = 'tfstate-interop';
const KEY = 'prod/terraform.tfstate';
const TABLE = 'locks';
const OUR_ID = '0a0a0a0a-1111-4222-8333-444444444444';

function state(serial: number, names: readonly string[]): string {
  const resources = names.map(
    (name) => `    {
      "mode": "managed",
      "type": "null_resource",
      "name": "${name}",
      "provider": "provider[\\"registry.terraform.io/hashicorp/null\\"]",
      "instances": [
        {
          "schema_version": 0,
          "attributes": {
            "id": "${name}-id",
            "triggers": null
          },
          "sensitive_attributes": []
        }
      ]
    }`,
  );
  return `{
  "version": 4,
  "terraform_version": "1.11.4",
  "serial": ${serial},
  "lineage": "3f4a1e8c-1b2c-4d5e-8f90-123456789abc",
  "outputs": {},
  "resources": [
${resources.join(',\n')}
  ],
  "check_results": null
}
`;
}

const ourLock = (): LockInfo => ({
  ID: OUR_ID,
  Operation: 'state-mv',
  Info: '',
  Who: 'tester@host',
  Version: '0.1.0',
  Created: '2026-11-28T18:30:12.000000000Z',
  Path: '',
});

describe('S3 backend interop with terraform', () => {
  let s3: S3TestServer;
  let dynamo: DynamoTestServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let config: S3BackendConfig;
  const backends: S3Backend[] = [];
  let console_: ChildProcess | null = null;

  const backend = (): S3Backend => {
    const b = createS3Backend(config);
    backends.push(b);
    return b;
  };

  const terraform = (args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile('terraform', [...args], { cwd: dir, env, timeout: 90_000 }, (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1;
        resolve({ code, stdout, stderr });
      });
    });

  beforeAll(async () => {
    [s3, dynamo] = await Promise.all([startS3Server(), startDynamo()]);
    await Promise.all([s3.createBucket(BUCKET), dynamo.createLockTable(TABLE)]);
    dir = await mkdtemp(path.join(tmpdir(), 'tfstate-interop-s3-'));
    const cliConfig = path.join(dir, 'cli.tfrc');
    await writeFile(cliConfig, '');
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('TF_')));
    env = { ...clean, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', AWS_EC2_METADATA_DISABLED: 'true' };
    await writeFile(
      path.join(dir, 'main.tf'),
      `terraform {
  backend "s3" {
    bucket                      = "${BUCKET}"
    key                         = "${KEY}"
    region                      = "us-east-1"
    endpoints = {
      s3       = "${s3.endpoint}"
      dynamodb = "${dynamo.endpoint}"
    }
    use_path_style              = true
    skip_credentials_validation = true
    skip_requesting_account_id  = true
    skip_metadata_api_check     = true
    skip_region_validation      = true
    skip_s3_checksum            = true
    access_key                  = "test"
    secret_key                  = "test"
    dynamodb_table              = "${TABLE}"
    use_lockfile                = true
  }
}
`,
    );
    config = {
      bucket: BUCKET,
      key: KEY,
      region: 'us-east-1',
      endpoint: s3.endpoint,
      dynamodbEndpoint: dynamo.endpoint,
      dynamodbTable: TABLE,
      useLockfile: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
    const init = await terraform(['init', '-input=false', '-no-color']);
    expect(init.code, init.stderr).toBe(0);
  });

  afterEach(async () => {
    if (console_ !== null && console_.exitCode === null) {
      console_.kill('SIGKILL');
      await new Promise((r) => console_!.once('exit', r));
    }
    console_ = null;
    await Promise.all(backends.splice(0).map((b) => b.close()));
  });

  afterAll(async () => {
    await Promise.all([s3?.stop(), dynamo?.stop()]);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  /** Writes `text` as the state through our backend, replacing whatever is there. */
  const writeOurs = async (text: string): Promise<void> => {
    const store = backend().store;
    const { version } = await store.read();
    await store.write(Buffer.from(text, 'utf8'), { ifVersion: version, backup: null });
  };

  /** The state object's text, read directly. */
  const s3Text = async (): Promise<string> => {
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const out = await s3.client().send(new GetObjectCommand({ Bucket: BUCKET, Key: KEY }));
    return (await out.Body?.transformToString('utf8')) ?? '';
  };

  it('terraform reads a state we wrote, digest included', async () => {
    await writeOurs(state(1, ['a', 'b']));
    const list = await terraform(['state', 'list', '-no-color']);
    expect(list.stderr).toBe('');
    expect(list.stdout).toBe('null_resource.a\nnull_resource.b\n');
  });

  it('we read a state terraform wrote, digest included', async () => {
    await writeOurs(state(1, ['a', 'b']));
    const rm_ = await terraform(['state', 'rm', '-no-color', 'null_resource.a']);
    expect(rm_.code, rm_.stderr).toBe(0);
    const read = await backend().store.read();
    const text = Buffer.from(read.bytes!).toString('utf8');
    expect(JSON.parse(text)).toMatchObject({ serial: 2, resources: [{ name: 'b' }] });
    const digest = await dynamo.client().send(
      new (await import('@aws-sdk/client-dynamodb')).GetItemCommand({ TableName: TABLE, Key: { LockID: { S: `${BUCKET}/${KEY}-md5` } } }),
    );
    expect(digest.Item?.Digest?.S).toBe(createHash('md5').update(read.bytes!).digest('hex'));
  });

  it("words a digest mismatch exactly as terraform does", async () => {
    await writeOurs(state(1, ['a']));
    const wrong = createHash('md5').update('not the state').digest('hex');
    const { PutItemCommand } = await import('@aws-sdk/client-dynamodb');
    await dynamo.client().send(new PutItemCommand({ TableName: TABLE, Item: { LockID: { S: `${BUCKET}/${KEY}-md5` }, Digest: { S: wrong } } }));
    try {
      const ours = await createS3Backend({ ...config, consistency: { timeoutMs: 0 } })
        .store.read()
        .catch((e: unknown) => e as Error);
      const theirs = await terraform(['state', 'list', '-no-color']);
      expect(theirs.code).toBe(1);
      expect(theirs.stderr).toBe(`Failed to load state: ${(ours as Error).message}\n\n`);
    } finally {
      const digest = createHash('md5').update(state(1, ['a'])).digest('hex');
      await dynamo.client().send(new PutItemCommand({ TableName: TABLE, Item: { LockID: { S: `${BUCKET}/${KEY}-md5` }, Digest: { S: digest } } }));
    }
  });

  it('terraform refuses what a write stopped before its digest update left, and reads it once our next command completed the write', async () => {
    await writeOurs(state(1, ['a']));
    const { PutItemCommand } = await import('@aws-sdk/client-dynamodb');
    // The digest update never arrives, as when the writer is killed right after the object put.
    const remove = dynamo.injectFault((req) => (req.operation === 'PutItem' && (req.body.Item as { Digest?: unknown } | undefined)?.Digest !== undefined ? { kind: 'drop' } : undefined));
    try {
      const store = backend().store;
      const { version } = await store.read();
      await expect(store.write(Buffer.from(state(2, ['a', 'b']), 'utf8'), { ifVersion: version, backup: null })).rejects.toThrow('State written, but its digest is stale');
    } finally {
      remove();
    }
    try {
      const refused = await terraform(['state', 'list', '-no-color']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('state data in S3 does not have the expected content');
      expect(await backend().recover()).toMatch(/^completed an interrupted write of /);
      const list = await terraform(['state', 'list', '-no-color']);
      expect(list.stderr).toBe('');
      expect(list.stdout).toBe('null_resource.a\nnull_resource.b\n');
    } finally {
      const digest = createHash('md5').update(await s3Text()).digest('hex');
      await dynamo.client().send(new PutItemCommand({ TableName: TABLE, Item: { LockID: { S: `${BUCKET}/${KEY}-md5` }, Digest: { S: digest } } }));
    }
  }, 120_000);

  it("ignores the write intent we record beside the digest, and removes it when it writes the digest", async () => {
    await writeOurs(state(1, ['a']));
    const { GetItemCommand, UpdateItemCommand } = await import('@aws-sdk/client-dynamodb');
    const key = { LockID: { S: `${BUCKET}/${KEY}-md5` } };
    await dynamo.client().send(
      new UpdateItemCommand({ TableName: TABLE, Key: key, UpdateExpression: 'SET TfstateWriteIntent = :i', ExpressionAttributeValues: { ':i': { S: '{"md5":"00000000000000000000000000000000","size":1,"backup":null,"time":"2026-01-01T00:00:00.000Z"}' } } }),
    );
    const rm_ = await terraform(['state', 'rm', '-no-color', 'null_resource.a']);
    expect(rm_.code, rm_.stderr).toBe(0);
    const item = await dynamo.client().send(new GetItemCommand({ TableName: TABLE, Key: key, ConsistentRead: true }));
    expect(Object.keys(item.Item ?? {}).sort()).toEqual(['Digest', 'LockID']);
    expect(item.Item?.Digest?.S).toBe(createHash('md5').update(await s3Text()).digest('hex'));
  });

  it('keeps terraform out while we hold the lock, naming our lock', async () => {
    await writeOurs(state(1, ['a']));
    const locker = backend().locker!;
    await locker.lock(ourLock());
    try {
      const refused = await terraform(['state', 'rm', '-lock-timeout=0s', '-no-color', 'null_resource.a']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('Error acquiring the state lock');
      expect(refused.stderr).toContain(`ID:        ${OUR_ID}`);
      expect(refused.stderr).toContain('Who:       tester@host');
      const terraformLockPuts = s3.requests.filter((r) => r.method === 'PUT' && r.key === `${KEY}.tflock` && /Terraform\//.test(String(r.headers['user-agent'])));
      expect(terraformLockPuts.map((r) => r.headers['if-none-match'])).toContain('*');
    } finally {
      await locker.unlock(OUR_ID);
    }
    expect(Buffer.from((await backend().store.read()).bytes!).toString()).toBe(state(1, ['a']));
    const after = await terraform(['state', 'rm', '-lock-timeout=0s', '-no-color', 'null_resource.a']);
    expect(after.code, after.stderr).toBe(0);
  });

  it("is kept out while terraform holds the lock, naming terraform's lock", async () => {
    await writeOurs(state(1, ['a']));
    const locker = backend().locker!;
    console_ = spawn('terraform', ['console', '-no-color'], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let holder: LockInfo | null = null;
    for (let i = 0; i < 300 && holder === null; i++) {
      holder = await locker.status();
      if (holder === null) await new Promise((r) => setTimeout(r, 100));
    }
    expect(holder).toMatchObject({ Version: '1.11.4', Path: `${BUCKET}/${KEY}` });
    const err = await locker.lock(ourLock()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockHeldError);
    expect((err as LockHeldError).holder).toEqual(holder);
    expect((err as LockHeldError).message).toContain(`lock ID "${holder!.ID}"`);
    console_.stdin!.end();
    await new Promise((r) => console_!.once('exit', r));
    expect(await locker.status()).toBeNull();
    expect(await locker.lock(ourLock())).toBe(OUR_ID);
    await locker.unlock(OUR_ID);
  });
});
