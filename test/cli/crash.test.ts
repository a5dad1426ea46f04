/**
 * Crash safety: SIGKILL the CLI at random points of an edit. Once the next
 * tfstate command has run (it completes or rolls back an interrupted write
 * from its journal), the state is byte-identical to the old or the new
 * version, a backup of the old exists whenever the new one is in place, and
 * any lock left behind can be cleared. TFSTATE_CRASH_RUNS sets the number of
 * runs (npm run test:stress uses many more).
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, tfstate } from '../support/cli.js';

const RUNS = Number(process.env.TFSTATE_CRASH_RUNS ?? 12);
const work = mkdtempSync(join(tmpdir(), 'tfstate-crash-'));
const source = join(work, 'big.tfstate');
let oldBytes: Buffer;
let newBytes: Buffer;
let from = '';
let to = '';
let fullMs = 0;

beforeAll(() => {
  // Over the 4 MiB from which the background thread helps (index, hashes): those paths are crashed too.
  const g = spawnSync(process.execPath, ['bench/generate.mjs', '--size', '5MB', '--out', source, '--seed', '3'], { encoding: 'utf8' });
  if (g.status !== 0) throw new Error(g.stderr);
  oldBytes = readFileSync(source);
  const list = tfstate(['list', '--state', source], work).stdout.trim().split('\n');
  // A whole resource (keys stripped), renamed: the write touches one entry in the middle of the file.
  from = list[Math.floor(list.length / 2)].replace(/\[[^\]]*\]$/, '');
  if (from.includes('data.')) from = list.find((a) => !a.includes('data.'))!.replace(/\[[^\]]*\]$/, '');
  to = from.replace(/\.([a-z0-9_-]+)$/, '.crash_renamed');
  const ref = join(work, 'ref');
  spawnSync('mkdir', [ref]);
  copyFileSync(source, join(ref, 'terraform.tfstate'));
  const t0 = Date.now();
  const r = tfstate(['mv', from, to, '--yes'], ref);
  fullMs = Date.now() - t0;
  if (r.code !== 0) throw new Error(r.stderr);
  newBytes = readFileSync(join(ref, 'terraform.tfstate'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('SIGKILL during an edit', () => {
  it(`leaves the old or the new state, never anything else (${RUNS} runs)`, async () => {
    const rand = lcg(20261128);
    const outcomes = { old: 0, new: 0 };
    for (let i = 0; i < RUNS; i++) {
      const d = mkdtempSync(join(work, `run-${i}-`));
      copyFileSync(source, join(d, 'terraform.tfstate'));
      const delay = Math.floor(rand() * fullMs * 1.1);
      const child = spawn(process.execPath, [CLI, 'mv', from, to, '--yes'], { cwd: d, stdio: 'ignore' });
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;

      // The next command recovers first.
      const next = tfstate(['list', from, to], d);
      expect(next.stderr).not.toMatch(/\n\s+at /);
      const now = readFileSync(join(d, 'terraform.tfstate'));
      const isOld = now.equals(oldBytes);
      const isNew = now.equals(newBytes);
      expect(isOld || isNew).toBe(true);
      if (isNew) {
        outcomes.new++;
        const backups = readdirSync(d).filter((f) => f.endsWith('.backup'));
        expect(backups.some((b) => readFileSync(join(d, b)).equals(oldBytes))).toBe(true);
      } else outcomes.old++;
      expect(readdirSync(d).filter((f) => f.includes('journal'))).toEqual([]);

      // A lock left behind is visible and can be cleared.
      const status = JSON.parse(tfstate(['lock', 'status', '--json'], d).stdout) as { lock: { ID: string } | null };
      if (status.lock?.ID) expect(tfstate(['force-unlock', status.lock.ID, '--yes'], d).code).toBe(0);
    }
    expect(outcomes.old + outcomes.new).toBe(RUNS);
  }, 60_000 + RUNS * 10_000);
});
