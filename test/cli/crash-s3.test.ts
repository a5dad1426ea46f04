/**
 * Crash safety on S3: SIGKILL the CLI at random points of an edit of a state
 * in the in-process S3 (locked with a DynamoDB table that also holds the
 * digest, with the `.tflock` object, or with both, alternating). Once the next
 * tfstate command has run (it completes an interrupted write, saying so), the
 * state object is byte-identical to the old or the new version, a backup of
 * the old one exists whenever the new one is in place, the DynamoDB digest
 * matches the object, nothing but the state and its backups is in the bucket,
 * and any lock left behind is reported by `lock status` and cleared by
 * `force-unlock`. TFSTATE_CRASH_RUNS sets the number of random runs (default
 * 6; npm run test:stress uses 200). The same checks then follow kills at
 * chosen points, reached by holding one request at the test servers: the
 * narrow windows (between the two locks, between the object put and the
 * digest update, between the two unlocks) that random delays rarely hit.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, tfstateAsync, type Run } from '../support/cli.js';
import { startDynamo, type DynamoTestServer } from '../support/dynamo-server.js';
import { startS3Server, type S3TestServer } from '../support/s3-server.js';

const RUNS = Number(process.env.TFSTATE_CRASH_RUNS ?? 6);
const BUCKET = 'crash';
const TABLE = 'locks';
const ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true', AWS_REGION: 'us-east-1' };
type Mode = 'dynamodb' | 'lockfile' | 'both';
const MODES: readonly Mode[] = ['dynamodb', 'lockfile', 'both'];

const work = mkdtempSync(join(tmpdir(), 'tfstate-crash-s3-'));
let s3: S3TestServer;
let dynamo: DynamoTestServer;
let oldBytes: Buffer;
let newBytes: Buffer;
let from = '';
let to = '';
let fullMs = 0;

const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex');
const hasTable = (mode: Mode): boolean => mode !== 'lockfile';

/** A run directory whose tfstate.config.json names environment `crash`: the state at `key`, locked as `mode` says. */
function runDir(name: string, key: string, mode: Mode): string {
  const dir = mkdtempSync(join(work, `${name}-`));
  const crash = {
    state: `s3://${BUCKET}/${key}`,
    region: 'us-east-1',
    endpoint: s3.endpoint,
    dynamodbEndpoint: dynamo.endpoint,
    forcePathStyle: true,
    ...(hasTable(mode) ? { dynamodbTable: TABLE } : {}),
    ...(mode !== 'dynamodb' ? { useLockfile: true } : {}),
  };
  writeFileSync(join(dir, 'tfstate.config.json'), JSON.stringify({ environments: { crash } }, null, 2));
  return dir;
}

const cli = (args: string[], dir: string): Promise<Run> => tfstateAsync([...args, '--env', 'crash'], dir, { env: ENV });

/** Uploads the old state to `key`, with its digest when the mode has a table (as Terraform leaves it). */
async function seed(key: string, mode: Mode): Promise<void> {
  await s3.client().send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: oldBytes, ContentType: 'application/json' }));
  if (hasTable(mode)) await dynamo.client().send(new PutItemCommand({ TableName: TABLE, Item: { LockID: { S: `${BUCKET}/${key}-md5` }, Digest: { S: md5(oldBytes) } } }));
}

async function object(key: string): Promise<Buffer | null> {
  try {
    const out = await s3.client().send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchKey') return null;
    throw err;
  }
}

async function keysUnder(prefix: string): Promise<string[]> {
  const out = await s3.client().send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key ?? '').sort();
}

async function digest(key: string): Promise<string | null> {
  const out = await dynamo.client().send(new GetItemCommand({ TableName: TABLE, Key: { LockID: { S: `${BUCKET}/${key}-md5` } }, ConsistentRead: true }));
  return out.Item?.Digest?.S ?? null;
}

/** The lock table's items for `key` other than the digest item (lock items). */
async function lockItems(key: string): Promise<string[]> {
  const out = await dynamo.client().send(new ScanCommand({ TableName: TABLE, ConsistentRead: true }));
  return (out.Items ?? []).map((i) => i.LockID?.S ?? '').filter((id) => id === `${BUCKET}/${key}`);
}

