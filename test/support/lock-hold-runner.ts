/**
 * Running `tfstate lock hold` in a fuzz case. It holds the lock until its
 * `--for` is up or it is interrupted, so the runner interrupts it, as
 * Ctrl-C would, once it says it holds the lock: in-process by calling the
 * SIGINT listeners it added, as a process with SIGINT. Before that it
 * checks what the user was told: the lock is really held (a probe of the
 * lock, local or on S3, finds the ID it printed) and still held a moment
 * later when its --for is longer than that. A breach fails the case.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDuration } from '../../src/cli/options.js';
import { tfstateAsync } from './cli.js';
import { flagsOf, inProcessWith, type Runner } from './cli-fuzz.js';

/** How long the runner watches the lock before interrupting: long enough for a mis-set timer to have fired. */
const WATCH_MS = 60;

/** The lock ID the command printed: alone on stdout, or in its JSON document. */
function printedId(stdout: string): string {
  try {
    return (JSON.parse(stdout) as { lock?: { ID?: string } }).lock?.ID ?? '';
  } catch {
    return stdout.trim();
  }
}

/** How a runner sees whether the lock the command printed is held. */
export interface LockProbe {
  /** True when the lock is held under `id`. */
  held(id: string): Promise<boolean>;
  /** True when `held` looks at the lock the moment it is called (a file read); false when its answer comes later (a request to a server). */
  readonly immediate: boolean;
}

/** True when a `.lock.info` under `dir` names `id`. */
function heldBy(dir: string, id: string, sub = ''): boolean {
  for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
    const rel = join(sub, e.name);
    if (e.isDirectory() ? heldBy(dir, id, rel) : e.name.endsWith('.lock.info') && id !== '' && readFileSync(join(dir, rel), 'utf8').includes(JSON.stringify(id))) return true;
  }
  return false;
}

/** The hold's --for in milliseconds (null: until interrupted, or not a duration, which it must refuse). */
function holdFor(argv: readonly string[]): number | null {
  const f = flagsOf(argv);
  const i = f.lastIndexOf('--for');
  if (i < 0 || i + 1 >= f.length) return null;
  const d = parseDuration(f[i + 1], '--for');
  return d.ok ? d.value : null;
}

/** The probe of a local state's lock: a `.lock.info` under the scratch directory names the ID. */
const localProbe = (cwd: string): LockProbe => ({ held: async (id) => heldBy(cwd, id), immediate: true });

/**
 * Watches a hold that said it holds the lock (`heldNow`: whether it did at
 * that moment, undefined when that could not be seen in time), then
 * interrupts it with `stop`. Returns the breach seen, or null.
 */
async function watch(argv: readonly string[], probe: LockProbe, id: string, heldNow: Promise<boolean> | undefined, stop: () => void): Promise<string | null> {
  const ms = holdFor(argv);
  try {
    if ((await heldNow) === false) return `it said it holds the lock, but the lock does not name ${JSON.stringify(id)}`;
    if (ms === null || ms > WATCH_MS * 4) {
      await new Promise((r) => setTimeout(r, WATCH_MS));
      if (!(await probe.held(id))) return `it released the lock within ${WATCH_MS} ms, although it was to hold it ${ms === null ? 'until interrupted' : `for ${ms} ms`}`;
    }
    return null;
  } finally {
    stop();
  }
}

const HOLDING = /Holding the lock/;

/** A hold shorter than this may be over by the time a late probe answers: only longer ones are probed at once. */
const PROBE_AFTER_MS = 1000;

/** Whether to probe the lock the moment the command says it holds it (`late`: the answer comes after that moment). */
const probeNow = (argv: readonly string[], late: boolean): boolean => {
  const ms = holdFor(argv);
  return !late || ms === null || ms > PROBE_AFTER_MS;
};

/**
 * The runners of `lock hold` for a lock `probeFor(cwd)` can see: in this
 * process (interrupted through the SIGINT listeners it added once it holds
 * the lock), and as the built process, with `env` added to its environment
 * (sent SIGINT).
 */
export function holdRunners(probeFor: (cwd: string) => LockProbe, env?: Record<string, string>): { readonly inProcess: Runner; readonly spawned: Runner } {
  const inProcess: Runner = async (argv, cwd) => {
    const probe = probeFor(cwd);
    const before = new Set(process.listeners('SIGINT'));
    let watching: Promise<string | null> | null = null;
    const r = await inProcessWith(argv, cwd, (stdout, stderr) => {
      if (watching || !HOLDING.test(stderr)) return;
      // Still inside the command's own write: the lock cannot have been released yet (a file probe reads it now).
      const id = printedId(stdout);
      watching = watch(argv, probe, id, probeNow(argv, !probe.immediate) ? probe.held(id) : undefined, () => {
        for (const l of process.listeners('SIGINT')) if (!before.has(l)) (l as (s: string) => void)('SIGINT');
      });
    });
    const breach = await (watching ?? Promise.resolve(null));
    if (breach) throw new Error(`lock hold: ${breach}`);
    return r;
  };
  const spawned: Runner = async (argv, cwd) => {
    const probe = probeFor(cwd);
    let watching: Promise<string | null> | null = null;
    const r = await tfstateAsync(argv.map((a) => a.replaceAll('\u0000', '')), cwd, {
      ...(env ? { env } : {}),
      onOutput: (stdout, stderr, child) => {
        // The ID (stdout) and the message (stderr) come through two pipes: wait for both.
        if (watching || !HOLDING.test(stderr) || !stdout.endsWith('\n')) return;
        // What a process says arrives late: a hold shorter than that may be over already.
        const id = printedId(stdout);
        watching = watch(argv, probe, id, probeNow(argv, true) ? probe.held(id) : undefined, () => child.kill('SIGINT'));
      },
    });
    const breach = await (watching ?? Promise.resolve(null));
    if (breach) throw new Error(`lock hold (process): ${breach}`);
    return r;
  };
  return { inProcess, spawned };
}

/** Both runners of a hold of a local state's lock, as a fuzz case names them. */
export const HOLD_RUNNER = holdRunners(localProbe);
