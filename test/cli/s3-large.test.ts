/**
 * A large S3 state (over the 4 MB from which reads go to shared memory and
 * the background thread helps decode) lists, shows and edits like a small
 * one: the same addresses as the generator wrote, and an rm that removes
 * exactly its resource and leaves a state the next command reads.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tfstateAsync } from '../support/cli.js';
import { startS3Env, type S3Env } from '../support/s3-env.js';

let e: S3Env;
let text = '';
beforeAll(async () => {
  e = await startS3Env();
  const out = join(e.dir, 'large.tfstate');
  const r = spawnSync(process.execPath, [join(import.meta.dirname, '..', '..', 'bench', 'generate.mjs'), '--size', '6MB', '--seed', '5', '--out', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  text = readFileSync(out, 'utf8');
  await e.putText(text);
}, 60_000);
afterAll(async () => e.stop());

interface Resource {
  module?: string;
  mode: string;
  type: string;
  name: string;
  instances: unknown[];
}

const address = (r: Resource): string => `${r.module ? r.module + '.' : ''}${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`;

describe('a large state on S3', () => {
  it('lists every resource, and rm removes exactly the one named', async () => {
    expect(text.length).toBeGreaterThan(5 << 20);
    const resources = (JSON.parse(text) as { resources: Resource[] }).resources;
    const listed = await tfstateAsync(['list', '--env', 'prod'], e.dir, { env: e.env });
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(new Set(lines.map((l) => l.replace(/\[[^\]]*\]$/, '')))).toEqual(new Set(resources.filter((r) => r.instances.length > 0).map(address)));

    const victim = resources.find((r) => r.mode === 'managed' && r.module && r.instances.length === 1)!;
    const rm = await tfstateAsync(['rm', '--env', 'prod', '--yes', address(victim)], e.dir, { env: e.env });
    expect(rm.stderr).toMatch(/^\[prod\] Wrote s3:\/\/acme-tfstate\/prod\/terraform.tfstate \(serial \d+ -> \d+\)\. Backup: s3:\/\/\S+\n$/);
    expect(rm.code).toBe(0);
    const after = (JSON.parse(await e.object()) as { resources: Resource[] }).resources;
    expect(after.map(address)).toEqual(resources.map(address).filter((a) => a !== address(victim)));
    const again = await tfstateAsync(['list', '--env', 'prod'], e.dir, { env: e.env });
    expect(again.stdout.trim().split('\n')).toHaveLength(lines.length - 1);
  }, 60_000);
});
