/**
 * Fuzzing the TUI with random key presses: the real app (store, gateway,
 * controller, Ink) on a scratch directory with a fuzzed staging state
 * (mutated or valid), a protected prod, a fuzzed config, backup and batch
 * file, driven by random keys from the keymap, pasted text, and short
 * sequences a user types (a command line, a move, a confirmation).
 * Whatever happens: no exception, no crash or stack trace on screen, every
 * frame drawn with its header, and no write unless an edit was confirmed
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
import { address, batchFile, configFile, PROVIDERS, renderBatch, resolveArg, stateBytes, target, type Arg } from '../support/fuzz-inputs.js';
import { fixtureBytes } from '../support/state-fixtures.js';
import { BOUND_KEYS, checkTuiFiles, keyBytes, runTui, tuiScratch, watchUncaught, type TuiScene, type Write } from '../support/tui-fuzz.js';

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

/** One thing the user does: a key, text, or a dialog opened and answered. */
const step: fc.Arbitrary<(state: Uint8Array) => readonly Write[]> = fc.oneof(
  { weight: 6, arbitrary: key.map((k) => () => k) },
  { weight: 1, arbitrary: fc.tuple(target, fc.boolean()).map(([a, paste]) => (s: Uint8Array) => typed(resolveArg(a, s), paste)) },
  { weight: 1, arbitrary: fc.constant(() => ['\t', '\r']) },
  { weight: 6, arbitrary: fc.tuple(back, opener, answer).map(([b, o, a]) => (s: Uint8Array) => [...b, ...o(s), ...a]) },
);

/** Terminal sizes: common ones, the smallest the layout supports, and one below it. */
const size = fc.constantFrom({ columns: 80, rows: 24 }, { columns: 120, rows: 40 }, { columns: 40, rows: 12 }, { columns: 30, rows: 8 });

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
    writes: steps.flatMap((s) => s(staging)),
  }));

const decodes = (b: Uint8Array): boolean => decodeState(b, { location: 'fuzz' }).ok;

function describeSession(s: TuiScene): string {
  const files = Object.entries(s.files).map(([n, b]) => `  ${n}: ${b.length} bytes, decodes: ${decodes(b)}, starts ${JSON.stringify(Buffer.from(b.subarray(0, 120)).toString('latin1'))}`);
  return `open ${JSON.stringify(s.open)} at ${s.size.columns}x${s.size.rows}\nwrites: ${JSON.stringify(s.writes)}\n${files.join('\n')}`;
}

/** How far sessions got: a state loaded, a confirmation dialog shown, an edit confirmed, a file written (FUZZ_STATS=1 prints them, to see what the fuzzer reaches). */
const stats = { sessions: 0, loaded: 0, dialogs: 0, confirmed: 0, wrote: 0, writes: 0 };

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

  it('never crashes, always draws its frame, and writes only what the user confirmed (a decodable state and a backup)', () =>
    assertFuzz(
      session,
      async (s) => {
        const o = await runTui(s, root);
        checkTuiFiles(s, o, [STAGING, PROD]);
        stats.sessions++;
        stats.writes += o.sent;
        if (o.loaded) stats.loaded++;
        if (o.inDialog > 0) stats.dialogs++;
        if (o.confirmations > 0) stats.confirmed++;
        if ([...o.after].some(([k, v]) => !o.before.get(k)?.equals(v))) stats.wrote++;
      },
      100,
      describeSession,
    ), 300_000);
});
