/**
 * Fuzzing the CLI against S3 state (in-process S3 and DynamoDB servers, see
 * `test/support/s3-fuzz.ts`): read commands, single edits, lock status,
 * lock hold, backups, restore and force-unlock on a mutated state object, with a
 * digest item that is right, missing, not an MD5, wrong or carries a
 * (damaged) write intent, and with fuzzed lock items and `.tflock` objects.
 * The CLI contract holds as for local state (documented exit code,
 * diagnostic, no crash), no local file is written, and in the bucket and
 * table nothing changes unless a confirmed edit succeeded: object bytes and
 * ETag, digest, locks and backups are compared before and after.
 *
 * A digest that is simply wrong makes every read wait 10 s for S3 to catch
 * up (as Terraform does), so those cases are rare. Deterministic like the
 * other fuzzers: FUZZ_SEED, FUZZ_RUNS, FUZZ_PATH, FUZZ_PROCESS_RUNS.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import { assertFuzz, checkContract, confirmed, helpLike, inProcess, runScene, spawnedWith, type Contract, type Runner } from '../support/cli-fuzz.js';
import { argv, badHoldOptions, checkSpawned, common, confirmMode, editLine, holdLine, holdOptions, readLine, stats, TIMEOUT, useFuzzEnvironment, valid, type Line } from '../support/cli-fuzz-cases.js';
import { holdRunners } from '../support/lock-hold-runner.js';
import { address, freeMove, lockInfo, SEEDS, stateBytes } from '../support/fuzz-inputs.js';
import { BACKUP_ID, checkS3, configFor, namesFor, observe, plant, s3LockProbe, startS3Servers, type S3Contract, type S3Seed, type S3Servers } from '../support/s3-fuzz.js';

/** An S3 case: what is in the bucket and table, how the environment is configured, the command line and what it may do. */
interface S3Case {
  readonly seed: S3Seed;
  readonly config: { readonly dynamodb: boolean; readonly lockfile: boolean; readonly protected: boolean };
  readonly argv: readonly string[];
  readonly contract: Contract;
  readonly s3: S3Contract;
  /** A `lock hold`, run by the runner that interrupts it once it holds the lock. */
  readonly hold?: true;
}

const LOCK_ID = '5a6b7c8d-0000-4000-8000-0123456789ab';

const digest: fc.Arbitrary<S3Seed['digest']> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ kind: 'right' as const }) },
  { weight: 3, arbitrary: fc.constantFrom({ kind: 'none' as const }, { kind: 'not-md5' as const }, { kind: 'number' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'wrong' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'interrupted' as const }) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('stale-intent' as const, 'bad-intent' as const), fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('{"md5":"00","size":1,"time":"x","backup":null}', '{', 'null', '{"md5":1}'))).map(([kind, raw]) => ({ kind, raw })) },
);

/** Mostly a state that decodes (as a seed or with damaged payloads), so that edits get as far as writing; a missing object now and then. */
const seed: fc.Arbitrary<S3Seed> = fc.record({
  state: fc.oneof({ weight: 6, arbitrary: stateBytes }, { weight: 3, arbitrary: fc.constantFrom(...SEEDS) }, { weight: 1, arbitrary: fc.constant(null) }),
  digest,
  lockItem: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: lockInfo(LOCK_ID) }),
  lockObject: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: lockInfo(LOCK_ID) }),
  backup: fc.option(stateBytes, { nil: null }),
});

const config = fc.record({ dynamodb: fc.constantFrom(true, true, true, false), lockfile: fc.boolean(), protected: fc.boolean() });

/** An edit of what the state holds (an address of it moved to a free one, removed, tainted or untainted), so that a good share gets as far as writing. */
const likelyEdit: fc.Arbitrary<Line> = fc.oneof(
  freeMove.map((pos) => ({ cmd: ['mv'], pos })),
  fc.tuple(fc.constantFrom('rm', 'taint', 'untaint'), fc.nat()).map(([op, n]) => ({ cmd: [op], pos: [{ fromState: n }] })),
  fc.nat().map((n) => ({ cmd: ['import'], pos: [{ fromState: n, renamed: true as const }, 'i-0123456789'] })),
);

