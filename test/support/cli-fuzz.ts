/**
 * Harness for fuzzing the CLI: runs a command (in-process through `runCli`,
 * or as the built `tfstate` process) in a fresh scratch directory holding
 * the given files, captures both streams and the directory's contents
 * before and after, and checks the CLI contract (design §7) on what it
 * observed.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { runCli } from '../../src/cli/program.js';
import type { Streams } from '../../src/cli/output.js';
import { EXIT } from '../../src/session/exit-codes.js';
import { decodeState } from '../../src/core/statefile/index.js';
import { sniff } from '../../src/core/statefile/sniff.js';
import { tfstateAsync } from './cli.js';
import { fuzzSettings } from './mutate.js';

export { fuzzSettings } from './mutate.js';

/** A scratch directory's files: relative path -> bytes. */
export type Files = ReadonlyMap<string, Buffer>;

/** What one run produced. */
export interface Observed {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly before: Files;
  readonly after: Files;
  /** The scratch directory the command ran in (set by `runScene`; gone once it returns). */
  readonly dir?: string;
}

/** One fuzz case: the files to create and the arguments to run with (`@DIR@` stands for the scratch directory). */
export interface Scene {
  readonly files: Readonly<Record<string, Uint8Array | string>>;
  readonly argv: readonly string[];
}

let root: string | null = null;
let counter = 0;

/** Every file under `dir` (relative path -> bytes), sorted. */
export function listFiles(dir: string, prefix = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) for (const [k, v] of listFiles(dir, rel)) out.set(k, v);
    else out.set(rel, readFileSync(join(dir, rel)));
  }
  return out;
}

/** What the command has printed so far, for a runner that reacts to it. */
export type OnOutput = (stdout: string, stderr: string) => void;

/** The streams of an in-process run: no terminal anywhere, everything captured (and shown to `onErr` as it comes). */
function capture(onErr?: OnOutput): { streams: Streams; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const toErr = (t: string): void => {
    err.push(t);
    onErr?.(out.join(''), err.join(''));
  };
  return { streams: { out: (t) => void out.push(t), err: toErr, stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false }, out, err };
}

/** How a scene's command is run: in-process (`runCli`) or as the real `tfstate` process. */
export type Runner = (argv: readonly string[], cwd: string) => Promise<{ code: number; stdout: string; stderr: string }>;

/**
 * `runCli` in this process, with `cwd` as the working directory. An
 * exception out of `runCli` (a bug: the process wrapper would print
 * "failed unexpectedly") is rethrown with its stack.
 */
export const inProcess: Runner = (argv, cwd) => inProcessWith(argv, cwd);

/** `inProcess`, calling `onErr` with everything printed so far each time the command writes to stderr. */
export async function inProcessWith(argv: readonly string[], cwd: string, onErr?: OnOutput): Promise<{ code: number; stdout: string; stderr: string }> {
  const { streams, out, err } = capture(onErr);
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const code = await runCli(argv, streams);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } catch (e) {
    throw new Error(`runCli threw ${(e as Error).name}: ${(e as Error).message}\n${(e as Error).stack ?? ''}`);
  } finally {
    process.chdir(previous);
  }
}

/** The built `node dist/cli/main.js` (arguments cannot hold NUL characters, so they are dropped). */
export const spawned: Runner = (argv, cwd) => tfstateAsync(argv.map((a) => a.replaceAll('\u0000', '')), cwd);

/** `spawned`, with `env` added to the process's environment. */
export function spawnedWith(env?: Record<string, string>): Runner {
  return env ? (argv, cwd) => tfstateAsync(argv.map((a) => a.replaceAll('\u0000', '')), cwd, { env }) : spawned;
}

/**
 * Runs `tfstate argv…` in a new scratch directory holding `scene.files`
 * (the working directory for the run), and lists the directory's files
 * before and after.
 */
