/**
 * Harness for fuzzing the CLI against S3 state: in-process S3 and DynamoDB
 * servers, one key prefix per case seeded with the case's state object,
 * digest item (right, missing, not an MD5, wrong, or carrying a write
 * intent), lock item, `.tflock` object and backup; a snapshot of every
 * object under the prefix (bytes and ETag) and of the lock and digest items
 * before and after the command; and the contract on them: nothing changes
 * unless a confirmed edit succeeded (then the object decodes, its serial is
 * up by one, the digest names it, and a backup holds the old bytes); a lock
 * is neither left behind (unless reported, by `lock hold`) nor taken from
 * its holder; a probe of the lock for the `lock hold` runner; and the only other
 * change allowed is the recovery of an interrupted write, which must say so.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetItemCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { decodeState } from '../../src/core/statefile/index.js';
import { sniff } from '../../src/core/statefile/sniff.js';
import { startDynamo, type DynamoTestServer } from './dynamo-server.js';
import { startS3Server, type S3TestServer } from './s3-server.js';
import type { LockProbe } from './lock-hold-runner.js';

/** The bucket every case's objects are in. */
export const BUCKET = 'fuzz-tfstate';
/** The DynamoDB table holding every case's lock and digest items. */
export const TABLE = 'locks';

/** The servers every case shares (one bucket, one lock table). */
export interface S3Servers {
  readonly s3: S3TestServer;
  readonly dynamo: DynamoTestServer;
}

/** Starts both servers with the bucket and the table. */
export async function startS3Servers(): Promise<S3Servers> {
  const s3 = await startS3Server();
  const dynamo = await startDynamo();
  await s3.createBucket(BUCKET);
  await dynamo.createLockTable(TABLE);
  return { s3, dynamo };
}

/** What the digest item holds before the command. */
export type DigestSeed =
  | { readonly kind: 'right' | 'none' | 'wrong' | 'not-md5' | 'number' }
  /** An intent recorded by a write that stored the object but not its digest (recovery completes it). */
  | { readonly kind: 'interrupted' }
  /** An intent recorded by a write that never stored the object (recovery forgets it), or one damaged. */
  | { readonly kind: 'stale-intent' | 'bad-intent'; readonly raw: string };

/** What a case puts under its prefix before running. */
export interface S3Seed {
  /** The state object, or null for none. */
  readonly state: Uint8Array | null;
  readonly digest: DigestSeed;
  /** The DynamoDB lock item's Info text, or null for no item. */
  readonly lockItem: Uint8Array | null;
  /** The `.tflock` object, or null for none. */
  readonly lockObject: Uint8Array | null;
  /** A backup object (`BACKUP_ID`), or null for none. */
  readonly backup: Uint8Array | null;
}

/** The ID of the backup a seed may plant. */
export const BACKUP_ID = '20240102T030405Z-serial-6';

/** The keys and item IDs of one case's state. */
export interface S3Names {
  readonly prefix: string;
  readonly key: string;
  readonly lockKey: string;
  readonly lockId: string;
  readonly digestId: string;
}

/** The names for case number `n`. */
export function namesFor(n: number): S3Names {
  const prefix = `fuzz/${n}/`;
  const key = `${prefix}terraform.tfstate`;
  return { prefix, key, lockKey: `${key}.tflock`, lockId: `${BUCKET}/${key}`, digestId: `${BUCKET}/${key}-md5` };
}

const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex');
const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

function digestItem(seed: S3Seed, n: S3Names): Record<string, AttributeValue> | null {
  const state = seed.state ?? new Uint8Array();
  const id = { LockID: { S: n.digestId } };
  const d = seed.digest;
  // Terraform keeps no digest for a missing or empty object (it reads as no state, and a digest would not match it).
  if (state.length === 0 && (d.kind === 'right' || d.kind === 'interrupted')) return null;
  const intent = (forMd5: string): string => JSON.stringify({ md5: forMd5, size: 1, backup: null, time: '2024-01-02T03:04:05.000Z' });
  switch (d.kind) {
    case 'none':
      return null;
    case 'right':
      return { ...id, Digest: { S: md5(state) } };
    case 'wrong':
      return { ...id, Digest: { S: md5(new TextEncoder().encode('something else')) } };
    case 'not-md5':
      return { ...id, Digest: { S: 'not an md5' } };
    case 'number':
      return { ...id, Digest: { N: '12' } };
    case 'interrupted':
      return { ...id, Digest: { S: md5(new TextEncoder().encode('the state before')) }, TfstateWriteIntent: { S: intent(md5(state)) } };
    case 'stale-intent':
      return { ...id, Digest: { S: md5(state) }, TfstateWriteIntent: { S: intent(md5(new TextEncoder().encode(d.raw))) } };
    case 'bad-intent':
      return { ...id, Digest: { S: md5(state) }, TfstateWriteIntent: { S: d.raw } };
  }
}

