/**
 * Fuzzing the TUI with random key presses: the real app (store, gateway,
 * controller, Ink) on a scratch directory with a fuzzed staging state
 * (mutated or valid), a protected prod, a fuzzed config, backup and batch
 * file, driven by random keys from the keymap, pasted text, short
 * sequences a user types (a command line, a move, a confirmation), and
 * terminal resizes between them (tiny sizes included).
 * Whatever happens: no exception, no crash or stack trace on screen, every
 * frame fitting the terminal and drawn with its header (or, below the
 * minimum size, the notice saying so), and no write unless an edit was confirmed
 * the way the dialog asks (Apply focused, the protected environment's name
 * typed); a confirmed edit leaves a state that decodes and a backup.
 *
 * Deterministic like the CLI fuzzer: FUZZ_SEED, FUZZ_RUNS, FUZZ_PATH.
 */
import { rmSync } from 'node:fs';
import chalk from 'chalk';
import { afterAll, beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import { decodeState } from '../../src/core/statefile/index.js';
import { assertFuzz } from '../support/cli-fuzz.js';
import { address, batchFile, configFile, lockInfo, PROVIDERS, renderBatch, resolveArg, SEEDS, stateBytes, target, type Arg } from '../support/fuzz-inputs.js';
import { checkS3, configFor, namesFor, observe, plant, startS3Servers, type S3Names, type S3Seed, type S3Servers } from '../support/s3-fuzz.js';
import { fixtureBytes } from '../support/state-fixtures.js';
import { BOUND_KEYS, checkTuiFiles, keyBytes, runTui, tuiScratch, watchUncaught, type Step, type TuiScene, type Write } from '../support/tui-fuzz.js';
import type { TermSize } from '../../src/tui/model/types.js';

const STAGING = 'envs/staging/terraform.tfstate';
const PROD = 'envs/prod/terraform.tfstate';
const BACKUP = `${STAGING}.1700000000.backup`;
const DEMO_CONFIG = fixtureBytes('demo/tfstate.config.json');
const DEMO_PROD = fixtureBytes(`demo/${PROD}`);

const QUIT = new Set(['q', 'ctrl+c']);
const SEQ_LEFT = keyBytes('left');

/** A key press: mostly bound keys, sometimes quitting, an unbound character or an escape sequence no binding names. */
const key: fc.Arbitrary<readonly Write[]> = fc
  .oneof(
    { weight: 14, arbitrary: fc.constantFrom(...BOUND_KEYS.filter((k) => !QUIT.has(k))).map(keyBytes) },
    { weight: 1, arbitrary: fc.constantFrom('q', keyBytes('ctrl+c')) },
    { weight: 1, arbitrary: fc.constantFrom('x', 'Z', '1', 'é', '🚀', '\u0000', '\u001b[1;5A', '\u001b[3~', '\u001bOP', '\u001b[200~', keyBytes('ctrl+w')) },
  )
  .map((k) => [k]);

/** Text as typed: pasted in one write, or one character per write when short. */
function typed(text: string, paste: boolean): readonly Write[] {
  return paste || [...text].length > 12 ? [text] : [...text];
}

/** What a user types at the `:` command line: the CLI's grammar over addresses from the state, or anything. */
const commandLine: fc.Arbitrary<(state: Uint8Array) => string> = fc.oneof(
  fc.tuple(target, target).map(([a, b]) => (s: Uint8Array) => `mv ${quote(a, s)} ${quote(b, s)}`),
  fc.nat().map((n) => (s: Uint8Array) => `mv ${quote({ fromState: n }, s)} ${quote({ fromState: n, renamed: true }, s)}`),
  fc.tuple(fc.constantFrom('rm', 'taint', 'untaint'), target).map(([op, a]) => (s: Uint8Array) => `${op} ${quote(a, s)}`),
  target.map((a) => (s: Uint8Array) => `import ${quote(a, s)} i-0123`),
  fc.tuple(fc.constantFrom(...PROVIDERS), fc.constantFrom(...PROVIDERS)).map(([a, b]) => () => `replace-provider '${a}' '${b}'`),
  fc.constantFrom('apply-batch ops.txt', 'apply-batch missing.txt', 'apply-batch', 'q', '', "mv 'unterminated").map((t) => () => t),
  address.map((a) => () => a),
);

function quote(a: Arg, state: Uint8Array): string {
  return `'${resolveArg(a, state).replace(/'/g, `'\\''`)}'`;
}

/** Editing the move prompt (which holds the address being moved): rename it, add a key, prefix a module, or replace it. */
const moveTo: fc.Arbitrary<(state: Uint8Array) => readonly Write[]> = fc.oneof(
  fc.constantFrom(['2'], [SEQ_LEFT, SEQ_LEFT, SEQ_LEFT, '2'], ['["k"]'], [keyBytes('home'), 'module.moved.'], [keyBytes('tab')]).map((w) => () => w),
  target.map((a) => (s: Uint8Array) => [keyBytes('ctrl+u'), resolveArg(a, s)]),
);

/** What opens a dialog: a command line, a move, an import, an edit or undo key, a backup to restore, an environment or a filter. */
const opener: fc.Arbitrary<(state: Uint8Array) => readonly Write[]> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(commandLine, fc.constantFrom(true, true, true, false)).map(([line, paste]) => (s: Uint8Array) => [':', ...typed(line(s), paste), '\r']) },
  { weight: 2, arbitrary: fc.tuple(fc.array(fc.constantFrom('j', 'G'), { maxLength: 3 }), moveTo).map(([moves, to]) => (s: Uint8Array) => [...moves, 'm', ...to(s), '\r']) },
  { weight: 2, arbitrary: fc.tuple(fc.array(fc.constantFrom('j', 'G', ' ', '\t'), { maxLength: 4 }), fc.constantFrom('d', 't', 'T', 'u')).map(([moves, k]) => () => [...moves, k]) },
  { weight: 1, arbitrary: fc.tuple(target, fc.constantFrom('i-1', "it's", '')).map(([a, id]) => (s: Uint8Array) => ['i', `${quote(a, s)} ${id}`, '\r']) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('b', 'e', 'a', '/', 'v'), fc.array(fc.constantFrom('j', 'k', '\r'), { maxLength: 3 })).map(([k, moves]) => () => [k, ...moves, '\r']) },
);

/** A name typed into a protected environment's confirmation field: right, wrong, or half. */
const envName = fc.constantFrom('prod', 'staging', 'prd').map((n) => typed(n, false));

/** What the user does in a dialog: confirm (typing the name first, perhaps wrongly), cancel, or anything: switch, type, scroll, enter, esc. */
const answer: fc.Arbitrary<readonly Write[]> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom([], ['j'], [' ']), fc.option(envName, { nil: [] })).map(([scroll, name]) => [...scroll, ...name, '\t', '\r']) },
  { weight: 1, arbitrary: fc.constantFrom(['\r'], ['\u001b'], ['\t', '\t', '\r'], ['\t', '\u001b']) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(['\t'], ['\r'], ['\u001b'], ['j'], [' '], [SEQ_LEFT], [keyBytes('backspace')]) }, { weight: 1, arbitrary: envName }), { maxLength: 4 })
      .map((a) => a.flat()),
  },
);

/** Back to the resource list first (esc never destroys anything), or not. */
const back = fc.constantFrom([], [], ['\u001b', '\u001b', '\u001b']);

/** Sizes the app is drawn at: common ones, the smallest it supports (40x12), and big ones. */
const usable = fc.constantFrom<TermSize>({ columns: 80, rows: 24 }, { columns: 120, rows: 40 }, { columns: 40, rows: 12 }, { columns: 220, rows: 70 });
/** Sizes below it (the notice is drawn): just below, tiny, one row or one column. */
const tooSmall = fc.constantFrom<TermSize>({ columns: 39, rows: 12 }, { columns: 40, rows: 11 }, { columns: 30, rows: 8 }, { columns: 20, rows: 5 }, { columns: 1, rows: 1 }, { columns: 1, rows: 40 }, { columns: 200, rows: 3 });
/** Any size at all. */
const anySize = fc.record({ columns: fc.integer({ min: 1, max: 220 }), rows: fc.integer({ min: 1, max: 70 }) });

/** The size a session starts at: mostly usable, so that keys reach the app. */
const size: fc.Arbitrary<TermSize> = fc.oneof({ weight: 8, arbitrary: usable }, { weight: 1, arbitrary: tooSmall });
/** The size the window is resized to: usable again as often as too small, or any. */
const resizedTo: fc.Arbitrary<TermSize> = fc.oneof({ weight: 2, arbitrary: usable }, { weight: 2, arbitrary: tooSmall }, { weight: 1, arbitrary: anySize });

/** The window resized, or not (inside a dialog's steps). */
const maybeResize: fc.Arbitrary<readonly Step[]> = fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: resizedTo.map((sz) => [{ resize: sz }]) });

/** One thing the user does: a key, text, a resize, or a dialog opened and answered (the window perhaps resized meanwhile). */
const step: fc.Arbitrary<(state: Uint8Array) => readonly Step[]> = fc.oneof(
  { weight: 6, arbitrary: key.map((k) => () => k) },
  { weight: 1, arbitrary: fc.tuple(target, fc.boolean()).map(([a, paste]) => (s: Uint8Array) => typed(resolveArg(a, s), paste)) },
  { weight: 1, arbitrary: fc.constant(() => ['\t', '\r']) },
  { weight: 2, arbitrary: resizedTo.map((sz) => () => [{ resize: sz }]) },
  { weight: 6, arbitrary: fc.tuple(back, opener, maybeResize, answer).map(([b, o, r, a]) => (s: Uint8Array) => [...b, ...o(s), ...r, ...a]) },
);

/** How the app is started: a configured environment (existing or not), a path, or discovery. */
const open = fc.constantFrom({ env: 'staging' }, { env: 'staging' }, { env: 'staging' }, { env: 'prod' }, { state: STAGING }, {}, { env: 'qa' });

const config = fc.oneof({ weight: 3, arbitrary: fc.constant(DEMO_CONFIG) }, { weight: 1, arbitrary: configFile(STAGING, PROD) });
const prod = fc.oneof({ weight: 3, arbitrary: fc.constant(DEMO_PROD) }, { weight: 1, arbitrary: stateBytes });

const session: fc.Arbitrary<TuiScene> = fc
  .tuple(stateBytes, prod, config, fc.option(stateBytes, { nil: undefined }), batchFile, open, size, fc.array(step, { minLength: 2, maxLength: 10, size: 'max' }))
  .map(([staging, p, c, backup, batch, o, sz, steps]) => ({
    files: { 'tfstate.config.json': c, [STAGING]: staging, [PROD]: p, 'ops.txt': renderBatch(batch, staging), ...(backup ? { [BACKUP]: backup } : {}) },
    open: o,
    size: sz,
    steps: steps.flatMap((s) => s(staging)),
  }));

// ---- sessions on S3: staging is a state object (the in-process S3 and DynamoDB servers), prod the local demo ----

/** What is in the bucket and table for an S3 session: the state (fuzzed, or a seed), its digest right or missing, and now and then a lock someone holds. */
const s3Seed: fc.Arbitrary<S3Seed> = fc.record({
  state: fc.oneof({ weight: 2, arbitrary: stateBytes }, { weight: 1, arbitrary: fc.constantFrom(...SEEDS) }),
  digest: fc.constantFrom({ kind: 'right' as const }, { kind: 'right' as const }, { kind: 'none' as const }),
  lockItem: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: lockInfo('5a6b7c8d-0000-4000-8000-0123456789ab') }),
  lockObject: fc.constant(null),
  backup: fc.constant(null),
});

/** An S3 session: the seed, the locking configured, and the scene (config, local prod, batch file, steps). */
interface S3Session {
  readonly seed: S3Seed;
  readonly locking: { readonly dynamodb: boolean; readonly lockfile: boolean };
  readonly scene: (config: Uint8Array) => TuiScene;
}

const s3Session: fc.Arbitrary<S3Session> = fc
  .tuple(s3Seed, fc.record({ dynamodb: fc.boolean(), lockfile: fc.boolean() }), batchFile, fc.constantFrom({ env: 'staging' }, { env: 'staging' }, { env: 'staging' }, { env: 'prod' }), size, fc.array(step, { minLength: 2, maxLength: 8, size: 'max' }))
  .map(([seed, locking, batch, o, sz, steps]) => ({
    seed,
    locking,
    scene: (config) => ({ files: { 'tfstate.config.json': config, [PROD]: DEMO_PROD, 'ops.txt': renderBatch(batch, seed.state!) }, open: o, size: sz, steps: steps.flatMap((st) => st(seed.state!)), elsewhere: [seed.state!] }),
  }));

/** The config of an S3 session: staging is case `n`'s state object, prod the local (protected) demo state. */
function s3Config(servers: S3Servers, n: S3Names, locking: S3Session['locking']): Uint8Array {
  const staging = (JSON.parse(new TextDecoder().decode(configFor(servers, n, { ...locking, protected: false }))) as { environments: { fuzz: unknown } }).environments.fuzz;
  return new TextEncoder().encode(JSON.stringify({ environments: { staging, prod: { state: PROD, protected: true } } }, null, 2));
}

const decodes = (b: Uint8Array): boolean => decodeState(b, { location: 'fuzz' }).ok;

function describeSession(s: TuiScene): string {
  const files = Object.entries(s.files).map(([n, b]) => `  ${n}: ${b.length} bytes, decodes: ${decodes(b)}, starts ${JSON.stringify(Buffer.from(b.subarray(0, 120)).toString('latin1'))}`);
  return `open ${JSON.stringify(s.open)} at ${s.size.columns}x${s.size.rows}\nsteps: ${JSON.stringify(s.steps)}\n${files.join('\n')}`;
}

/** How far sessions got: a state loaded, a confirmation dialog shown, an edit confirmed, a file written (FUZZ_STATS=1 prints them, to see what the fuzzer reaches). */
const stats = { sessions: 0, loaded: 0, dialogs: 0, confirmed: 0, wrote: 0, writes: 0, resizes: 0, s3: { sessions: 0, loaded: 0, confirmed: 0, wrote: 0 } };

describe('fuzzing the TUI with random key presses', () => {
  let root = '';
  let stopWatching = (): void => undefined;
  const level = chalk.level;
  beforeAll(() => {
    root = tuiScratch();
    stopWatching = watchUncaught();
    // Colours on, so the frame shows which button has focus (inverse video).
    chalk.level = 1;
  });
  afterAll(() => {
    chalk.level = level;
    stopWatching();
    rmSync(root, { recursive: true, force: true });
    if (process.env.FUZZ_STATS) console.log(stats);
  });

  it('never crashes, draws every frame to fit the terminal however it is resized (the app, or below 40x12 the notice), and writes only what the user confirmed (a decodable state and a backup)', () =>
    assertFuzz(
      session,
      async (s) => {
        const o = await runTui(s, root);
        checkTuiFiles(s, o, [STAGING, PROD]);
        stats.sessions++;
        stats.writes += o.sent;
        stats.resizes += o.resized;
        if (o.loaded) stats.loaded++;
        if (o.inDialog > 0) stats.dialogs++;
        if (o.confirmations > 0) stats.confirmed++;
        if ([...o.after].some(([k, v]) => !o.before.get(k)?.equals(v))) stats.wrote++;
      },
      100,
      describeSession,
    ), 300_000);

  describe('on S3 state', () => {
    let servers: S3Servers;
    let counter = 0;
    const saved = { ...process.env };
    beforeAll(async () => {
      servers = await startS3Servers();
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' });
    });
    afterAll(async () => {
      process.env = saved;
      await Promise.all([servers?.s3.stop(), servers?.dynamo.stop()]);
    });

    it('keeps the same promises, and changes the bucket and table only by confirmed edits (the lock released after each)', () =>
      assertFuzz(
        s3Session,
        async (c) => {
          const n = namesFor(counter++);
          await plant(servers, c.seed, n);
          const before = await observe(servers, n);
          const scene = c.scene(s3Config(servers, n, c.locking));
          const o = await runTui(scene, root);
          checkTuiFiles(scene, o, [PROD]);
          const after = await observe(servers, n);
          checkS3(n, before, after, 0, o.lastFrame, { readOnly: o.confirmations === 0, mayUnlock: false, digest: c.locking.dynamodb, maxWrites: Math.max(1, o.confirmations) });
          stats.s3.sessions++;
          if (o.loaded) stats.s3.loaded++;
          if (o.confirmations > 0) stats.s3.confirmed++;
          if (before.objects.get(n.key)?.etag !== after.objects.get(n.key)?.etag) stats.s3.wrote++;
        },
        8,
        (c) => `${describeSession(c.scene(new Uint8Array()))}\nlocking: ${JSON.stringify(c.locking)}, digest: ${c.seed.digest.kind}, lock item: ${c.seed.lockItem !== null}`,
      ), 300_000);
  });
});
