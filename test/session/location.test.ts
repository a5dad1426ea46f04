import { symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listEnvironments, resolveLocation, type LocationOptions, type ResolvedLocation } from '../../src/session/location.js';
import { localBackendState, s3BackendState } from './backend-state-samples.js';
import { put, useTempDir } from './helpers.js';

const CONFIG = {
  environments: {
    staging: { state: 'envs/staging/terraform.tfstate', onEdit: 'true' },
    prod: {
      state: 's3://acme-tfstate/prod/terraform.tfstate',
      region: 'eu-west-1',
      dynamodbTable: 'terraform-locks',
      useLockfile: true,
      protected: true,
      protect: ['module.database.*'],
    },
    blue: { state: 's3://acme-tfstate/app/terraform.tfstate', workspace: 'blue', workspaceKeyPrefix: 'workspaces' },
  },
};

/** A repository with the design §6 config at its root; returns its directory. */
async function repo(tmp: () => Promise<string>, config: unknown = CONFIG): Promise<string> {
  const root = await tmp();
  await put(root, 'tfstate.config.json', JSON.stringify(config, null, 2));
  return root;
}

async function resolved(opts: Partial<LocationOptions> & { cwd: string }): Promise<ResolvedLocation> {
  const r = await resolveLocation({ env_: {}, ...opts });
  if (!r.ok) throw new Error(r.diags.map((d) => `${d.code}: ${d.detail}`).join('\n'));
  return r.value;
}

async function failure(opts: Partial<LocationOptions> & { cwd: string }): Promise<Array<[string, string]>> {
  const r = await resolveLocation({ env_: {}, ...opts });
  expect(r.ok).toBe(false);
  return r.diags.map((d) => [d.code, d.detail]);
}

/** The fields messages and guards use, without `open`. */
function summary(l: ResolvedLocation): Record<string, unknown> {
  return { envName: l.envName, protected: l.protected, kind: l.kind, display: l.display, workspace: l.workspace, lockDescription: l.lockDescription, source: l.source };
}