export async function runScene(scene: Scene, run: Runner = inProcess): Promise<Observed> {
  root ??= mkdtempSync(join(tmpdir(), 'tfstate-fuzz-'));
  const dir = join(root, String(counter++));
  mkdirSync(dir);
  const argv = scene.argv.map((a) => a.replaceAll('@DIR@', dir));
  for (const [name, bytes] of Object.entries(scene.files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  const before = listFiles(dir);
  const r = await run(argv, dir);
  const after = listFiles(dir);
  rmSync(dir, { recursive: true, force: true });
  return { ...r, before, after, dir };
}

/** Removes the scratch root (call from afterAll). */
export function dropScratch(): void {
  if (root) rmSync(root, { recursive: true, force: true });
  root = null;
}

/** Text that only a crash or a leaked JavaScript value produces. */
export const CRASH_SIGNS: readonly RegExp[] = [
  /^\s+at .+(:\d+:\d+\)?|\(native\))$/m,
  /\b(TypeError|RangeError|ReferenceError|SyntaxError|InvariantError|AssertionError|EvalError|URIError)\b/,
  /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not defined|Maximum call stack|Invalid array length|Invalid string length/,
  /failed unexpectedly/,
  /\bundefined\b/,
  /\[object Object\]/,
  /\bNaN\b/,
];

/**
 * The first of `signs` that `text` shows and `input` does not: output may
 * quote its input (pull prints it, diagnostics name bad values), so a sign
 * already in the input proves nothing. Null when there is none.
 */
export function crashSign(text: string, input: string, signs: readonly RegExp[] = CRASH_SIGNS): RegExp | null {
  return signs.find((sign) => !sign.test(input) && sign.test(text)) ?? null;
}

/** What a scene's command is allowed to do. */
export interface Contract {
  /** Exit codes this command may return (a subset of the documented ones). */
  readonly codes: readonly number[];
  /** Never writes anything, whatever happens (read commands, --dry-run, no --yes). */
  readonly readOnly: boolean;
  /** An input it needs is invalid (does not decode): it must fail, and write nothing. */
  readonly mustFail: boolean;
  /** With --json, stdout must be exactly one JSON document (not `pull`, not `graph --format dot`…). */
  readonly jsonStdout: boolean;
  /** State files (relative) a successful edit may rewrite or create; each must decode afterwards. */
  readonly stateFiles: readonly string[];
  /** How many writes a state file may have taken: its serial goes up by 1 to this (default 1; the TUI can make several edits). */
  readonly maxWrites?: number;
  /**
   * Files the run may delete, even when it fails: a stale lock info (no
   * process holds the lock) is replaced when the lock is taken and removed
   * when it is released, as Terraform does; force-unlock removes it.
   */
  readonly mayDelete?: readonly string[];
}

const DOCUMENTED = Object.values(EXIT) as number[];
const BACKUP = /\.\d+(\.\d+)?\.backup$/;
const BACKUP_INDEX = /(^|\/)\.[^/]+\.backups\.jsonl$/;
const SIDECAR = /(-journal|\.lock\.info)$/;

function fail(msg: string, scene: Scene, o: Observed): never {
  throw new Error(`${msg}\n  argv: ${JSON.stringify(scene.argv)}\n  exit: ${o.code}\n  stdout: ${JSON.stringify(o.stdout.slice(0, 600))}\n  stderr: ${JSON.stringify(o.stderr.slice(0, 1200))}`);
}

/** The arguments commander may read as options: those before a `--`. */
export function flagsOf(argv: readonly string[]): readonly string[] {
  const end = argv.indexOf('--');
  return end < 0 ? argv : argv.slice(0, end);
}

/** True when commander would print help or the version instead of running the command. */
export function helpLike(argv: readonly string[]): boolean {
  return flagsOf(argv).some((t) => t === '--help' || t === '--version' || /^-[hV]/.test(t));
}

/** True when an edit may write: --yes and no --dry-run (wherever they are among the options). */
export function confirmed(argv: readonly string[]): boolean {
  const f = flagsOf(argv);
  return f.includes('--yes') && !f.includes('--dry-run');
}

function decodes(bytes: Buffer | undefined): { serial: bigint } | null {
  if (!bytes) return null;
  const r = decodeState(bytes, { location: 'after' });
  return r.ok ? { serial: r.value.meta.serial } : null;
}

/** Checks everything the CLI contract promises about one run; throws a description on the first breach. */
export function checkContract(scene: Scene, o: Observed, c: Contract): void {
  if (!DOCUMENTED.includes(o.code)) fail(`exit code ${o.code} is not a documented one`, scene, o);
  if (!c.codes.includes(o.code)) fail(`exit code ${o.code} is not one this command may return (${c.codes.join(', ')})`, scene, o);
  const input = [...scene.argv, ...[...o.before.values()].map((b) => b.toString('utf8'))].join('\n');
  for (const [name, text] of [['stderr', o.stderr], ['stdout', o.stdout]] as const) {
    const sign = crashSign(text, input);
    if (sign) fail(`${name} looks like a crash (${sign})`, scene, o);
  }
  const json = flagsOf(scene.argv).includes('--json') && !helpLike(scene.argv);
  const failed = o.code !== 0 && o.code !== EXIT.findings;
  if (json && (c.jsonStdout || failed)) {
    let doc: unknown;
    try {
      doc = JSON.parse(o.stdout);
    } catch {
      fail('with --json, stdout is not exactly one JSON document', scene, o);
    }
    if (failed) {
      const e = (doc as { error?: { code?: unknown; summary?: unknown; detail?: unknown } }).error;
      if (!e || typeof e.code !== 'string' || !/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/.test(e.code) || typeof e.summary !== 'string' || !e.summary || typeof e.detail !== 'string' || !e.detail) {
        fail('with --json, a failure is not reported as {"error": {code, summary, detail}}', scene, o);
      }
    }
    if (o.stderr !== '' && failed) fail('with --json, a failure also wrote to stderr', scene, o);
  } else if (failed) {
    if (!/(^|\n)Error: \S[^\n]*\n\n\S/.test(o.stderr)) fail('a failure did not print a diagnostic ("Error: summary", blank line, detail) on stderr', scene, o);
  }
  if (o.code === EXIT.findings && o.stdout.trim() === '') fail('exit 5 (findings) printed no findings', scene, o);
  checkFiles(scene, o, c);
}

/**
 * Checks what a run did to the files: nothing, when it failed or may not
 * write; else only its state files (each decoding, its serial up by 1 to
 * `maxWrites`, its previous bytes in a new backup), new backups and the
 * backup index. Throws a description on the first breach.
 */
export function checkFiles(scene: Scene, o: Observed, c: Contract): void {
  const gone = (k: string): boolean => !o.after.has(k) && c.mayDelete?.includes(k) === true;
  const unchanged = (): boolean => [...o.after.keys()].every((k) => o.before.has(k)) && [...o.before].every(([k, v]) => gone(k) || o.after.get(k)?.equals(v) === true);
  if (c.readOnly || c.mustFail || o.code !== 0) {
    if (c.mustFail && o.code === 0) fail('an invalid input was accepted', scene, o);
    if (!unchanged()) fail(`files changed although nothing may be written: before ${[...o.before.keys()].join(', ')}; after ${[...o.after.keys()].join(', ')}`, scene, o);
    return;
  }
  // A successful edit: only its state files, new backups and the backup index may change.
  for (const [name, bytes] of o.after) {
    const old = o.before.get(name);
    if (old?.equals(bytes)) continue;
    if (SIDECAR.test(name)) fail(`${name} was left behind`, scene, o);
    if (BACKUP_INDEX.test(name)) continue;
    if (BACKUP.test(name) && !old) continue;
    if (!c.stateFiles.includes(name)) fail(`${name} was written, but it is not a state this command edits`, scene, o);
    const now = decodes(bytes);
    if (!now) fail(`${name} was rewritten into bytes that do not decode`, scene, o);
    const was = old && sniff(old).kind !== 'empty' ? decodes(old) : null;
    const most = BigInt(c.maxWrites ?? 1);
    if (was && (now.serial <= was.serial || now.serial > was.serial + most)) fail(`${name}: serial went from ${was.serial} to ${now.serial}, not up by ${most === 1n ? 'one' : `1 to ${most}`}`, scene, o);
    if (old && old.length > 0 && ![...o.after].some(([n, b]) => BACKUP.test(n) && !o.before.has(n) && b.equals(old))) fail(`${name} was rewritten without a backup of its previous bytes`, scene, o);
  }
  for (const name of o.before.keys()) if (!o.after.has(name) && !c.mayDelete?.includes(name)) fail(`${name} was deleted`, scene, o);
}

/**
 * Runs an async property with the fuzz settings (FUZZ_SEED, FUZZ_RUNS, and
 * FUZZ_PATH to replay one case) and fails with a readable report (how to
 * replay, the failure, the case) instead of the raw counterexample, whose
 * state bytes can be megabytes.
 */
export async function assertFuzz<T>(arb: fc.Arbitrary<T>, run: (t: T) => Promise<void>, fallbackRuns: number, describe: (t: T) => string): Promise<void> {
  const { seed, numRuns } = fuzzSettings(fallbackRuns);
  const path = process.env.FUZZ_PATH;
  const r = await fc.check(fc.asyncProperty(arb, run), { seed, numRuns, endOnFailure: process.env.FUZZ_SHRINK === '0', ...(path ? { path } : {}) });
  if (!r.failed) return;
  const input = r.counterexample?.[0] as T | undefined;
  const err = r.errorInstance instanceof Error ? r.errorInstance.message : String(r.errorInstance);
  throw new Error(
    `fuzz failure after ${r.numRuns} runs and ${r.numShrinks} shrinks; replay it with FUZZ_SEED=${seed} FUZZ_PATH=${r.counterexamplePath} (FUZZ_SHRINK=0 skips shrinking):\n${err}\n${input === undefined ? '' : describe(input)}`,
  );
}
