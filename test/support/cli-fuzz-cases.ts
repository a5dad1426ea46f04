/**
 * The shape of a CLI fuzz case and what every case file shares: where the
 * state lives and how the command names it, the command line with
 * addresses taken from the fuzzed state, how a case is run and checked,
 * and how a failing case is described.
 */
import fc from 'fast-check';
import { decodeState } from '../../src/core/statefile/index.js';
import { sniff } from '../../src/core/statefile/sniff.js';
import { afterAll, beforeAll } from 'vitest';
import { checkContract, dropScratch, fuzzSettings, inProcess, runScene, spawned, type Contract, type Runner, type Scene } from './cli-fuzz.js';
import { mutatedState } from './mutate.js';
import { address, freeMove, PROVIDERS, resolveArg, target, type Arg } from './fuzz-inputs.js';
import { localBackendState } from '../session/backend-state-samples.js';

/** A fuzz case: the scene to run, what its command may do, and how it must be run when not as a plain command (one that holds a lock until interrupted). */
export interface Case {
  readonly scene: Scene;
  readonly contract: Contract;
  readonly runner?: { readonly inProcess: Runner; readonly spawned: Runner };
}

/** True when the bytes decode as a state. */
export const valid = (b: Uint8Array): boolean => decodeState(b, { location: 'fuzz' }).ok;
/** True when the bytes are an empty state file (nothing, or whitespace). */
export const empty = (b: Uint8Array): boolean => sniff(b).kind === 'empty';

/**
 * Where the state is and how the command names it: found by discovery, by
 * --state (relative or absolute), or through a (fuzzed) `.terraform`
 * backend config naming a local path.
 */
export const LOCATIONS = [
  { file: 'terraform.tfstate', flags: [] },
  { file: 'sub/s.tfstate', flags: ['--state', 'sub/s.tfstate'] },
  { file: 'abs.tfstate', flags: ['--state', '@DIR@/abs.tfstate'] },
  { file: 'custom.tfstate', flags: [], backend: true },
] as const;

/** `.terraform/terraform.tfstate` as `terraform init` writes it for `backend "local" { path = "custom.tfstate" }`, then possibly damaged. */
const backendConfig = fc.oneof({ weight: 2, arbitrary: fc.constant(new TextEncoder().encode(localBackendState('custom.tfstate'))) }, { weight: 1, arbitrary: mutatedState([new TextEncoder().encode(localBackendState('custom.tfstate'))]) });

/** The pieces of a command line; `--` goes before the positionals when `sep` (so addresses starting with `-` stay addresses). */
export interface Line {
  readonly cmd: readonly string[];
  readonly opts?: readonly Arg[];
  readonly pos?: readonly Arg[];
}

/** What every case draws besides its command: the location, --json, `--`, and the backend config. */
export interface Common {
  readonly at: number;
  readonly json: boolean;
  readonly sep: boolean;
  readonly backend: Uint8Array;
}

/** The location, --json, `--` and backend config of a case. */
export const common: fc.Arbitrary<Common> = fc.record({ at: fc.nat({ max: LOCATIONS.length - 1 }), json: fc.boolean(), sep: fc.boolean(), backend: backendConfig });

/** The state where the case's location puts it, with the backend config that names it when there is one. */
export function placed(c: Common, state: Uint8Array): Record<string, Uint8Array> {
  const loc = LOCATIONS[c.at];
  return { [loc.file]: state, ...('backend' in loc ? { '.terraform/terraform.tfstate': c.backend } : {}) };
}

/** The command line, with addresses taken from `state` where the case asked for real ones. */
export function argv(l: Line, c: Common, state: Uint8Array | undefined, location: readonly string[] = LOCATIONS[c.at].flags): string[] {
  const r = (as: readonly Arg[] = []): string[] => as.map((a) => resolveArg(a, state));
  return [...l.cmd, ...location, ...(c.json ? ['--json'] : []), ...r(l.opts), ...(c.sep && l.pos?.length ? ['--'] : []), ...r(l.pos)];
}

/** The case's command line and files (size, whether each decodes, how it starts), instead of megabytes of counterexample. */
export function describeCase(c: Case): string {
  const files = Object.entries(c.scene.files).map(([n, b]) => {
    const bytes = typeof b === 'string' ? new TextEncoder().encode(b) : b;
    return `  ${n}: ${bytes.length} bytes, decodes: ${valid(bytes)}, starts ${JSON.stringify(Buffer.from(bytes.subarray(0, 160)).toString('latin1'))}`;
  });
  return `argv: ${JSON.stringify(c.scene.argv)}\n${files.join('\n')}`;
}