describe('resolveLocation with --env', () => {
  const tmp = useTempDir();

  it('opens a local environment relative to the config file, from a subdirectory', async () => {
    const root = await repo(tmp);
    await put(root, 'modules/x/main.tf', '');
    const l = await resolved({ cwd: path.join(root, 'modules/x'), env: 'staging' });
    expect(summary(l)).toEqual({
      envName: 'staging',
      protected: false,
      kind: 'local',
      display: path.join(root, 'envs/staging/terraform.tfstate'),
      workspace: 'default',
      lockDescription: 'fcntl + .lock.info',
      source: 'env',
    });
    expect(l.onEdit).toBe('true');
    expect(l.identity).toBe(`file:${path.join(root, 'envs/staging/terraform.tfstate')}`);
    expect(l.configFile).toBe(path.join(root, 'tfstate.config.json'));
    expect(l.sourceDetail).toBe(`--env staging (${path.join(root, 'tfstate.config.json')})`);
  });

  it('opens an S3 environment with its locks and protect patterns', async () => {
    const root = await repo(tmp);
    const l = await resolved({ cwd: root, env: 'prod' });
    expect(summary(l)).toEqual({
      envName: 'prod',
      protected: true,
      kind: 's3',
      display: 's3://acme-tfstate/prod/terraform.tfstate',
      workspace: 'default',
      lockDescription: 'S3 lock file (.tflock) + DynamoDB table terraform-locks',
      source: 'env',
    });
    expect(l.protect).toEqual(['module.database.*']);
    expect(l.backend).toEqual({
      kind: 's3',
      bucket: 'acme-tfstate',
      key: 'prod/terraform.tfstate',
      objectKey: 'prod/terraform.tfstate',
      workspaceKeyPrefix: 'env:',
      region: 'eu-west-1',
      dynamodbTable: 'terraform-locks',
      useLockfile: true,
    });
  });

  it.each([
    ['blue', undefined, 's3://acme-tfstate/workspaces/blue/app/terraform.tfstate', 'blue'],
    ['blue', 'green', 's3://acme-tfstate/workspaces/green/app/terraform.tfstate', 'green'],
    ['blue', 'default', 's3://acme-tfstate/app/terraform.tfstate', 'default'],
    ['prod', 'dev', 's3://acme-tfstate/env:/dev/prod/terraform.tfstate', 'dev'],
  ])('puts S3 environment %s in workspace --workspace %j at <prefix>/<ws>/<key>', async (env, workspace, display, ws) => {
    const root = await repo(tmp);
    const l = await resolved({ cwd: root, env, workspace });
    expect([l.display, l.workspace]).toEqual([display, ws]);
  });

  it('puts a local environment workspace in terraform.tfstate.d beside its default state', async () => {
    const root = await repo(tmp);
    const l = await resolved({ cwd: root, env: 'staging', workspace: 'dev' });
    expect(l.display).toBe(path.join(root, 'envs/staging/terraform.tfstate.d/dev/terraform.tfstate'));
  });

  it('refuses an unknown environment, suggesting and listing the configured ones', async () => {
    const root = await repo(tmp);
    expect(await failure({ cwd: root, env: 'prd' })).toEqual([
      ['location.unknown-env', `There is no environment "prd" in ${path.join(root, 'tfstate.config.json')}. Did you mean "prod"? Configured environments: staging, prod, blue.`],
    ]);
  });

  it('refuses --env without a config file', async () => {
    const cwd = await tmp();
    expect(await failure({ cwd, env: 'prod' })).toEqual([
      ['location.no-config', `--env prod names an environment of tfstate.config.json, but there is none in ${cwd} or its parent directories. Create one, pass --config-file PATH, or name the state with --state.`],
    ]);
  });

  it('accepts --env with a --state naming the same state, even through a symlink', async () => {
    const root = await repo(tmp);
    await put(root, 'envs/staging/terraform.tfstate', '');
    await symlink(path.join(root, 'envs/staging'), path.join(root, 'st'));
    const l = await resolved({ cwd: root, env: 'staging', state: 'st/terraform.tfstate' });
    expect([l.source, l.envName]).toEqual(['env', 'staging']);
    const s3 = await resolved({ cwd: root, env: 'prod', state: 's3://acme-tfstate/prod/terraform.tfstate' });
    expect(s3.source).toBe('env');
  });

  it('refuses --env with a --state naming another state', async () => {
    const root = await repo(tmp);
    expect(await failure({ cwd: root, env: 'prod', state: 'envs/staging/terraform.tfstate' })).toEqual([
      [
        'location.env-state-conflict',
        `--env prod names s3://acme-tfstate/prod/terraform.tfstate, but --state names ${path.join(root, 'envs/staging/terraform.tfstate')}. Give only one of them.`,
      ],
    ]);
  });

  it('refuses an invalid --workspace', async () => {
    const root = await repo(tmp);
    expect(await failure({ cwd: root, env: 'prod', workspace: 'a b' })).toEqual([
      ['location.invalid-workspace', '--workspace: "a b" is not a valid workspace name. Terraform workspace names are non-empty and contain only letters, digits and the characters - _ . ~ $ & + : = @.'],
    ]);
  });

  it('refuses to resolve anything while the config file is invalid', async () => {
    const root = await repo(tmp, { environments: { prod: { state: 'p.tfstate', protectd: true } } });
    const diags = await failure({ cwd: root, state: 'other.tfstate' });
    expect(diags.map(([c]) => c)).toEqual(['config.unknown-key']);
  });
});

