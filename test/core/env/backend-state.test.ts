import { describe, expect, it } from 'vitest';
import { parseBackendState } from '../../../src/core/env/backend-state.js';
import { endpoints, localBackendState, s3BackendState } from '../../session/backend-state-samples.js';

const F = '.terraform/terraform.tfstate';

describe('parseBackendState', () => {
  it('reads a local backend with path and workspace_dir', () => {
    expect(parseBackendState(localBackendState('custom.tfstate', 'ws'), F)).toEqual({
      ok: true,
      value: { backend: { type: 'local', path: 'custom.tfstate', workspaceDir: 'ws' } },
      diags: [],
    });
  });

  it('reads a local backend with every attribute unset', () => {
    const r = parseBackendState(localBackendState(null, null), F);
    expect(r.ok && r.value.backend).toEqual({ type: 'local', path: null, workspaceDir: null });
  });

  it('reads the s3 settings Terraform 1.11 saves, endpoints first and the older names second', () => {
    const r = parseBackendState(
      s3BackendState({
        bucket: 'acme',
        key: 'prod/terraform.tfstate',
        region: 'eu-west-1',
        dynamodb_table: 'locks',
        use_lockfile: true,
        workspace_key_prefix: 'workspaces',
        profile: 'ops',
        endpoints: endpoints('http://127.0.0.1:9000', 'http://127.0.0.1:8000'),
        endpoint: 'http://old:1',
        use_path_style: true,
        access_key: 'AK',
        secret_key: 'SK',
        encrypt: true,
        skip_credentials_validation: true,
      }),
      F,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        backend: {
          type: 's3',
          bucket: 'acme',
          key: 'prod/terraform.tfstate',
          region: 'eu-west-1',
          dynamodbTable: 'locks',
          useLockfile: true,
          workspaceKeyPrefix: 'workspaces',
          profile: 'ops',
          endpoint: 'http://127.0.0.1:9000',
          dynamodbEndpoint: 'http://127.0.0.1:8000',
          forcePathStyle: true,
          credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
        },
      },
      diags: [],
    });
  });

  it('falls back to endpoint, dynamodb_endpoint and force_path_style of older Terraform versions', () => {
    const r = parseBackendState(s3BackendState({ bucket: 'b', key: 'k', endpoint: 'http://s3', dynamodb_endpoint: 'http://ddb', force_path_style: false, workspace_key_prefix: '' }), F);
    expect(r.ok && r.value.backend).toEqual({ type: 's3', bucket: 'b', key: 'k', endpoint: 'http://s3', dynamodbEndpoint: 'http://ddb', forcePathStyle: false, workspaceKeyPrefix: '' });
  });

  it('warns about s3 settings it does not apply', () => {
    const r = parseBackendState(s3BackendState({ bucket: 'b', key: 'k', assume_role: { role_arn: 'arn:aws:iam::1:role/x' }, sse_customer_key: 'c2VjcmV0' }), F);
    expect(r.ok).toBe(true);
    expect(r.diags.map((d) => [d.severity, d.code, d.detail])).toEqual([
      [
        'warning',
        'discovery.s3-setting-ignored',
        '.terraform/terraform.tfstate sets assume_role, sse_customer_key for the s3 backend, which tfstate does not apply: it reaches S3 with the AWS SDK\'s default credentials (AWS_PROFILE, environment variables, SSO, instance role). If that is not the identity Terraform uses, set the credentials in the environment, or configure the environment in tfstate.config.json.',
      ],
    ]);
  });

  it('treats a file without a backend as the default local state', () => {
    expect(parseBackendState('{"version": 3, "terraform_version": "1.11.4"}', F)).toEqual({ ok: true, value: { backend: null }, diags: [] });
  });

  const pull =
    'tfstate opens local and s3 states only. Copy the state to a file with terraform state pull > state.tfstate, inspect or edit it with --state state.tfstate, and upload it back with terraform state push state.tfstate.';
  it.each([
    [
      JSON.stringify({ version: 3, backend: { type: 'gcs', config: { bucket: 'b' } } }),
      'discovery.unsupported-backend',
      `This working directory uses the "gcs" backend (${F}); ${pull}`,
    ],
    [
      JSON.stringify({ version: 3, backend: { type: 'cloud', config: {} } }),
      'discovery.unsupported-backend',
      `This working directory uses the "cloud" backend (${F}); ${pull}`,
    ],
    [
      JSON.stringify({ version: 3, state_store: { type: 'acme_store', config: {} } }),
      'discovery.unsupported-backend',
      `This working directory uses pluggable state storage (state_store "acme_store") (${F}); ${pull}`,
    ],
    [
      JSON.stringify({ version: 1, backend: { type: 'local' } }),
      'discovery.backend-state-version',
      `${F} has version 1; tfstate reads version 3, which Terraform 0.12 and later write. Run terraform init with a current Terraform to rewrite it, or name the state with --state.`,
    ],
    [
      '{"version": 3,',
      'discovery.invalid-backend-state',
      `${F}:1:15: invalid character end of input looking for beginning of object key string. The file is written by terraform init; run terraform init again to rewrite it.`,
    ],
    [
      s3BackendState({ key: 'k' }),
      'discovery.invalid-backend-state',
      `${F} is not a backend configuration Terraform writes: its s3 backend has no "bucket". Run terraform init to rewrite it, or name the state with --state.`,
    ],
  ])('refuses %s', (text, code, detail) => {
    const r = parseBackendState(text, F);
    expect(r.ok).toBe(false);
    expect(r.diags.map((d) => [d.code, d.detail])).toEqual([[code, detail]]);
  });
});
