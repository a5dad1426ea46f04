/**
 * Ctrl-C during an edit (design §4 step 8: locks are released, always, on
 * Ctrl-C too). On S3 state (DynamoDB item and `.tflock` object, in-process
 * servers), where a process that dies leaves its lock behind:
 * - before anything is written, the edit stops, writes nothing and
 *   releases its locks;
 * - while the new state is being written, the write is completed and
 *   verified, then the locks are released;
 * - a second Ctrl-C exits at once and says how to find and remove the lock.
 * And on a local state, a Ctrl-C while waiting for someone else's lock stops
 * the wait.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tfstateAsync, tfstateStart, type Run } from '../support/cli.js';
import { FIXTURES } from '../support/state-fixtures.js';
import { startS3Env, type S3Env } from '../support/s3-env.js';

let e: S3Env;
beforeAll(async () => {
  e = await startS3Env();
});
afterAll(async () => e.stop());
beforeEach(async () => e.put('v4-simple.tfstate'));
afterEach(() => {
  e.s3.clearFaults();
  e.dynamo.clearFaults();
});

/**
 * Runs `rm --env prod --yes data.aws_ami.ubuntu`, stalling the first request
 * `matches` picks for `stallMs`, and sends SIGINT `times` times (200 ms
 * apart) once that request has arrived.
 */
async function rmInterrupted(matches: (method: string, key: string) => boolean, stallMs: number, times: number): Promise<Run> {
  const { child, done } = tfstateStart(['rm', '--env', 'prod', '--yes', 'data.aws_ami.ubuntu'], e.dir, { env: e.env });
  let hit = false;
  e.s3.injectFault((r) => {
    if (hit || !matches(r.method, r.key)) return undefined;
    hit = true;
    const kill = (left: number): void =>
      void setTimeout(() => {
        child.kill('SIGINT');
        if (left > 1) kill(left - 1);
      }, 200);
    kill(times);
    return { kind: 'stall', ms: stallMs };
  });
  const r = await done;
  expect(hit, 'the stalled request was made').toBe(true);
  return r;
}

const original = readFileSync(join(FIXTURES, 'v4-simple.tfstate'), 'utf8');

describe('Ctrl-C during an edit of S3 state', () => {
  it('before anything is written: nothing is written, the lock is released, and it says so (exit 1)', async () => {
    const r = await rmInterrupted((m, k) => m === 'GET' && k === e.key, 1500, 1);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Interrupt received: stopping safely.');
    expect(r.stderr).toContain('Error: Interrupted\n\nThe edit was interrupted before anything was written: nothing was changed, and the lock was released.');
    expect(await e.object()).toBe(original);
    expect(await e.locked()).toBe(false);
  }, 30_000);

  it('while the new state is uploaded: the write is completed and verified, then the lock is released (exit 0)', async () => {
    const r = await rmInterrupted((m, k) => m === 'PUT' && k === e.key, 1000, 1);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Warning: Interrupted while writing\n\nThe interrupt came while the state was being written: the write was completed and verified, and the lock released.');
    const now = JSON.parse(await e.object()) as { resources: Array<{ mode: string; name: string }> };
    expect(now.resources.some((x) => x.mode === 'data' && x.name === 'ubuntu')).toBe(false);
    expect(await e.locked()).toBe(false);
  }, 30_000);

  it('a second Ctrl-C exits at once (130) and says how to find and remove the lock it leaves', async () => {
    const r = await rmInterrupted((m, k) => m === 'GET' && k === e.key, 5000, 2);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('Exiting at once. A lock may be left behind: check with tfstate lock status, and remove it with tfstate force-unlock ID.');
    expect(await e.object()).toBe(original);
    e.s3.clearFaults();
    const status = await tfstateAsync(['lock', 'status', '--env', 'prod', '--json'], e.dir, { env: e.env });
    const id = (JSON.parse(status.stdout) as { lock: { ID: string } | null }).lock?.ID;
    expect(id).toBeTruthy();
    expect((await tfstateAsync(['force-unlock', id!, '--env', 'prod', '--yes'], e.dir, { env: e.env })).code).toBe(0);
    expect(await e.locked()).toBe(false);
  }, 30_000);
});

describe('Ctrl-C while an edit waits for a local lock', () => {
  it('stops the wait, changes nothing, and says the lock was never taken (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfstate-interrupt-'));
    const state = join(dir, 'terraform.tfstate');
    writeFileSync(state, original);
    const holder = tfstateStart(['lock', 'hold', '--state', state], dir);
    await new Promise<void>((resolve) => holder.child.stderr!.on('data', (d: Buffer) => void (/Holding the lock/.test(d.toString()) && resolve())));
    try {
      const edit = tfstateStart(['rm', '--state', state, '--yes', '--lock-timeout', '10m', 'data.aws_ami.ubuntu'], dir);
      setTimeout(() => edit.child.kill('SIGINT'), 800); // it says nothing while it waits without a terminal
      const r = await edit.done;
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Waiting for the lock on ${state} was interrupted; nothing was locked or changed.`);
      expect(readFileSync(state, 'utf8')).toBe(original);
    } finally {
      holder.child.kill('SIGINT');
      await holder.done;
    }
  }, 30_000);
});
