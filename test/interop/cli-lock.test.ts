/**
 * The CLI's locking against real Terraform, the way an operator meets it:
 * `tfstate lock hold` keeps `terraform state rm` out, and while
 * `terraform console` holds the lock, `tfstate mv` exits 3 naming it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, drop, read, scratch, tfstate } from '../support/cli.js';
import { FIXTURES } from '../support/state-fixtures.js';
import { terraform, terraformEnv } from '../support/terraform.js';

let procs: ChildProcess[] = [];
let dirs: string[] = [];
afterEach(() => {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
  procs = [];
  dirs.forEach(drop);
  dirs = [];
});

function waitFor(proc: ChildProcess, stream: 'stdout' | 'stderr', re: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    proc[stream]!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = re.exec(buf);
      if (m) resolve(m[0]);
    });
    proc.once('exit', (code) => reject(new Error(`exited ${code} before ${re}: ${buf}`)));
  });
}

describe('tfstate and terraform exclude each other', () => {
  it('terraform cannot take the lock while tfstate lock hold runs', async () => {
    const d = scratch({ 'terraform.tfstate': 'v4-simple.tfstate' });
    dirs.push(d);
    const hold = spawn(process.execPath, [CLI, 'lock', 'hold', '--for', '60s', '--reason', 'interop test'], { cwd: d, env: { ...process.env, NO_COLOR: '1' } });
    procs.push(hold);
    const id = await waitFor(hold, 'stdout', /[0-9a-f-]{36}/);
    const tf = terraform(['state', 'rm', '-lock-timeout=0s', '-state=terraform.tfstate', 'random_id.suffix'], d);
    expect(tf.status).toBe(1);
    expect(tf.stderr).toContain('Error acquiring the state lock');
    expect(tf.stderr).toContain(id);
    expect(read(d, 'terraform.tfstate')).toBe(readFileSync(join(FIXTURES, 'v4-simple.tfstate'), 'utf8'));
    const status = tfstate(['lock', 'status', '--json'], d);
    expect(JSON.parse(status.stdout).lock.ID).toBe(id);
    hold.kill('SIGINT');
    await new Promise((r) => hold.once('exit', r));
    expect(terraform(['state', 'rm', '-lock-timeout=0s', '-state=terraform.tfstate', 'random_id.suffix'], d).status).toBe(0);
  });

  it('tfstate exits 3 and names terraform\'s lock while terraform holds it', async () => {
    const d = scratch({ 'terraform.tfstate': 'v4-simple.tfstate' });
    dirs.push(d);
    const tfConsole = spawn('terraform', ['console', '-state=terraform.tfstate'], { cwd: d, env: terraformEnv(), stdio: ['pipe', 'ignore', 'ignore'] });
    procs.push(tfConsole);
    let holder = '';
    for (let i = 0; i < 200 && !holder; i++) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        holder = JSON.parse(read(d, '.terraform.tfstate.lock.info')).ID as string;
      } catch {
        holder = '';
      }
    }
    expect(holder).not.toBe('');
    const r = tfstate(['mv', 'aws_s3_bucket.assets', 'aws_s3_bucket.static', '--yes'], d);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Error acquiring the state lock');
    expect(r.stderr).toContain(holder);
    expect(read(d, 'terraform.tfstate')).toBe(readFileSync(join(FIXTURES, 'v4-simple.tfstate'), 'utf8'));
    tfConsole.stdin!.end();
    await new Promise((r2) => tfConsole.once('exit', r2));
    expect(tfstate(['mv', 'aws_s3_bucket.assets', 'aws_s3_bucket.static', '--yes'], d).code).toBe(0);
  });
});