/** Puts the seed's objects and items under `n`. */
export async function plant(servers: S3Servers, seed: S3Seed, n: S3Names): Promise<void> {
  const s3 = servers.s3.client();
  const db = servers.dynamo.client();
  const put = (Key: string, Body: Uint8Array): Promise<unknown> => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  if (seed.state) await put(n.key, seed.state);
  if (seed.lockObject) await put(n.lockKey, seed.lockObject);
  if (seed.backup) await put(`${n.key}.backups/${BACKUP_ID}.tfstate`, seed.backup);
  const digest = digestItem(seed, n);
  if (digest) await db.send(new PutItemCommand({ TableName: TABLE, Item: digest }));
  if (seed.lockItem) await db.send(new PutItemCommand({ TableName: TABLE, Item: { LockID: { S: n.lockId }, Info: { S: text(seed.lockItem) } } }));
}

/** Every object under a case's prefix (bytes and ETag), and its lock and digest items. */
export interface S3World {
  readonly objects: ReadonlyMap<string, { readonly bytes: Buffer; readonly etag: string }>;
  readonly lockItem: string | null;
  readonly digest: Record<string, AttributeValue> | null;
}

/** Reads what is under `n` now. */
export async function observe(servers: S3Servers, n: S3Names): Promise<S3World> {
  const s3 = servers.s3.client();
  const db = servers.dynamo.client();
  const objects = new Map<string, { bytes: Buffer; etag: string }>();
  const list = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: n.prefix }));
  for (const o of list.Contents ?? []) {
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: o.Key! }));
    objects.set(o.Key!, { bytes: Buffer.from(await got.Body!.transformToByteArray()), etag: got.ETag ?? '' });
  }
  const item = async (id: string) => (await db.send(new GetItemCommand({ TableName: TABLE, Key: { LockID: { S: id } }, ConsistentRead: true }))).Item ?? null;
  const lock = await item(n.lockId);
  return { objects, lockItem: lock === null ? null : JSON.stringify(lock), digest: await item(n.digestId) };
}

/**
 * A probe of case `n`'s lock for the `lock hold` runner: held under `id`
 * when every mechanism `o` configures (the DynamoDB item, the `.tflock`
 * object) names it. Its answers come from the servers, after the call.
 */
export function s3LockProbe(servers: S3Servers, n: S3Names, o: { readonly dynamodb: boolean; readonly lockfile: boolean }): LockProbe {
  const names = (text: string | undefined, id: string): boolean => text !== undefined && text.includes(JSON.stringify(id));
  return {
    immediate: false,
    async held(id) {
      if (id === '' || (!o.dynamodb && !o.lockfile)) return false;
      if (o.dynamodb) {
        const item = await servers.dynamo.client().send(new GetItemCommand({ TableName: TABLE, Key: { LockID: { S: n.lockId } }, ConsistentRead: true }));
        if (!names(item.Item?.Info?.S, id)) return false;
      }
      if (o.lockfile) {
        const object = await servers.s3.client().send(new GetObjectCommand({ Bucket: BUCKET, Key: n.lockKey })).catch(() => null);
        if (!names(await object?.Body?.transformToString(), id)) return false;
      }
      return true;
    },
  };
}

/** What an S3 case's command may do to the bucket and table. */
export interface S3Contract {
  /** Never writes the state (reads, --dry-run, no --yes) or fails anyway. */
  readonly readOnly: boolean;
  /** May remove the lock (force-unlock). */
  readonly mayUnlock: boolean;
  /** May leave the lock it took behind, when it failed and said how to remove it (`tfstate force-unlock ID`): `lock hold` whose release failed. */
  readonly mayLeaveReportedLock?: boolean;
  /** The environment names the DynamoDB table, so a write must update the digest (without one the table is not touched). */
  readonly digest: boolean;
  /** How many writes the state may have taken: its serial goes up by 1 to this (default 1; the TUI can make several edits). */
  readonly maxWrites?: number;
}

const serialOf = (b: Buffer | undefined): bigint | null => {
  if (!b || sniff(b).kind === 'empty') return null;
  const r = decodeState(b, { location: 's3' });
  return r.ok ? r.value.meta.serial : null;
};

/**
 * Checks what the command did under `n` (see the module comment); `code`
 * and `said` (stdout and stderr) are its exit code and output. Throws a
 * description on the first breach.
 */
