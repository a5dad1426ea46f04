/**
 * The concurrency check shared by the quick test and the stress test:
 * P processes each apply K moves to one local state, all must land.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, tfstate } from './cli.js';
import { tfStateText } from './tf-state.js';

/** Runs P×K moves concurrently; returns what a test needs to assert. */
export async function concurrentMoves(processes: number, perProcess: number): Promise<{ dir: string; list: string[]; serialBefore: number; serialAfter: number; exitCodes: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'tfstate-conc-'));
  const n = processes * perProcess;
  const resources = Array.from({ length: n }, (_, i) => ({ type: 'null_resource', name: `r${String(i).padStart(4, '0')}`, instances: [{}] }));
  writeFileSync(join(dir, 'terraform.tfstate'), tfStateText(resources, 1));
  const runOne = (p: number): Promise<number> =>
    new Promise((resolve) => {
      const script = Array.from({ length: perProcess }, (_, k) => {
        const i = String(p * perProcess + k).padStart(4, '0');
        return `mv null_resource.r${i} null_resource.moved${i}`;
      });
      let chain: Promise<number> = Promise.resolve(0);
      for (const line of script) {
        const [, a, b] = line.split(' ');
        chain = chain.then(
          (prev) =>
            new Promise<number>((res) => {
              const c = spawn(process.execPath, [CLI, 'mv', a, b, '--yes', '--lock-timeout', '120s'], { cwd: dir, stdio: 'ignore' });
              c.once('exit', (code) => res(prev || (code ?? 1)));
            }),
        );
      }
      void chain.then(resolve);
    });
  const exitCodes = await Promise.all(Array.from({ length: processes }, (_, p) => runOne(p)));
  const after = JSON.parse(readFileSync(join(dir, 'terraform.tfstate'), 'utf8')) as { serial: number };
  return { dir, list: tfstate(['list'], dir).stdout.trim().split('\n'), serialBefore: 1, serialAfter: after.serial, exitCodes };
}
