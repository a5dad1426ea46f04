import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../../src/session/discovery.js';
import { endpoints, localBackendState, s3BackendState } from './backend-state-samples.js';
import { put, useTempDir } from './helpers.js';

describe('discover', () => {
  const tmp = useTempDir();

  it('falls back to ./terraform.tfstate when there is no .terraform directory', async () => {
    const cwd = await tmp();
    expect(await discover({ cwd, env_: {} })).toEqual({
      ok: true,
      value: {
        source: 'discovered-default',
        backend: { type: 'local', path: path.join(cwd, 'terraform.tfstate'), workspaceDir: path.join(cwd, 'terraform.tfstate.d') },
        backendStateFile: null,
        workspace: 'default',
        workspaceOrigin: 'default',
        dataDir: path.join(cwd, '.terraform'),
      },
      diags: [],
    });
  });

  it('reads a local backend with path and workspace_dir relative to the working directory', async () => {
    const cwd = await tmp();
    const file = await put(cwd, '.terraform/terraform.tfstate', localBackendState('sub/custom.tfstate', 'states'));
    const r = await discover({ cwd, env_: {} });
    expect(r.ok && r.value).toMatchObject({
      source: 'discovered-backend',
      backend: { type: 'local', path: path.join(cwd, 'sub/custom.tfstate'), workspaceDir: path.join(cwd, 'states') },
      backendStateFile: file,
    });
  });

  it('reads an s3 backend as terraform init saved it', async () => {
    const cwd = await tmp();
    await put(cwd, '.terraform/terraform.tfstate', s3BackendState({ bucket: 'tfb', key: 'prod/terraform.tfstate', region: 'eu-west-1', use_lockfile: true, use_path_style: true, endpoints: endpoints('http://127.0.0.1:46219') }));
    const r = await discover({ cwd, env_: {} });
    expect(r.ok && r.value.backend).toEqual({
      type: 's3',
      bucket: 'tfb',
      key: 'prod/terraform.tfstate',
      region: 'eu-west-1',
      useLockfile: true,
      forcePathStyle: true,
      endpoint: 'http://127.0.0.1:46219',
    });
  });

  it.each([
    ['dev', undefined, 'dev', 'environment-file'],
    ['  dev\n', undefined, 'dev', 'environment-file'],
    ['', undefined, 'default', 'default'],
    [null, undefined, 'default', 'default'],
    ['dev', 'staging', 'staging', 'TF_WORKSPACE'],
    [null, 'staging', 'staging', 'TF_WORKSPACE'],
    ['dev', '', 'dev', 'environment-file'],
  ])('selects the workspace from .terraform/environment %j and TF_WORKSPACE %j', async (file, tfWorkspace, workspace, origin) => {
    const cwd = await tmp();
    if (file !== null) await put(cwd, '.terraform/environment', file);
    const r = await discover({ cwd, env_: { TF_WORKSPACE: tfWorkspace } });
    expect(r.ok && [r.value.workspace, r.value.workspaceOrigin]).toEqual([workspace, origin]);
  });

  it('lets --workspace override TF_WORKSPACE and the environment file', async () => {
    const cwd = await tmp();
    await put(cwd, '.terraform/environment', 'dev');
    const r = await discover({ cwd, env_: { TF_WORKSPACE: 'staging' }, workspace: 'blue' });
    expect(r.ok && [r.value.workspace, r.value.workspaceOrigin]).toEqual(['blue', '--workspace']);
  });

  it('reads the data directory from TF_DATA_DIR', async () => {
    const cwd = await tmp();
    await put(cwd, '.terraform/terraform.tfstate', localBackendState('wrong.tfstate'));
    await put(cwd, 'data/terraform.tfstate', localBackendState('right.tfstate'));
    await put(cwd, 'data/environment', 'dev');
    const r = await discover({ cwd, env_: { TF_DATA_DIR: 'data' } });
    expect(r.ok && [r.value.backend, r.value.workspace, r.value.dataDir]).toEqual([
      { type: 'local', path: path.join(cwd, 'right.tfstate'), workspaceDir: path.join(cwd, 'terraform.tfstate.d') },
      'dev',
      path.join(cwd, 'data'),
    ]);
  });

  it.each([
    ['TF_WORKSPACE', { TF_WORKSPACE: 'a/b' }, null, 'discovery.invalid-workspace', 'TF_WORKSPACE: "a/b" is not a valid workspace name.'],
    ['the environment file', {}, 'my ws', 'discovery.invalid-workspace', '/.terraform/environment (the workspace selected with terraform workspace select): "my ws" is not a valid workspace name.'],
  ])('refuses an invalid workspace name from %s', async (_what, env_, file, code, detail) => {
    const cwd = await tmp();
    if (file !== null) await put(cwd, '.terraform/environment', file);
    const r = await discover({ cwd, env_ });
    expect(r.ok).toBe(false);
    expect(r.diags[0]?.code).toBe(code);
    expect(r.diags[0]?.detail).toContain(detail);
  });

  it('refuses an unsupported backend, pointing at terraform state pull', async () => {
    const cwd = await tmp();
    const file = await put(cwd, '.terraform/terraform.tfstate', JSON.stringify({ version: 3, backend: { type: 'azurerm', config: {} } }, null, 2));
    const r = await discover({ cwd, env_: {} });
    expect(r.diags.map((d) => [d.code, d.detail])).toEqual([
      [
        'discovery.unsupported-backend',
        `This working directory uses the "azurerm" backend (${file}); tfstate opens local and s3 states only. Copy the state to a file with terraform state pull > state.tfstate, inspect or edit it with --state state.tfstate, and upload it back with terraform state push state.tfstate.`,
      ],
    ]);
  });

  it('reports an unreadable backend file instead of ignoring it', async () => {
    const cwd = await tmp();
    await put(cwd, '.terraform/terraform.tfstate/oops', 'a directory where the file should be');
    const r = await discover({ cwd, env_: {} });
    expect(r.ok).toBe(false);
    expect(r.diags[0]?.code).toBe('discovery.unreadable');
  });
});
