/**
 * The CLI against S3 state with DynamoDB and .tflock locking (in-process
 * S3 and DynamoDB servers on 127.0.0.1): reads, guarded edits with the
 * digest kept current, backups in the bucket, restore, lock exclusion, and
 * concurrent edits that all land.
 */
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI, tfstateAsync } from '../support/cli.js';
import { startS3Env, type S3Env } from '../support/s3-env.js';
import { FIXTURES } from '../support/state-fixtures.js';
import { tfStateText } from '../support/tf-state.js';

let e: S3Env;
beforeAll(async () => {
  e = await startS3Env();
});
afterAll(async () => e.stop());
beforeEach(async () => e.put('v4-simple.tfstate'));

const run = (args: string[]) => tfstateAsync(args, e.dir, { env: e.env });
const md5 = (t: string): string => createHash('md5').update(t).digest('hex');

/** Leaves the state as a write killed after storing `text` leaves it: the object replaced, the digest not, the intent recorded. */
async function interruptedWrite(text: string): Promise<void> {
  const { PutObjectCommand } = await import('@aws-sdk/client-s3');
  const { PutItemCommand } = await import('@aws-sdk/client-dynamodb');
  await e.s3.client().send(new PutObjectCommand({ Bucket: e.bucket, Key: e.key, Body: text }));
  const intent = JSON.stringify({ md5: md5(text), size: text.length, backup: null, time: '2026-01-01T00:00:00.000Z' });
  await e.dynamo.client().send(new PutItemCommand({ TableName: 'locks', Item: { LockID: { S: `${e.bucket}/${e.key}-md5` }, Digest: { S: md5('the state before') }, TfstateWriteIntent: { S: intent } } }));
}