beforeAll(async () => {
  [s3, dynamo] = await Promise.all([startS3Server(), startDynamo()]);
  await s3.createBucket(BUCKET);
  await dynamo.createLockTable(TABLE);
  const source = join(work, 'big.tfstate');
  const g = spawnSync(process.execPath, ['bench/generate.mjs', '--size', '5MB', '--out', source, '--seed', '3'], { encoding: 'utf8' });
  if (g.status !== 0) throw new Error(g.stderr);
  oldBytes = readFileSync(source);

  const refKey = 'reference/terraform.tfstate';
  await seed(refKey, 'both');
  const ref = runDir('reference', refKey, 'both');
  const list = (await cli(['list'], ref)).stdout.trim().split('\n');
  // A whole resource (keys stripped), renamed: the write touches one entry in the middle of the state.
  from = list[Math.floor(list.length / 2)].replace(/\[[^\]]*\]$/, '');
  if (from.includes('data.')) from = list.find((a) => !a.includes('data.'))!.replace(/\[[^\]]*\]$/, '');
  to = from.replace(/\.([a-z0-9_-]+)$/, '.crash_renamed');
  const t0 = Date.now();
  const r = await cli(['mv', from, to, '--yes'], ref);
  fullMs = Date.now() - t0;
  if (r.code !== 0) throw new Error(r.stderr);
  newBytes = (await object(refKey))!;
  if (newBytes.equals(oldBytes)) throw new Error('the reference edit changed nothing');
}, 120_000);