/** What a command is, for its contract. */
type Kind = 'read' | 'edit' | 'restore' | 'lock status' | 'backups' | 'force-unlock';

/** The command: a read, an edit (confirmed or not), or lock status, backups, restore or force-unlock. */
const command: fc.Arbitrary<{ line: Line; kind: Kind; codes: readonly number[]; jsonDoc: (json: boolean) => boolean; bad: boolean }> = fc.oneof(
  { weight: 3, arbitrary: readLine.map((r) => ({ ...r, kind: 'read' as const })) },
  { weight: 4, arbitrary: fc.tuple(fc.oneof(likelyEdit, editLine), confirmMode).map(([l, mode]) => ({ line: { ...l, opts: [...mode, ...(l.opts ?? [])] }, kind: 'edit' as const, codes: [0, 1, 2, 3, 4], jsonDoc: () => true, bad: false })) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom('lock status', 'backups', 'restore', 'force-unlock') as fc.Arbitrary<Kind>, confirmMode, fc.option(address, { nil: undefined })).map(([kind, mode, id]) => {
      const line: Line = kind === 'restore' ? { cmd: ['restore'], opts: mode, pos: [id ?? BACKUP_ID] } : kind === 'force-unlock' ? { cmd: ['force-unlock'], opts: mode.includes('--yes') ? ['--yes'] : [], pos: [id ?? LOCK_ID] } : { cmd: kind.split(' ') };
      return { line, kind, codes: kind === 'lock status' || kind === 'backups' ? [0, 1] : [0, 1, 2, 3, 4], jsonDoc: () => true, bad: false };
    }),
  },
);

const s3Case: fc.Arbitrary<S3Case> = fc.tuple(seed, config, command, common).map(([s, cfg, cmd, c]) => {
  const args = argv(cmd.line, c, s.state ?? undefined, ['--env', 'fuzz']);
  const writes = (cmd.kind === 'edit' || cmd.kind === 'restore') && confirmed(args);
  // A state that does not decode, or a digest no write explains, cannot be read; a lock held by someone else cannot be taken.
  const unreadable = (s.state !== null && !valid(s.state)) || (cfg.dynamodb && s.digest.kind === 'wrong');
  const held = (cfg.dynamodb && s.lockItem !== null) || (cfg.lockfile && s.lockObject !== null);
  const restorable = cmd.line.pos?.[0] === BACKUP_ID && s.backup !== null && valid(s.backup) && !unreadable;
  const mustFail = !helpLike(args) && (cmd.bad || (cmd.kind === 'read' || cmd.kind === 'edit' ? unreadable || (writes && held) : cmd.kind === 'restore' ? !restorable || (writes && held) : false));
  return {
    seed: s,
    config: cfg,
    argv: args,
    // No local file may change, whatever the command: the state lives in the bucket.
    contract: { codes: cmd.codes, readOnly: true, mustFail, jsonStdout: cmd.jsonDoc(c.json), stateFiles: [] },
    s3: { readOnly: !writes, mayUnlock: cmd.kind === 'force-unlock', digest: cfg.dynamodb },
  };
});

/**
 * `lock hold` with fuzzed --for, --reason and --lock-timeout on the DynamoDB
 * table, the `.tflock` object, both or neither: it must refuse a bad
 * option, a lock someone holds (a seeded lock item or object) and a state
 * with no locking; else hold the lock it printed until interrupted, then
 * release it (or fail saying how to). It never writes the state or digest.
 */
