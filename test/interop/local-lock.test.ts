/**
 * Our local lock against Terraform 1.11's, in both directions: the same
 * fcntl lock on the state file, and each side names the other's LockInfo.
 * Terraform holds its lock with `terraform console`, which keeps the state
 * locked while it runs (design.md §10).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../src/backends/local/index.js';
import { LockHeldError } from '../../src/ports/backend.js';
import { parseLockInfo, type LockInfo } from '../../src/ports/lock-info.js';
import { spawnChildBackend, type ChildBackend } from '../backends/local/child-backend.js';
import { testLockInfo } from '../conformance/suite.js';

const run = promisify(execFile);

const STATE = `{
  "version": 4,
  "terraform_version": "1.11.4",
  "serial": 1,
  "lineage": "3f4a1e8c-1b2c-4d5e-8f90-123456789abc",
  "outputs": {},
  "resources": [
    {
      "mode": "managed",
      "type": "null_resource",
      "name": "a",
      "provider": "provider[\\"registry.terraform.io/hashicorp/null\\"]",
      "instances": [
        {
          "schema_version": 0,
          "attributes": {
            "id": "1",
            "triggers": null
          },
          "sensitive_attributes": []
        }
      ]
    }
  ],
  "check_results": null
}
`;

const OUR_ID = '0a0a0a0a-1111-4222-8333-444444444444';

describe('local lock interop with terraform', () => {
  let dir: string;
  let file: string;
  let env: NodeJS.ProcessEnv;
  let child: ChildBackend | null = null;
  let console_: ChildProcess | null = null;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tfstate-interop-lock-'));
    file = path.join(dir, 'terraform.tfstate');
    await writeFile(file, STATE);
    const cliConfig = path.join(dir, 'cli.tfrc');
    await writeFile(cliConfig, '');
    env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
  });
  afterEach(async () => {
    await child?.close();
    child = null;
    if (console_ && console_.exitCode === null) {
      console_.kill('SIGKILL');
      await new Promise((r) => console_!.once('exit', r));
    }
    console_ = null;
    await rm(dir, { recursive: true, force: true });
  });

  const stateRm = () => run('terraform', ['state', 'rm', '-lock-timeout=0s', `-state=${file}`, 'null_resource.a'], { cwd: dir, env });

  it('keeps terraform out while our backend holds the lock, and lets it in after unlock', async () => {
    child = await spawnChildBackend(file, 'tester@host');
    await child.locker!.lock(testLockInfo(OUR_ID, 'tfstate-lock-hold'));
    const refused = (await stateRm().catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Error acquiring the state lock');
    expect(refused.stderr).toContain(`ID:        ${OUR_ID}`);
    expect(refused.stderr).toContain('Operation: tfstate-lock-hold');
    expect(await readFile(file, 'utf8')).toBe(STATE);

    await child.locker!.unlock(OUR_ID);
    const { stdout } = await stateRm();
    expect(stdout).toContain('Successfully removed 1 resource instance(s).');
  });

  it("refuses our lock while terraform console holds it, naming terraform's LockInfo", async () => {
    console_ = spawn('terraform', ['console', `-state=${file}`], { cwd: dir, env, stdio: ['pipe', 'ignore', 'ignore'] });
    const held = await terraformLockInfo(path.join(dir, '.terraform.tfstate.lock.info'), console_);
    const b = createLocalBackend(file);

    const err = await b.locker!.lock(testLockInfo(OUR_ID, 'state-mv')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockHeldError);
    expect((err as LockHeldError).holder).toEqual(held);
    expect(held).toMatchObject({ Operation: 'OperationTypeInvalid', Path: file, Version: expect.stringMatching(/^1\.11\./) });
    expect(await b.locker!.status()).toEqual(held);
    await expect(b.locker!.forceUnlock(held.ID)).rejects.toBeInstanceOf(LockHeldError);

    console_.stdin!.end();
    await new Promise((r) => console_!.once('exit', r));
    expect(await b.locker!.lock(testLockInfo(OUR_ID, 'state-mv'))).toBe(OUR_ID);
    await b.locker!.unlock(OUR_ID);
  });
});

/** Waits until terraform has written its lock info (after taking the fcntl lock). */
async function terraformLockInfo(infoPath: string, proc: ChildProcess): Promise<LockInfo> {
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`terraform console exited (${proc.exitCode}) before taking the lock`);
    const info = parseLockInfo(await readFile(infoPath, 'utf8').catch(() => ''));
    if (info && info.ID !== '') return info;
    await new Promise((r) => setTimeout(r, 50));
  }
}