describe('S3 state through the CLI', () => {
  it('lists what terraform lists, with no SDK warning on stderr', async () => {
    const r = await run(['list', '--env', 'prod']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(readFileSync(join(FIXTURES, 'v4-simple.tfstate.list'), 'utf8'));
  });

  it('moves with a conditional write, updates the digest, and backs up into the bucket', async () => {
    const r = await run(['mv', 'aws_s3_bucket.assets', 'aws_s3_bucket.static', '--env', 'prod', '--yes']);
    expect(r.stderr).toMatch(/Backup: s3:\/\/acme-tfstate\/prod\/terraform\.tfstate\.backups\/\d{8}T\d{6}Z-serial-\d+\.tfstate/);
    expect(r.code).toBe(0);
    const now = await e.object();
    expect(now).toContain('"name": "static"');
    expect(await e.digest()).toBe(md5(now));
    const b = JSON.parse((await run(['backups', '--env', 'prod', '--json'])).stdout) as { backups: Array<{ id: string; operation: string }> };
    expect(b.backups).toHaveLength(1);
    expect(b.backups[0].operation).toContain('tfstate mv aws_s3_bucket.assets aws_s3_bucket.static');
    const restored = await run(['restore', b.backups[0].id, '--env', 'prod', '--yes']);
    expect(restored.code).toBe(0);
    const back = await e.object();
    expect(back.replace(/"serial": \d+/, '')).toBe(readFileSync(join(FIXTURES, 'v4-simple.tfstate'), 'utf8').replace(/"serial": \d+/, ''));
    expect(await e.digest()).toBe(md5(back));
  });

  it('refuses a digest mismatch no interrupted write explains: s3.checksum-mismatch, the fix, nothing changed', async () => {
    const before = await e.object();
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    const other = before.replace('"name": "assets"', '"name": "elsewhere"');
    await e.s3.client().send(new PutObjectCommand({ Bucket: e.bucket, Key: e.key, Body: other })); // written behind the digest's back
    const r = await run(['list', '--env', 'prod', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { error: { code: string; detail: string } };
    expect(out.error.code).toBe('s3.checksum-mismatch');
    expect(out.error.detail).toContain(`Calculated checksum: ${md5(other)}\nStored checksum:     ${md5(before)}`);
    expect(out.error.detail).toContain(`aws dynamodb put-item --table-name locks --item '{"LockID":{"S":"${e.bucket}/${e.key}-md5"},"Digest":{"S":"${md5(other)}"}}'`);
    expect([await e.object(), await e.digest()]).toEqual([other, md5(before)]);
  }, 60_000);

  it('undoes an edit whose digest update failed after the state was stored, and says so', async () => {
    const before = await e.object();
    let failed = 0;
    const remove = e.dynamo.injectFault((req) => {
      const item = req.body.Item as { LockID?: { S?: string }; Digest?: unknown } | undefined;
      return req.operation === 'PutItem' && item?.Digest !== undefined && failed++ === 0 ? { kind: 'status', status: 400, code: 'AccessDeniedException', message: 'not allowed' } : undefined;
    });
    try {
      const r = await run(['mv', 'aws_s3_bucket.assets', 'aws_s3_bucket.static', '--env', 'prod', '--yes']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Writing s3://${e.bucket}/${e.key} stored the new state, but then updating its MD5 digest in DynamoDB table "locks" failed: AccessDeniedException: not allowed (HTTP 400)`);
      expect(r.stderr).toContain(`s3://${e.bucket}/${e.key} was restored to its previous content.`);
      expect(r.stderr).not.toContain('The state there is unchanged');
    } finally {
      remove();
    }
    expect(await e.object()).toBe(before);
    expect(await e.digest()).toBe(md5(before));
    expect((await run(['list', '--env', 'prod'])).stderr).toBe('');
  });

  it('keeps a cross-state move all or nothing when the source digest update fails after the source was stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfstate-s3cross-'));
    const config = JSON.parse(readFileSync(join(e.dir, 'tfstate.config.json'), 'utf8')) as { environments: Record<string, Record<string, unknown>> };
    const stagingKey = 'staging/terraform.tfstate';
    config.environments.staging = { ...config.environments.prod, state: `s3://${e.bucket}/${stagingKey}`, protected: false };
    writeFileSync(join(dir, 'tfstate.config.json'), JSON.stringify(config));
    const staging = tfStateText([{ type: 'null_resource', name: 'other', instances: [{}] }], 3);
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    const { PutItemCommand } = await import('@aws-sdk/client-dynamodb');
    await e.s3.client().send(new PutObjectCommand({ Bucket: e.bucket, Key: stagingKey, Body: staging }));
    await e.dynamo.client().send(new PutItemCommand({ TableName: 'locks', Item: { LockID: { S: `${e.bucket}/${stagingKey}-md5` }, Digest: { S: md5(staging) } } }));
    const before = await e.object();
    let failed = 0;
    const remove = e.dynamo.injectFault((req) => {
      const item = req.body.Item as { LockID?: { S?: string }; Digest?: unknown } | undefined;
      const source = item?.LockID?.S === `${e.bucket}/${e.key}-md5`;
      return req.operation === 'PutItem' && source && item?.Digest !== undefined && failed++ === 0 ? { kind: 'status', status: 400, code: 'AccessDeniedException', message: 'not allowed' } : undefined;
    });
    try {
      const r = await tfstateAsync(['mv', 'aws_s3_bucket.assets', 'aws_s3_bucket.assets', '--env', 'prod', '--to-env', 'staging', '--yes'], dir, { env: e.env });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('stored the new state, but then updating its MD5 digest');
      expect(r.stderr).toContain(`s3://${e.bucket}/${stagingKey} was restored to its previous content.`);
      expect(r.stderr).toContain(`s3://${e.bucket}/${e.key} was restored to its previous content.`);
    } finally {
      remove();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await e.object()).toBe(before);
    expect(await e.digest()).toBe(md5(before));
    const out = await e.s3.client().send(new (await import('@aws-sdk/client-s3')).GetObjectCommand({ Bucket: e.bucket, Key: stagingKey }));
    expect(await out.Body!.transformToString()).toBe(staging);
  });

  it('says it completed an interrupted write even when the state that write stored does not decode', async () => {
    const broken = '{"version": 4, "serial": ';
    await interruptedWrite(broken);
    const r = await run(['list', '--env', 'prod']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: Invalid JSON in state file\n/);
    expect(r.stderr).toContain(`Warning: Interrupted write recovered\n\ntfstate completed an interrupted write of s3://${e.bucket}/${e.key}`);
    expect(await e.digest()).toBe(md5(broken));

    await interruptedWrite(broken);
    const j = await run(['list', '--env', 'prod', '--json']);
    expect(j.code).toBe(1);
    const doc = JSON.parse(j.stdout) as { error: { code: string }; warnings: Array<{ code: string; detail: string }> };
    expect(doc.error.code).toBe('state.invalid-json');
    expect(doc.warnings).toEqual([expect.objectContaining({ code: 'state.recovered', detail: expect.stringContaining('tfstate completed an interrupted write') })]);
  });

  it.each([
    ['a read with --json (on stderr)', ['list', '--json'], 0, 'stderr'],
    ['an edit that fails, with --json (a warning of the error document)', ['rm', 'aws_nope.x', '--yes', '--json'], 1, 'stdout'],
    ['a cross-state move', ['mv', 'aws_s3_bucket.assets', 'aws_s3_bucket.assets', '--to-state', 'split.tfstate', '--yes'], 0, 'stderr'],
    ['a restore', ['restore', 'BACKUP', '--yes'], 0, 'stderr'],
  ])('says it completed an interrupted write before %s', async (_what, args, code, where) => {
    const mv = await run(['mv', 'aws_instance.web', 'aws_instance.app', '--env', 'prod', '--yes', '--json']);
    const backup = (JSON.parse(mv.stdout) as { backups: Array<{ id: string }> }).backups[0].id;
    await interruptedWrite(readFileSync(join(FIXTURES, 'v4-simple.tfstate'), 'utf8').replace(/"serial": \d+/, '"serial": 40'));
    const r = await run([...args.map((a) => (a === 'BACKUP' ? backup : a)), '--env', 'prod']);
    expect(r.code).toBe(code);
    expect(where === 'stderr' ? r.stderr : r.stdout).toContain(`completed an interrupted write of s3://${e.bucket}/${e.key}`);
    rmSync(join(e.dir, 'split.tfstate'), { force: true });
  });

  it('refuses to edit the protected S3 environment unless it is named', async () => {
    const before = await e.object();
    const r = await run(['rm', 'random_id.suffix', '--state', `s3://${e.bucket}/${e.key}`, '--yes']);
    expect(r.code).toBe(4);
    expect(await e.object()).toBe(before);
  });

  it('exits 3 naming the holder while tfstate lock hold holds the lock', async () => {
    const hold = spawn(process.execPath, [CLI, 'lock', 'hold', '--env', 'prod', '--for', '60s'], { cwd: e.dir, env: { ...process.env, ...e.env } });
    const id = await new Promise<string>((resolve, reject) => {
      let buf = '';
      hold.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const m = /[0-9a-f-]{36}/.exec(buf);
        if (m) resolve(m[0]);
      });
      hold.once('exit', (c) => reject(new Error(`lock hold exited ${c}`)));
    });
    try {
      const r = await run(['taint', 'random_id.suffix', '--env', 'prod', '--yes']);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(id);
    } finally {
      const exited = new Promise((r) => hold.once('exit', r));
      hold.kill('SIGINT');
      await exited;
    }
    expect((await run(['lock', 'status', '--env', 'prod'])).stdout).toContain('is not locked');
  });

  it('applies concurrent edits from several processes exactly once (4 processes × 3 moves)', async () => {
    await e.putText(tfStateText(Array.from({ length: 12 }, (_, i) => ({ type: 'null_resource', name: `r${i}`, instances: [{}] })), 5));
    const proc = async (p: number): Promise<number> => {
      let worst = 0;
      for (let k = 0; k < 3; k++) {
        const i = p * 3 + k;
        const r = await run(['mv', `null_resource.r${i}`, `null_resource.moved${i}`, '--env', 'prod', '--yes', '--lock-timeout', '120s']);
        worst = worst || r.code;
      }
      return worst;
    };
    expect(await Promise.all([0, 1, 2, 3].map(proc))).toEqual([0, 0, 0, 0]);
    const final = JSON.parse(await e.object()) as { serial: number };
    expect((await run(['list', '--env', 'prod'])).stdout.trim().split('\n').filter((a) => a.includes('.moved'))).toHaveLength(12);
    expect(final.serial).toBe(5 + 12);
    expect(await e.digest()).toBe(md5(await e.object()));
  }, 240_000);
});
