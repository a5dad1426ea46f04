// Runs one command and measures its wall time and peak memory (RSS).
//
// Wall time is taken in this process around the child's whole life
// (process.hrtime, so it includes process start-up, as a user sees it).
// Peak RSS comes from GNU time (`/usr/bin/time -f %M`, kibibytes of the
// largest process in the tree); where GNU time is missing, node commands run
// with `--import bench/rss-hook.mjs`, which writes the child's own
// process.resourceUsage().maxRSS on exit, and other commands report no memory.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HOOK = fileURLToPath(new URL('./rss-hook.mjs', import.meta.url));

/** Process groups of the commands running now (each child leads its own group). */
const running = new Set();

/** Kills every command still running (for an interrupted benchmark). */
export function killRunning() {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}

/**
 * How peak memory is measured on this machine: 'gnu-time' when
 * `/usr/bin/time` is GNU time, else 'node-hook' (node children only).
 */
export function memoryProbe() {
  if (!existsSync('/usr/bin/time')) return 'node-hook';
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' });
  return r.status === 0 && /^\d+\s*$/.test(r.stderr.trim().split('\n').pop() ?? '') ? 'gnu-time' : 'node-hook';
}

/**
 * Runs `cmd args` in `cwd` and resolves to
 * `{ ms, rssKB, code, signal, timedOut, stderr }`.
 * stdout goes to `stdoutFile` (or is discarded), stdin is closed, stderr is
 * kept (last 4 KB). The child gets its own process group so a timeout kills
 * the whole tree. `rssKB` is null when it could not be measured.
 */
export function measure({ cmd, args, cwd, env, stdoutFile, timeoutMs, probe }) {
  const memFile = join(cwd, '.bench-peak-rss');
  let argv;
  let childEnv = env;
  if (probe === 'gnu-time') {
    argv = ['/usr/bin/time', '-f', '%M', '-o', memFile, cmd, ...args];
  } else if (cmd === process.execPath) {
    argv = [cmd, '--import', HOOK, ...args];
    childEnv = { ...env, BENCH_RSS_FILE: memFile };
  } else {
    argv = [cmd, ...args];
  }
  const out = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
  return new Promise((resolve, reject) => {
    let stderr = '';
    let timedOut = false;
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd, env: childEnv, stdio: ['ignore', out, 'pipe'], detached: true });
    running.add(child.pid);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-4096);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      if (typeof out === 'number') closeSync(out);
      reject(e);
    });
    child.on('close', (code, signal) => {
      running.delete(child.pid);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(timer);
      if (typeof out === 'number') closeSync(out);
      let rssKB = null;
      if (existsSync(memFile)) {
        const lines = readFileSync(memFile, 'utf8').trim().split('\n');
        const n = Number(lines[lines.length - 1]);
        if (Number.isFinite(n) && n > 0) rssKB = n;
        // GNU time prefixes "Command exited with non-zero status N" lines; the number is last.
        rmSync(memFile, { force: true });
      }
      resolve({ ms, rssKB, code, signal, timedOut, stderr });
    });
  });
}

/** Median, min and max of a non-empty list of numbers. */
export function summarize(values) {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v[v.length - 1], n: v.length };
}
