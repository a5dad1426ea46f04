/**
 * `tfstate lock hold` on S3 state (DynamoDB item and `.tflock` object, on
 * in-process servers) as a user interrupts it: a Ctrl-C never ends the
 * process with the lock left behind without a word, whether it comes while
 * the lock is being released, or while the command waits for a lock
 * someone else holds.
 */
import { DeleteItemCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tfstateAsync, tfstateStart, type Run } from '../support/cli.js';
import { startS3Env, type S3Env } from '../support/s3-env.js';

let e: S3Env;
beforeAll(async () => {
  e = await startS3Env();
  await e.put('v4-simple.tfstate');
});
afterAll(async () => e.stop());
afterEach(() => {
  e.dynamo.clearFaults();
  e.s3.clearFaults();
});

const LOCATION = 's3://acme-tfstate/prod/terraform.tfstate';

const locked = (): Promise<boolean> => e.locked();

/** Runs `lock hold --env prod …`; once it has said `when` on stderr, sends SIGINT `times` times, 200 ms apart. */
function holdAndInterrupt(args: readonly string[], when: RegExp, times: number): Promise<Run> {
  let sent = false;
  return tfstateAsync(['lock', 'hold', '--env', 'prod', ...args], e.dir, {
    env: e.env,
    onOutput: (_out, err, child) => {
      if (sent || !when.test(err)) return;
      sent = true;
      const kill = (left: number): void => void setTimeout(() => {
        child.kill('SIGINT');
        if (left > 1) kill(left - 1);
      }, 200);
      kill(times);
    },
  });
}

/** Makes every DynamoDB DeleteItem (the lock's release) wait `ms` before it is served. */
const slowRelease = (ms: number): void => void e.dynamo.injectFault((r) => (r.operation === 'DeleteItem' ? { kind: 'stall', ms } : undefined));

describe('lock hold on S3', () => {
  it('a Ctrl-C while the lock is being released does not stop the release: it says so, and the lock is gone afterwards', async () => {
    slowRelease(800);
    const r = await holdAndInterrupt(['--for', '0s'], /Holding the lock/, 1);
    const id = r.stdout.trim();
    expect(r.stderr).toBe(
      `Holding the lock on ${LOCATION} for 0s. Press Ctrl-C to release it.\nStill releasing the lock on ${LOCATION}. Interrupt again to stop waiting; the lock may then stay until: tfstate force-unlock ${id}\nLock released.\n`,
    );
    expect(r.code).toBe(0);
    expect(await locked()).toBe(false);
  }, 30_000);

  it('a second Ctrl-C while releasing stops waiting, and says the lock may still be held and how to remove it', async () => {
    slowRelease(4000);
    const r = await holdAndInterrupt(['--for', '0s'], /Holding the lock/, 2);
    const id = r.stdout.trim();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Error: Lock may still be held\n\nReleasing the lock on ${LOCATION} was interrupted, so it may still be held. Check with: tfstate lock status; release it with: tfstate force-unlock ${id}\n`);
    // What it says to do works (the stalled release died with the process).
    e.dynamo.clearFaults();
    expect((await tfstateAsync(['force-unlock', id, '--env', 'prod', '--yes'], e.dir, { env: e.env })).code).toBe(0);
    expect(await locked()).toBe(false);
  }, 30_000);

  it('a Ctrl-C while it waits for a lock someone else holds stops the waiting, and locks nothing', async () => {
    const holder = JSON.stringify({ ID: 'someone-else', Operation: 'OperationTypeApply', Info: '', Who: 'ci@runner', Version: '1.11.4', Created: '2026-01-02T03:04:05.123456789Z', Path: `${e.bucket}/${e.key}` });
    const key = { LockID: { S: `${e.bucket}/${e.key}` } };
    await e.dynamo.client().send(new PutItemCommand({ TableName: 'locks', Item: { ...key, Info: { S: holder } } }));
    const { child, done } = tfstateStart(['lock', 'hold', '--env', 'prod', '--lock-timeout', '10m'], e.dir, { env: e.env });
    // It says nothing while it waits: interrupt it a moment after its first try for the lock item.
    let tried = false;
    e.dynamo.injectFault((req) => {
      if (req.operation === 'PutItem' && !tried) {
        tried = true;
        setTimeout(() => child.kill('SIGINT'), 300);
      }
      return undefined;
    });
    expect(await done).toEqual({ code: 1, stdout: '', stderr: `Error: Interrupted\n\nWaiting for the lock on ${LOCATION} was interrupted; nothing was locked or changed.\n` });
    const item = await e.dynamo.client().send(new GetItemCommand({ TableName: 'locks', Key: key, ConsistentRead: true }));
    expect(item.Item?.Info?.S).toBe(holder);
    await e.dynamo.client().send(new DeleteItemCommand({ TableName: 'locks', Key: key }));
    expect(await locked()).toBe(false);
  }, 30_000);
});