const s3HoldCase: fc.Arbitrary<S3Case> = fc.tuple(seed, config, holdOptions, common).map(([s, cfg, hold, c]) => {
  const args = argv(holdLine(hold), c, s.state ?? undefined, ['--env', 'fuzz']);
  const held = (cfg.dynamodb && s.lockItem !== null) || (cfg.lockfile && s.lockObject !== null);
  const mustFail = !helpLike(args) && (badHoldOptions(hold) || held || (!cfg.dynamodb && !cfg.lockfile));
  return {
    seed: s,
    config: cfg,
    argv: args,
    contract: { codes: [0, 1, 2, 3], readOnly: true, mustFail, jsonStdout: true, stateFiles: [] },
    s3: { readOnly: true, mayUnlock: false, digest: cfg.dynamodb, mayLeaveReportedLock: true },
    hold: true,
  };
});

function describeS3(c: S3Case): string {
  const bytes = (b: Uint8Array | null): string => (b === null ? 'none' : `${b.length} bytes, decodes: ${valid(b)}, starts ${JSON.stringify(Buffer.from(b.subarray(0, 100)).toString('latin1'))}`);
  return [`argv: ${JSON.stringify(c.argv)}`, `config: ${JSON.stringify(c.config)}`, `state: ${bytes(c.seed.state)}`, `digest: ${JSON.stringify(c.seed.digest)}`, `lock item: ${bytes(c.seed.lockItem)}`, `lock object: ${bytes(c.seed.lockObject)}`, `backup: ${bytes(c.seed.backup)}`].join('\n  ');
}

let servers: S3Servers;
let counter = 0;

/** The environment a spawned tfstate needs to reach the test servers. */
const SPAWN_ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };

/**
 * Plants the case under a prefix of its own, runs it (in this process, or
 * as the built tfstate with `SPAWN_ENV` when `spawn`; a hold by the runner
 * that watches the lock on the servers), and checks the CLI contract and
 * what changed in the bucket and table.
 */
async function checkS3Case(c: S3Case, spawn = false): Promise<void> {
  const n = namesFor(counter++);
  await plant(servers, c.seed, n);
  const before = await observe(servers, n);
  const scene = { files: { 'tfstate.config.json': configFor(servers, n, c.config) }, argv: c.argv };
  const hold = c.hold ? holdRunners(() => s3LockProbe(servers, n, c.config), SPAWN_ENV) : null;
  const run: Runner = spawn ? (hold?.spawned ?? spawnedWith(SPAWN_ENV)) : (hold?.inProcess ?? inProcess);
  const o = await runScene(scene, run);
  checkContract(scene, o, c.contract);
  const after = await observe(servers, n);
  checkS3(n, before, after, o.code, o.stdout + o.stderr, c.s3);
  const wrote = before.objects.get(n.key)?.etag !== after.objects.get(n.key)?.etag;
  for (const key of [`s3 ${c.argv[0]} exit ${o.code}`, ...(wrote ? [`s3 ${c.argv[0]} wrote`] : [])]) stats.set(key, (stats.get(key) ?? 0) + 1);
}

describe('fuzzing the CLI against S3 state with broken objects, digests and locks', () => {
  beforeAll(async () => {
    servers = await startS3Servers();
  });
  afterAll(async () => servers?.s3 && Promise.all([servers.s3.stop(), servers.dynamo.stop()]));
  useFuzzEnvironment({ AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' });

  it('reads, edits, restores and unlocks keep the contract, and change the bucket only by a confirmed edit that succeeded', () => assertFuzz(s3Case, (c) => checkS3Case(c), 100, describeS3), TIMEOUT);

  it('lock hold holds the DynamoDB and .tflock locks it printed until interrupted, releases them, and never writes the state', () => assertFuzz(s3HoldCase, (c) => checkS3Case(c), 25, describeS3), TIMEOUT);

  it('the real tfstate process keeps the same contract against S3, lock hold included', () => checkSpawned(fc.oneof({ weight: 5, arbitrary: s3Case }, { weight: 2, arbitrary: s3HoldCase }), 12, (c) => checkS3Case(c, true), describeS3), TIMEOUT);
});
