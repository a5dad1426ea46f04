import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/core/diag/index.js';
import { createS3Backend, InvalidS3LocationError, namesFor, objectKeyFor, parseS3Url, validateS3Location, type S3Location } from '../../../src/backends/s3/index.js';
import { workspaceOfObjectKey } from '../../../src/backends/s3/location.js';

describe('parseS3Url', () => {
  it.each([
    ['s3://acme-tfstate/prod/terraform.tfstate', 'acme-tfstate', 'prod/terraform.tfstate'],
    ['s3://b/k', 'b', 'k'],
    ['s3://b/env:/dev/k', 'b', 'env:/dev/k'],
  ])('splits %s into bucket and key', (url, bucket, key) => {
    expect(parseS3Url(url)).toEqual({ ok: true, value: { bucket, key }, diags: [] });
  });

  it.each(['s3://bucket', 's3://bucket/', 's3:///key', 'https://bucket/key', 'bucket/key'])('refuses %s with a hint', (url) => {
    const r = parseS3Url(url);
    expect(r.ok).toBe(false);
    expect(formatDiagnostic(r.diags[0])).toBe(
      `Error: Invalid S3 location\n\n"${url}" is not an S3 location. Write it as s3://BUCKET/KEY, for example s3://acme-tfstate/prod/terraform.tfstate.`,
    );
  });
});

describe('objectKeyFor', () => {
  const base: S3Location = { bucket: 'acme', key: 'prod/terraform.tfstate' };

  it.each<[string, Partial<S3Location>, string]>([
    ['the default workspace uses the key', {}, 'prod/terraform.tfstate'],
    ['"default" given explicitly uses the key', { workspace: 'default' }, 'prod/terraform.tfstate'],
    ['another workspace goes under env:/', { workspace: 'dev' }, 'env:/dev/prod/terraform.tfstate'],
    ['a custom prefix replaces env:', { workspace: 'dev', workspaceKeyPrefix: 'workspaces' }, 'workspaces/dev/prod/terraform.tfstate'],
    ['an empty prefix puts the workspace first', { workspace: 'dev', workspaceKeyPrefix: '' }, 'dev/prod/terraform.tfstate'],
    ['a nested prefix is kept', { workspace: 'x-1', workspaceKeyPrefix: 'a/b' }, 'a/b/x-1/prod/terraform.tfstate'],
  ])('%s', (_what, extra, expected) => {
    expect(objectKeyFor({ ...base, ...extra })).toEqual({ ok: true, value: expected, diags: [] });
  });

  it.each<[Partial<S3Location>, string, string]>([
    [{ key: '/prod/terraform.tfstate' }, 's3.invalid-key', 'The S3 key "/prod/terraform.tfstate" must not start or end with "/"; Terraform rejects such keys. Remove the leading or trailing slash.'],
    [{ key: 'prod/' }, 's3.invalid-key', 'The S3 key "prod/" must not start or end with "/"; Terraform rejects such keys. Remove the leading or trailing slash.'],
    [{ key: 'prod//terraform.tfstate' }, 's3.invalid-key', 'The S3 key "prod//terraform.tfstate" must not contain "//"; Terraform rejects such keys.'],
    [{ key: '' }, 's3.invalid-key', 'The S3 key is empty. Give the object key of the state, for example prod/terraform.tfstate.'],
    [
      { workspaceKeyPrefix: 'env:/' },
      's3.invalid-workspace-key-prefix',
      'The workspace key prefix "env:/" must not start or end with "/"; Terraform rejects such prefixes. Remove the leading or trailing slash.',
    ],
    [
      { workspace: 'my env' },
      's3.invalid-workspace',
      'The workspace name "my env" is not valid: Terraform workspace names may contain only letters, digits and the characters - _ . ~ $ & + : = @.',
    ],
    [{ bucket: 'a/b' }, 's3.invalid-bucket', 'The bucket name "a/b" is not valid: it must be non-empty and must not contain "/".'],
  ])('refuses %j', (extra, code, detail) => {
    const r = objectKeyFor({ ...base, ...extra });
    expect(r.ok).toBe(false);
    expect(r.diags).toEqual([expect.objectContaining({ severity: 'error', code, detail })]);
  });

  it('reports every problem of a location at once', () => {
    expect(validateS3Location({ bucket: '', key: '/k', workspaceKeyPrefix: '/p', workspace: 'a/b' }).map((d) => d.code)).toEqual([
      's3.invalid-bucket',
      's3.invalid-key',
      's3.invalid-workspace-key-prefix',
      's3.invalid-workspace',
    ]);
  });
});

describe('namesFor', () => {
  it('derives the lock, digest, lock file and backup names from the workspace object key', () => {
    expect(namesFor({ bucket: 'acme', key: 'app/terraform.tfstate', workspace: 'dev' })).toEqual({
      bucket: 'acme',
      objectKey: 'env:/dev/app/terraform.tfstate',
      url: 's3://acme/env:/dev/app/terraform.tfstate',
      lockPath: 'acme/env:/dev/app/terraform.tfstate',
      digestId: 'acme/env:/dev/app/terraform.tfstate-md5',
      lockFileKey: 'env:/dev/app/terraform.tfstate.tflock',
      backupsPrefix: 'env:/dev/app/terraform.tfstate.backups/',
    });
  });
});

describe('workspaceOfObjectKey', () => {
  it.each<[string, string, string, string | null]>([
    ['env:/dev/app.tfstate', 'app.tfstate', 'env:', 'dev'],
    ['env:/dev/app.tfstate.tflock', 'app.tfstate', 'env:', null],
    ['env:/dev/app.tfstate.backups/20261128T183012Z-serial-3.tfstate', 'app.tfstate', 'env:', null],
    ['env:/dev/other/app.tfstate', 'app.tfstate', 'env:', null],
    ['app.tfstate', 'app.tfstate', 'env:', null],
    ['dev/app.tfstate', 'app.tfstate', '', 'dev'],
    ['other:/dev/app.tfstate', 'app.tfstate', 'env:', null],
  ])('%s (key %s, prefix %j) belongs to %j', (objectKey, key, prefix, expected) => {
    expect(workspaceOfObjectKey(objectKey, key, prefix)).toBe(expected);
  });
});

describe('createS3Backend', () => {
  it('refuses an invalid location with its diagnostics', () => {
    let err: unknown;
    try {
      createS3Backend({ bucket: 'acme', key: 'prod//terraform.tfstate', region: 'us-east-1' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidS3LocationError);
    expect(formatDiagnostic((err as InvalidS3LocationError).toDiagnostic())).toBe(
      'Error: Invalid S3 key\n\nThe S3 key "prod//terraform.tfstate" must not contain "//"; Terraform rejects such keys.',
    );
  });
});