/** Exit codes seen, and how many runs wrote files (FUZZ_STATS=1 prints them, to see what the fuzzer reaches). */
export const stats = new Map<string, number>();

/** Runs a case in-process and checks the contract on what it did. */
export async function check(c: Case): Promise<void> {
  const o = await runScene(c.scene, c.runner?.inProcess ?? inProcess);
  checkContract(c.scene, o, c.contract);
  const wrote = [...o.after].some(([k, v]) => !o.before.get(k)?.equals(v));
  for (const key of [`${c.scene.argv[0]} exit ${o.code}`, ...(wrote ? [`${c.scene.argv[0]} wrote`] : [])]) stats.set(key, (stats.get(key) ?? 0) + 1);
}

/** An optional value (undefined when absent). */
export const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined });
/** `[name, v]`, or nothing when `v` is absent. */
export const flag = (name: string, v: Arg | undefined): Arg[] => (v === undefined ? [] : [name, v]);

/** How an edit is confirmed: --yes (it would write), --dry-run, or not at all (no terminal: confirmation required). */
export const confirmMode = fc.constantFrom(['--yes'], ['--yes'], ['--yes'], ['--yes'], ['--dry-run'], [] as string[]);

/** A guard against hangs, not a timing assertion: generous, and more so for longer FUZZ_RUNS. */
export const TIMEOUT = process.env.FUZZ_RUNS ? 3_600_000 : 300_000;

/**
 * Sets up the surrounding `describe` for fuzzing in-process: no workspace
 * or data dir from outside, no colour, and any S3 or DynamoDB call going to
 * a closed local port (unless `env` names real endpoints); afterwards the
 * environment is restored, the scratch directories removed and, with
 * FUZZ_STATS, the stats printed.
 */
export function useFuzzEnvironment(env: Record<string, string> = {}): void {
  const saved = { ...process.env };
  beforeAll(() => {
    delete process.env.TF_WORKSPACE;
    delete process.env.TF_DATA_DIR;
    process.env.NO_COLOR = '1';
    Object.assign(process.env, { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'fuzz', AWS_SECRET_ACCESS_KEY: 'fuzz', AWS_REGION: 'eu-west-1', AWS_EC2_METADATA_DISABLED: 'true' }, env);
  });
  afterAll(() => {
    process.env = saved;
    dropScratch();
    if (process.env.FUZZ_STATS) console.log([...stats].sort().map(([k, n]) => `${k}: ${n}`).join('\n'));
  });
}

/**
 * Runs `runs` cases sampled from `arb` (FUZZ_PROCESS_RUNS overrides) through
 * the built `tfstate` process, two at a time (starting node dominates, and
 * the machine has two cores): `check` runs one case and checks it (by
 * default a plain case, run as `spawned` or with its own runner). A failure
 * names the seed and the case.
 */
export async function checkSpawned<C = Case>(arb: fc.Arbitrary<C>, runs: number, check: (c: C) => Promise<void> = checkCaseSpawned as (c: C) => Promise<void>, describe: (c: C) => string = describeCase as (c: C) => string): Promise<void> {
  const { seed } = fuzzSettings(0);
  const cases = fc.sample(arb, { seed, numRuns: Number(process.env.FUZZ_PROCESS_RUNS ?? runs) });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const i = next++;
      try {
        await check(cases[i]);
      } catch (e) {
        throw new Error(`spawned case ${i} of FUZZ_SEED=${seed}: ${(e as Error).message}\n${describe(cases[i])}`);
      }
    }
  };
  await Promise.all([worker(), worker()]);
}

async function checkCaseSpawned(c: Case): Promise<void> {
  checkContract(c.scene, await runScene(c.scene, c.runner?.spawned ?? spawned), c.contract);
}

/**
 * A read command (list, show, pull, graph in every format, audit in every
 * format), the exit codes it may return, whether its stdout is one JSON
 * document under --json, and whether an option value is one it must refuse.
 */