afterAll(async () => {
  await Promise.all([s3?.stop(), dynamo?.stop()]);
  rmSync(work, { recursive: true, force: true });
});

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Starts `tfstate mv FROM TO` on the run's state; resolves when it exits (after a kill). */
function startEdit(dir: string): { exited: Promise<unknown>; kill(): void } {
  const child = spawn(process.execPath, [CLI, 'mv', from, to, '--env', 'crash', '--yes'], { cwd: dir, env: { ...process.env, ...ENV }, stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', r));
  return { exited, kill: () => child.kill('SIGKILL') };
}

/** What the checks after a crash saw. */
interface Outcome {
  readonly state: 'old' | 'new';
  /** The digest did not match the object before the next command. */
  readonly staleDigest: boolean;
  /** `lock status` reported a lock, which `force-unlock` cleared. */
  readonly lockLeft: boolean;
  /** The next command's stderr. */
  readonly said: string;
}

/**
 * Runs the next command after a crash and checks the requirement: it
 * succeeds (completing an interrupted write and saying so), the state is the
 * old or the new version, a backup of the old exists when the new is in
 * place, the digest matches, a lock left behind is reported and cleared with
 * the ID reported, and nothing but the state and its backups remains.
 */
async function checkAfterCrash(key: string, mode: Mode, dir: string, context: string): Promise<Outcome> {
  const staleDigest = hasTable(mode) && (await digest(key)) !== md5((await object(key))!);
  const next = await cli(['list'], dir);
  expect(next.stderr, context).not.toMatch(/\n\s+at /);
  expect(next.code, `${context}: ${next.stderr}`).toBe(0);
  if (staleDigest) expect(next.stderr, context).toMatch(/^tfstate: completed an interrupted write of s3:\/\/crash\//m);

  const now = (await object(key))!;
  const isOld = now.equals(oldBytes);
  const isNew = now.equals(newBytes);
  expect(isOld || isNew, `${context}: the state is neither the old nor the new version`).toBe(true);
  if (hasTable(mode)) expect(await digest(key), `${context}: digest`).toBe(md5(now));
  if (isNew) {
    const listed = JSON.parse((await cli(['backups', '--json'], dir)).stdout) as { backups: Array<{ location: string }> };
    const olds = await Promise.all(listed.backups.map(async (b) => (await object(b.location.slice(`s3://${BUCKET}/`.length)))?.equals(oldBytes) ?? false));
    expect(olds, `${context}: a backup of the old state`).toContain(true);
  }

  // A lock left behind is visible and can be cleared with the ID lock status reports.
  const status = JSON.parse((await cli(['lock', 'status', '--json'], dir)).stdout) as { lock: { ID: string } | null };
  if (status.lock !== null) {
    const unlocked = await cli(['force-unlock', status.lock.ID, '--yes'], dir);
    expect(unlocked.code, `${context}: ${unlocked.stderr}`).toBe(0);
  }
  // Nothing else is left: no lock file, no lock item; only the state and its backups.
  const keys = await keysUnder(key);
  expect(keys.filter((k) => k !== key && !k.startsWith(`${key}.backups/`)), context).toEqual([]);
  if (hasTable(mode)) expect(await lockItems(key), context).toEqual([]);
  return { state: isNew ? 'new' : 'old', staleDigest, lockLeft: status.lock !== null, said: next.stderr };
}

describe('SIGKILL during an edit of S3 state', () => {
  it(`leaves the old or the new state, never anything else (${RUNS} runs)`, async () => {
    const rand = lcg(20261129);
    const outcomes = { old: 0, new: 0, staleDigest: 0, lockLeft: 0 };
    for (let i = 0; i < RUNS; i++) {
      const mode = MODES[i % MODES.length];
      const key = `run-${i}/terraform.tfstate`;
      await seed(key, mode);
      const d = runDir(`run-${i}`, key, mode);
      const delay = Math.floor(rand() * fullMs * 1.1);
      const edit = startEdit(d);
      await new Promise((r) => setTimeout(r, delay));
      edit.kill();
      await edit.exited;
      const o = await checkAfterCrash(key, mode, d, `run ${i} (${mode}, killed after ${delay} ms of ~${fullMs} ms)`);
      outcomes[o.state]++;
      if (o.staleDigest) outcomes.staleDigest++;
      if (o.lockLeft) outcomes.lockLeft++;
    }
    expect(outcomes.old + outcomes.new).toBe(RUNS);
    console.log(`S3 crash runs: ${JSON.stringify(outcomes)}`);
  }, 60_000 + RUNS * 15_000);
});

/** A point of the edit where the test kills it: a request the servers hold until the CLI is killed. */
interface KillPoint {
  readonly name: string;
  readonly mode: Mode;
  /** Installs a rule that holds the request and calls `hit`; returns its remover. */
  readonly hold: (key: string, hit: () => void) => () => void;
  readonly state: 'old' | 'new';
  /** What the next command must say on stderr (besides any other notes). */
  readonly says?: RegExp;
  /** What the command after `force-unlock` must say on stderr (then the one after says nothing). */
  readonly thenSays?: RegExp;
}

const holdS3 =
  (method: string, suffix: string) =>
  (key: string, hit: () => void): (() => void) =>
    s3.injectFault((r) => (r.method === method && r.key === key + suffix ? (hit(), { kind: 'stall', ms: Infinity }) : undefined));

const holdDynamo =
  (operation: string, suffix: string, field?: string) =>
  (key: string, hit: () => void): (() => void) =>
    dynamo.injectFault((r) => {
      const item = (r.body.Item ?? r.body.Key) as Record<string, { S?: string }> | undefined;
      const matches = r.operation === operation && item?.LockID?.S === `${BUCKET}/${key}${suffix}` && (field === undefined || item[field] !== undefined);
      return matches ? (hit(), { kind: 'stall', ms: Infinity }) : undefined;
    });

const KILL_POINTS: readonly KillPoint[] = [
  { name: 'between taking the .tflock and the DynamoDB lock', mode: 'both', hold: holdDynamo('PutItem', '', 'Info'), state: 'old' },
  {
    name: 'after the backup, during the state upload',
    mode: 'dynamodb',
    hold: holdS3('PUT', ''),
    state: 'old',
    // The write recorded its intent before the upload; with the lock released, the next command forgets it.
    thenSays: /^tfstate: discarded the record of an interrupted write of s3:\/\/crash\/\S+: the write had not replaced the state, which is unchanged$/m,
  },
  {
    name: 'after the state upload, before the digest update',
    mode: 'dynamodb',
    hold: holdDynamo('PutItem', '-md5', 'Digest'),
    state: 'new',
    says: /^tfstate: completed an interrupted write of s3:\/\/crash\/\S+: the new state \(\d+ bytes, md5 [0-9a-f]{12}\) had been stored but its digest in DynamoDB table "locks" had not been updated, and now is; the previous state is in s3:\/\/crash\/\S+\.backups\/\S+\. Its lock \(ID [0-9a-f-]{36}, tfstate mv by \S+\) is still held: if that process is gone, release it with "tfstate force-unlock [0-9a-f-]{36}"$/m,
  },
  { name: 'after the state upload, before the digest update (with the .tflock too)', mode: 'both', hold: holdDynamo('PutItem', '-md5', 'Digest'), state: 'new', says: /^tfstate: completed an interrupted write/m },
  { name: 'after the write, before the .tflock is released', mode: 'lockfile', hold: holdS3('DELETE', '.tflock'), state: 'new' },
  { name: 'between releasing the .tflock and the DynamoDB lock', mode: 'both', hold: holdDynamo('DeleteItem', ''), state: 'new' },
];

describe('SIGKILL at chosen points of an edit of S3 state', () => {
  it.each(KILL_POINTS.map((p, i) => [p.name, p, i] as const))('%s', async (_name, point, i) => {
    const key = `point-${i}/terraform.tfstate`;
    await seed(key, point.mode);
    const d = runDir(`point-${i}`, key, point.mode);
    let hit!: () => void;
    const reached = new Promise<'reached'>((r) => (hit = () => r('reached')));
    const remove = point.hold(key, hit);
    const edit = startEdit(d);
    try {
      expect(await Promise.race([reached, edit.exited.then(() => 'exited')]), 'the edit reached the kill point').toBe('reached');
      edit.kill();
      await edit.exited;
    } finally {
      remove();
      edit.kill();
    }
    const o = await checkAfterCrash(key, point.mode, d, point.name);
    expect(o.state).toBe(point.state);
    expect(o.lockLeft, 'a lock was left behind').toBe(true);
    if (point.says) expect(o.said).toMatch(point.says);
    if (point.thenSays) expect((await cli(['list'], d)).stderr).toMatch(point.thenSays);
    // Recovery is done once: the following command has nothing left to say.
    if (point.says || point.thenSays) expect((await cli(['list'], d)).stderr).toBe('');
  }, 60_000);
});