describe('resolveLocation with --state', () => {
  const tmp = useTempDir();

  it('opens a path relative to the working directory, with no environment', async () => {
    const cwd = await tmp();
    const l = await resolved({ cwd, state: 'x/my.tfstate' });
    expect(summary(l)).toEqual({
      envName: null,
      protected: false,
      kind: 'local',
      display: path.join(cwd, 'x/my.tfstate'),
      workspace: 'default',
      lockDescription: 'fcntl + .lock.info',
      source: 'state-flag',
    });
    expect([l.protect, l.onEdit, l.configFile, l.sourceDetail]).toEqual([[], null, null, '--state x/my.tfstate']);
  });

  it('puts a local --workspace in terraform.tfstate.d beside the state', async () => {
    const cwd = await tmp();
    const l = await resolved({ cwd, state: 'x/my.tfstate', workspace: 'dev' });
    expect(l.display).toBe(path.join(cwd, 'x/terraform.tfstate.d/dev/terraform.tfstate'));
  });

  it("takes the environment's name, protection, patterns and hook when it is an environment's state (through a symlink too)", async () => {
    const root = await repo(tmp, { environments: { staging: { state: 'envs/staging/terraform.tfstate', protected: true, protect: ['aws_db_instance.*'], onEdit: 'hook' } } });
    await put(root, 'envs/staging/terraform.tfstate', '{}');
    await symlink(path.join(root, 'envs/staging/terraform.tfstate'), path.join(root, 'link.tfstate'));
    const l = await resolved({ cwd: root, state: 'link.tfstate' });
    expect([l.envName, l.protected, l.protect, l.onEdit, l.source, l.display]).toEqual(['staging', true, ['aws_db_instance.*'], 'hook', 'state-flag', path.join(root, 'link.tfstate')]);
    expect(l.sourceDetail).toBe('--state link.tfstate, the state of environment staging');
  });

  it("takes an S3 environment's locks and settings when it is that environment's object", async () => {
    const root = await repo(tmp);
    const l = await resolved({ cwd: root, state: 's3://acme-tfstate/prod/terraform.tfstate' });
    expect(summary(l)).toEqual({
      envName: 'prod',
      protected: true,
      kind: 's3',
      display: 's3://acme-tfstate/prod/terraform.tfstate',
      workspace: 'default',
      lockDescription: 'S3 lock file (.tflock) + DynamoDB table terraform-locks',
      source: 'state-flag',
    });
    expect(l.backend).toMatchObject({ region: 'eu-west-1' });
  });

  it("matches an environment's workspace object spelled out in full", async () => {
    const root = await repo(tmp);
    const l = await resolved({ cwd: root, state: 's3://acme-tfstate/workspaces/blue/app/terraform.tfstate' });
    expect([l.envName, l.workspace]).toEqual(['blue', 'default']);
  });

  it('borrows the connection and lock settings of an environment in the same bucket, but not its protection', async () => {
    const root = await repo(tmp);
    const l = await resolved({ cwd: root, state: 's3://acme-tfstate/other/terraform.tfstate' });
    expect(summary(l)).toEqual({
      envName: null,
      protected: false,
      kind: 's3',
      display: 's3://acme-tfstate/other/terraform.tfstate',
      workspace: 'default',
      lockDescription: 'S3 lock file (.tflock) + DynamoDB table terraform-locks',
      source: 'state-flag',
    });
    expect(l.protect).toEqual([]);
  });

  it('says when an S3 state has no lock', async () => {
    const cwd = await tmp();
    const l = await resolved({ cwd, state: 's3://b/k', workspace: 'w' });
    expect([l.display, l.lockDescription, l.identity]).toEqual(['s3://b/env:/w/k', 'none (no lock configured)', 's3://b/env:/w/k']);
  });

  it.each([
    ['gs://b/k', 'location.unsupported-state', '--state gs://b/k: tfstate opens local files and s3:// locations only. For another backend, copy the state with terraform state pull > FILE and use --state FILE.'],
    ['s3://b', 's3.invalid-url', '"s3://b" is not an S3 location. Write it as s3://BUCKET/KEY, for example s3://acme-tfstate/prod/terraform.tfstate.'],
    ['s3://b/k//x', 's3.invalid-key', '--state s3://b/k//x: The S3 key "k//x" must not contain "//"; Terraform rejects such keys.'],
  ])('refuses --state %s', async (state, code, detail) => {
    const cwd = await tmp();
    expect(await failure({ cwd, state })).toEqual([[code, detail]]);
  });
});

