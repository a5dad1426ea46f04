/**
 * Discovery against real Terraform 1.11: in working directories that
 * `terraform init` set up (local backend with `path` / `workspace_dir`, no
 * backend, and an s3 backend on the in-process S3 server), after
 * `terraform workspace new` and a write, the location tfstate resolves is the
 * file or object Terraform wrote. Terraform runs asynchronously, so the
 * in-process S3 server keeps serving while it runs.
 */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveLocation } from '../../src/session/location.js';
import { startS3Server, type S3TestServer } from '../support/s3-server.js';
import { terraformEnv } from '../support/terraform.js';

const run = promisify(execFile);

/** Runs terraform in `cwd`, failing the test with its output when it fails. */
async function tf(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  try {
    await run('terraform', [...args, '-no-color'], { cwd, env: { ...terraformEnv(), ...env } });
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string };
    throw new Error(`terraform ${args.join(' ')} failed:\n${x.stdout ?? ''}${x.stderr ?? ''}`);
  }
}

const OUTPUT = 'output "ws" {\n  value = terraform.workspace\n}\n';

const dirs: string[] = [];
async function workdir(mainTf: string): Promise<string> {
  const d = await realpath(await mkdtemp(path.join(tmpdir(), 'tfstate-discovery-')));
  dirs.push(d);
  await writeFile(path.join(d, 'main.tf'), mainTf);
  return d;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function display(cwd: string, env_: Record<string, string | undefined> = {}): Promise<string> {
  const r = await resolveLocation({ cwd, env_ });
  if (!r.ok) throw new Error(r.diags.map((d) => d.detail).join('\n'));
  return r.value.display;
}

async function exists(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null)) !== null;
}

describe('discovery agrees with terraform on local state', () => {
  it('follows a local backend path and its workspaces in ./terraform.tfstate.d', async () => {
    const cwd = await workdir(`terraform {\n  backend "local" {\n    path = "sub/custom.tfstate"\n  }\n}\n${OUTPUT}`);
    await tf(cwd, ['init', '-input=false']);
    await tf(cwd, ['apply', '-auto-approve', '-input=false']);
    expect(await display(cwd)).toBe(path.join(cwd, 'sub/custom.tfstate'));
    expect(await exists(path.join(cwd, 'sub/custom.tfstate'))).toBe(true);

    await tf(cwd, ['workspace', 'new', 'dev']);
    await tf(cwd, ['apply', '-auto-approve', '-input=false']);
    const dev = path.join(cwd, 'terraform.tfstate.d/dev/terraform.tfstate');
    expect(await exists(dev)).toBe(true);
    expect(await display(cwd)).toBe(dev);
    expect(await display(cwd, { TF_WORKSPACE: 'default' })).toBe(path.join(cwd, 'sub/custom.tfstate'));

    await tf(cwd, ['workspace', 'select', 'default']);
    expect(await readFile(path.join(cwd, '.terraform/environment'), 'utf8')).toBe('default');
    expect(await display(cwd)).toBe(path.join(cwd, 'sub/custom.tfstate'));
  });

  it('follows workspace_dir', async () => {
    const cwd = await workdir(`terraform {\n  backend "local" {\n    workspace_dir = "states"\n  }\n}\n${OUTPUT}`);
    await tf(cwd, ['init', '-input=false']);
    await tf(cwd, ['workspace', 'new', 'qa']);
    await tf(cwd, ['apply', '-auto-approve', '-input=false']);
    const qa = path.join(cwd, 'states/qa/terraform.tfstate');
    expect(await exists(qa)).toBe(true);
    expect(await display(cwd)).toBe(qa);
  });

  it('uses terraform.tfstate and terraform.tfstate.d without a backend block, with TF_DATA_DIR', async () => {
    const cwd = await workdir(OUTPUT);
    const env = { TF_DATA_DIR: 'tfdata' };
    await tf(cwd, ['init', '-input=false'], env);
    await tf(cwd, ['workspace', 'new', 'dev'], env);
    await tf(cwd, ['apply', '-auto-approve', '-input=false'], env);
    const dev = path.join(cwd, 'terraform.tfstate.d/dev/terraform.tfstate');
    expect(await exists(dev)).toBe(true);
    expect(await display(cwd, env)).toBe(dev);
    expect(await display(cwd, { ...env, TF_WORKSPACE: 'default' })).toBe(path.join(cwd, 'terraform.tfstate'));
  });
});

describe('discovery agrees with terraform on s3 state', () => {
  let s3: S3TestServer;
  beforeAll(async () => {
    s3 = await startS3Server();
    await s3.createBucket('tfb');
  });
  afterAll(async () => {
    await s3.stop();
  });

  const backend = (extra: string): string =>
    `terraform {\n  backend "s3" {\n    bucket = "tfb"\n    key = "app/terraform.tfstate"\n    region = "eu-west-1"\n    use_path_style = true\n` +
    `    endpoints = { s3 = "${s3.endpoint}" }\n    skip_credentials_validation = true\n    skip_requesting_account_id = true\n    skip_metadata_api_check = true\n` +
    `    skip_region_validation = true\n    skip_s3_checksum = true\n    access_key = "test"\n    secret_key = "test"\n${extra}  }\n}\n${OUTPUT}`;

  it.each([
    ['the default prefix', '', 'env:/dev/app/terraform.tfstate'],
    ['a custom prefix', '    workspace_key_prefix = "workspaces"\n', 'workspaces/dev/app/terraform.tfstate'],
  ])('puts workspace dev where terraform does, with %s', async (_what, extra, objectKey) => {
    const cwd = await workdir(backend(extra));
    await tf(cwd, ['init', '-input=false']);
    await tf(cwd, ['workspace', 'new', 'dev']);
    const head = await s3.client().send(new HeadObjectCommand({ Bucket: 'tfb', Key: objectKey }));
    expect(head.ContentLength).toBeGreaterThan(0);
    const r = await resolveLocation({ cwd, env_: {} });
    if (!r.ok) throw new Error(r.diags.map((d) => d.detail).join('\n'));
    expect([r.value.display, r.value.workspace, r.value.source]).toEqual([`s3://tfb/${objectKey}`, 'dev', 'discovered-backend']);
    expect(r.value.backend).toMatchObject({ endpoint: s3.endpoint, forcePathStyle: true, region: 'eu-west-1' });

    // What tfstate reads there is what terraform wrote there.
    const b = await r.value.open({ who: 'test@host', version: 'test' });
    try {
      const read = await b.store.read();
      expect(read.bytes).not.toBeNull();
      expect(JSON.parse(Buffer.from(read.bytes!).toString('utf8'))).toMatchObject({ version: 4, serial: expect.any(Number) });
    } finally {
      await b.close();
    }
  });
});