export function checkS3(n: S3Names, before: S3World, after: S3World, code: number, said: string, c: S3Contract): void {
  const fail = (msg: string): never => {
    throw new Error(`S3: ${msg}\n  exit: ${code}\n  said: ${JSON.stringify(said.slice(0, 1200))}`);
  };
  const same = (k: string): boolean => before.objects.get(k)?.bytes.equals(after.objects.get(k)?.bytes ?? Buffer.alloc(0)) === true && before.objects.get(k)?.etag === after.objects.get(k)?.etag;
  const locked = (w: S3World): string => `item ${w.lockItem}, object ${JSON.stringify(w.objects.get(n.lockKey)?.bytes.toString('utf8') ?? null)}`;
  const reportedLeft = c.mayLeaveReportedLock === true && code !== 0 && /tfstate force-unlock \S/.test(said);
  if (locked(before) !== locked(after) && !(c.mayUnlock && code === 0) && !reportedLeft) fail(`the lock changed: before ${locked(before)}, after ${locked(after)}`);

  const state = after.objects.get(n.key);
  const wrote = !c.readOnly && code === 0 && !(before.objects.has(n.key) && same(n.key)) && state !== undefined;
  for (const k of new Set([...before.objects.keys(), ...after.objects.keys()])) {
    if (k === n.lockKey || k === n.key || same(k)) continue;
    const backup = k.startsWith(`${n.key}.backups/`) && !before.objects.has(k);
    if (!wrote || !backup) fail(`${k} was ${after.objects.has(k) ? (before.objects.has(k) ? 'changed' : 'created') : 'deleted'}`);
    if (!after.objects.get(k)!.bytes.equals(before.objects.get(n.key)?.bytes ?? Buffer.alloc(0))) fail(`the new backup ${k} does not hold the replaced state`);
  }
  const digest = (w: S3World): string => JSON.stringify(w.digest);
  if (!wrote) {
    if (before.objects.has(n.key) !== after.objects.has(n.key) || (after.objects.has(n.key) && !same(n.key))) fail('the state object changed although nothing may be written');
    if (digest(before) === digest(after)) return;
    // The one change a read or a refused edit may make: finishing (or forgetting) an interrupted write, and saying so.
    const recovered = before.digest?.TfstateWriteIntent !== undefined && after.digest?.TfstateWriteIntent === undefined && (after.digest?.Digest?.S === before.digest?.Digest?.S || after.digest?.Digest?.S === md5(state?.bytes ?? Buffer.alloc(0)));
    if (!recovered) fail(`the digest item changed: before ${digest(before)}, after ${digest(after)}`);
    if (after.digest?.Digest?.S !== before.digest?.Digest?.S && !/interrupted write/.test(said)) fail('an interrupted write was completed without saying so');
    return;
  }
  const now = serialOf(state!.bytes);
  if (now === null) fail('the state object was rewritten into bytes that do not decode');
  const was = serialOf(before.objects.get(n.key)?.bytes);
  const most = BigInt(c.maxWrites ?? 1);
  if (was !== null && (now === null || now <= was || now > was + most)) fail(`serial went from ${was} to ${now}, not up by ${most === 1n ? 'one' : `1 to ${most}`}`);
  if (c.digest && after.digest?.Digest?.S !== md5(state!.bytes)) fail(`the digest ${digest(after)} does not name the new state (md5 ${md5(state!.bytes)})`);
  if (c.digest ? after.digest?.TfstateWriteIntent !== undefined : digest(before) !== digest(after)) fail(`the write left the digest item as ${digest(after)}`);
  const old = before.objects.get(n.key)?.bytes;
  if (old && old.length > 0 && ![...after.objects].some(([k, v]) => k.startsWith(`${n.key}.backups/`) && !before.objects.has(k) && v.bytes.equals(old))) fail('the state was rewritten without a backup of its previous bytes');
}

/** The tfstate.config.json naming case `n`'s state as environment `fuzz`, locking and protection as given. */
export function configFor(servers: S3Servers, n: S3Names, o: { readonly dynamodb: boolean; readonly lockfile: boolean; readonly protected: boolean }): Uint8Array {
  const env = {
    state: `s3://${BUCKET}/${n.key}`,
    region: 'us-east-1',
    endpoint: servers.s3.endpoint,
    dynamodbEndpoint: servers.dynamo.endpoint,
    forcePathStyle: true,
    ...(o.dynamodb ? { dynamodbTable: TABLE } : {}),
    ...(o.lockfile ? { useLockfile: true } : {}),
    ...(o.protected ? { protected: true } : {}),
  };
  return new TextEncoder().encode(JSON.stringify({ environments: { fuzz: env } }, null, 2));
}