describe('resolveLocation by discovery', () => {
  const tmp = useTempDir();

  it('uses ./terraform.tfstate when nothing is configured', async () => {
    const cwd = await tmp();
    const l = await resolved({ cwd });
    expect([l.display, l.source, l.envName]).toEqual([path.join(cwd, 'terraform.tfstate'), 'discovered-default', null]);
    expect(l.sourceDetail).toBe(`the default local state (no backend in ${path.join(cwd, '.terraform/terraform.tfstate')})`);
  });

  it('refuses to pick an environment when it finds no state but environments are configured', async () => {
    const root = await repo(tmp);
    await put(root, 'app/main.tf', '');
    const cwd = path.join(root, 'app');
    expect(await failure({ cwd })).toEqual([
      [
        'location.not-found',
        `There is no Terraform state in ${cwd}: no backend configuration (.terraform/terraform.tfstate) and no terraform.tfstate. ${path.join(root, 'tfstate.config.json')} configures the environments staging, prod, blue; pass --env NAME to choose one (for example --env staging), or name the state with --state.`,
      ],
    ]);
  });

  it('uses ./terraform.tfstate when it exists, config or not', async () => {
    const root = await repo(tmp);
    await put(root, 'terraform.tfstate', '{}');
    const l = await resolved({ cwd: root });
    expect([l.display, l.envName]).toEqual([path.join(root, 'terraform.tfstate'), null]);
  });

  it("is the environment whose state it finds, e.g. in that environment's directory", async () => {
    const root = await repo(tmp);
    const l = await resolved({ cwd: path.join(root, 'envs/staging') });
    expect([l.envName, l.source, l.onEdit]).toEqual(['staging', 'discovered-default', 'true']);
  });

  it('follows a local backend and the selected workspace as Terraform does', async () => {
    const cwd = await tmp();
    await put(cwd, '.terraform/terraform.tfstate', localBackendState('sub/custom.tfstate'));
    await put(cwd, '.terraform/environment', 'dev');
    const l = await resolved({ cwd });
    expect([l.display, l.workspace, l.source]).toEqual([path.join(cwd, 'terraform.tfstate.d/dev/terraform.tfstate'), 'dev', 'discovered-backend']);
    expect(l.sourceDetail).toBe(`the local backend in ${path.join(cwd, '.terraform/terraform.tfstate')}, workspace "dev" from ${path.join(cwd, '.terraform/environment')}`);
    const def = await resolved({ cwd, env_: { TF_WORKSPACE: 'default' } });
    expect(def.display).toBe(path.join(cwd, 'sub/custom.tfstate'));
  });

  it('follows an s3 backend into a protected environment, keeping its own settings first', async () => {
    const root = await repo(tmp);
    await put(root, 'live/.terraform/terraform.tfstate', s3BackendState({ bucket: 'acme-tfstate', key: 'prod/terraform.tfstate', region: 'us-east-1', dynamodb_table: 'tf-locks' }));
    const l = await resolved({ cwd: path.join(root, 'live') });
    expect(summary(l)).toEqual({
      envName: 'prod',
      protected: true,
      kind: 's3',
      display: 's3://acme-tfstate/prod/terraform.tfstate',
      workspace: 'default',
      lockDescription: 'S3 lock file (.tflock) + DynamoDB table tf-locks',
      source: 'discovered-backend',
    });
    expect(l.backend).toMatchObject({ region: 'us-east-1' });
  });

  it('keeps access keys from the backend block out of the printable backend', async () => {
    const cwd = await tmp();
    await put(cwd, '.terraform/terraform.tfstate', s3BackendState({ bucket: 'b', key: 'k', access_key: 'AKIA', secret_key: 'hush' }));
    const l = await resolved({ cwd });
    expect(JSON.stringify(l)).not.toMatch(/hush|AKIA/);
  });

  it('passes on warnings about S3 settings it cannot apply', async () => {
    const cwd = await tmp();
    await put(cwd, '.terraform/terraform.tfstate', s3BackendState({ bucket: 'b', key: 'k', role_arn: 'arn:aws:iam::1:role/x' }));
    const r = await resolveLocation({ cwd, env_: {} });
    expect(r.ok && r.diags.map((d) => [d.severity, d.code])).toEqual([['warning', 'discovery.s3-setting-ignored']]);
  });

  it('refuses an unsupported backend', async () => {
    const cwd = await tmp();
    await put(cwd, '.terraform/terraform.tfstate', JSON.stringify({ version: 3, backend: { type: 'gcs', config: {} } }));
    expect((await failure({ cwd })).map(([c]) => c)).toEqual(['discovery.unsupported-backend']);
  });
});

describe('listEnvironments', () => {
  const tmp = useTempDir();

  it('lists the configured environments in file order at their own workspaces', async () => {
    const root = await repo(tmp);
    const r = await listEnvironments({ cwd: root, env_: {}, workspace: 'ignored', env: 'ignored' });
    expect(r.ok && r.value.map((e) => [e.name, e.location.display, e.location.protected, e.location.source])).toEqual([
      ['staging', path.join(root, 'envs/staging/terraform.tfstate'), false, 'env'],
      ['prod', 's3://acme-tfstate/prod/terraform.tfstate', true, 'env'],
      ['blue', 's3://acme-tfstate/workspaces/blue/app/terraform.tfstate', false, 'env'],
    ]);
  });

  it('is empty without a config file and fails on an invalid one', async () => {
    const cwd = await tmp();
    expect(await listEnvironments({ cwd, env_: {} })).toEqual({ ok: true, value: [], diags: [] });
    await put(cwd, 'tfstate.config.json', '{');
    const r = await listEnvironments({ cwd, env_: {} });
    expect(r.ok ? [] : r.diags.map((d) => d.code)).toEqual(['config.invalid-json']);
  });
});

describe('ResolvedLocation.open', () => {
  const tmp = useTempDir();

  it('creates the local backend for the location', async () => {
    const cwd = await tmp();
    const l = await resolved({ cwd, state: 'a.tfstate' });
    const b = await l.open({ who: 'me@host', version: 'test' });
    try {
      expect(b.kind).toBe('local');
      expect(await b.store.read()).toEqual({ bytes: null, version: null });
    } finally {
      await b.close();
    }
  });

  it('creates the S3 backend for the workspace object without contacting S3', async () => {
    const root = await repo(tmp);
    const l = await resolved({ cwd: root, env: 'blue' });
    const b = await l.open({ who: 'me@host', version: 'test' });
    try {
      expect([b.kind, b.store.location, b.locker]).toEqual(['s3', 's3://acme-tfstate/workspaces/blue/app/terraform.tfstate', null]);
    } finally {
      await b.close();
    }
  });
});