export const readLine: fc.Arbitrary<{ line: Line; codes: readonly number[]; jsonDoc: (json: boolean) => boolean; bad: boolean }> = fc.oneof(
  fc.tuple(fc.array(target, { maxLength: 3 }), opt(fc.string({ maxLength: 20 }))).map(([a, id]) => ({ line: { cmd: ['list'], opts: flag('--id', id), pos: a }, codes: [0, 1, 2], jsonDoc: () => true, bad: false })),
  fc.tuple(target, fc.boolean()).map(([a, s]) => ({ line: { cmd: ['show'], opts: s ? ['--show-sensitive'] : [], pos: [a] }, codes: [0, 1, 2], jsonDoc: () => true, bad: false })),
  fc.constant({ line: { cmd: ['pull'] }, codes: [0, 1], jsonDoc: () => false, bad: false }),
  fc.tuple(opt(fc.constantFrom('text', 'dot', 'mermaid', 'json', 'svg', 'png', '')), opt(fc.oneof(target, fc.constant(''))), opt(fc.constantFrom('0', '1', '3', '-1', 'x', '1.5', '', '99999999999999999999'))).map(([f, focus, depth]) => ({
    line: { cmd: ['graph'], opts: [...flag('--format', f), ...flag('--focus', focus), ...flag('--depth', depth)] },
    codes: [0, 1, 2],
    jsonDoc: (json: boolean) => f === 'json' || (f === undefined && json),
    bad: f === 'png' || f === '' || focus === '' || (depth !== undefined && !/^\d+$/.test(depth)),
  })),
  fc.tuple(opt(fc.constantFrom('text', 'json', 'sarif', 'xml')), opt(fc.constantFrom('error', 'warning', 'never', 'info')), opt(fc.constantFrom('1.5.0', '0.12.31', 'x', '', '99.0.0'))).map(([f, failOn, tv]) => ({
    line: { cmd: ['audit'], opts: [...flag('--format', f), ...flag('--fail-on', failOn), ...flag('--target-version', tv)] },
    codes: [0, 1, 2, 5],
    jsonDoc: (json: boolean) => f === 'json' || f === 'sarif' || (f === undefined && json),
    bad: f === 'xml' || failOn === 'info' || tv === 'x' || tv === '',
  })),
);

/** A provider address for replace-provider: a known form, or any address string. */
const provider: fc.Arbitrary<Arg> = fc.oneof(fc.constantFrom(...PROVIDERS), address);

/** A single edit: mv (of anything, or an address to a free one), rm, import, taint, untaint, replace-provider. */
export const editLine: fc.Arbitrary<Line> = fc.oneof(
  fc.tuple(target, target).map(([a, b]) => ({ cmd: ['mv'], pos: [a, b] })),
  freeMove.map((pos) => ({ cmd: ['mv'], pos })),
  fc.array(target, { minLength: 1, maxLength: 3 }).map((a) => ({ cmd: ['rm'], pos: a })),
  fc.tuple(target, fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('i-0123456789', '')), opt(fc.constantFrom(...PROVIDERS))).map(([a, id, p]) => ({ cmd: ['import'], opts: flag('--provider', p), pos: [a, id] })),
  target.map((a) => ({ cmd: ['taint'], pos: [a] })),
  target.map((a) => ({ cmd: ['untaint'], pos: [a] })),
  fc.tuple(provider, provider).map(([a, b]) => ({ cmd: ['replace-provider'], pos: [a, b] })),
);

/** Durations as users write them, near misses, and ones longer than a timer can wait at once (2^31 - 1 ms is under 25 days). */
const duration = fc.constantFrom('0s', '10ms', '2s', '1m', '1h30m', ' 5s ', '596h', '597h', '1000h', '99999999999999999999', '1.5', '', 'x', '-1s', '5 s', '1e3', '1d');

/** What `lock hold` takes: --for, --reason (any text) and --lock-timeout, each maybe absent. */
export interface HoldOptions {
  readonly for?: string;
  readonly reason?: string;
  readonly timeout?: string;
}

/** Fuzzed `lock hold` options. */
export const holdOptions: fc.Arbitrary<HoldOptions> = fc.record({ for: opt(duration), reason: opt(fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 20 }))), timeout: opt(fc.constantFrom('0s', '1s', 'x')) });

const DURATION = /^\s*(?:\d+(?:\.\d+)?|(?:\d+(?:\.\d+)?(?:ms|s|m|h))+)\s*$/;

/** True when --for or --lock-timeout is not a duration (the hold must refuse it). */
export const badHoldOptions = (h: HoldOptions): boolean => (h.for !== undefined && !DURATION.test(h.for)) || (h.timeout !== undefined && !DURATION.test(h.timeout));

/** The `lock hold` command line with these options. */
export const holdLine = (h: HoldOptions): Line => ({ cmd: ['lock', 'hold'], opts: [...flag('--for', h.for), ...flag('--reason', h.reason), ...flag('--lock-timeout', h.timeout)] });
