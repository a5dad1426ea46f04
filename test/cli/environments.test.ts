/**
 * Environments and wrong-environment guards, driven through the CLI on a
 * copy of the demo workspace (staging + protected prod).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backups, drop, read, scratch, tfstate } from '../support/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(drop));
function demo(): string {
  const d = scratch({ '.': 'demo' });
  dirs.push(d);
  return d;
}
const PROD = 'envs/prod/terraform.tfstate';
const STAGING = 'envs/staging/terraform.tfstate';

describe('tfstate envs', () => {
  it('lists each environment with its location, protection and locking', () => {
    const d = demo();
    const r = tfstate(['envs'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ENVIRONMENT\s+PROTECTED\s+LOCATION\s+LOCKING/);
    expect(r.stdout).toMatch(/staging\s+no\s+.*envs\/staging\/terraform\.tfstate\s+fcntl \+ \.lock\.info/);
    expect(r.stdout).toMatch(/prod\s+yes\s+.*envs\/prod\/terraform\.tfstate/);
  });
});

describe('guards (exit 4, nothing written)', () => {
  it('refuses a --state that points at the protected prod state', () => {
    const d = demo();
    const before = read(d, PROD);
    const r = tfstate(['rm', 'aws_s3_bucket.assets', '--state', PROD, '--yes'], d);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('prod');
    expect(read(d, PROD)).toBe(before);
  });

  it('refuses --no-lock on prod', () => {
    const d = demo();
    const r = tfstate(['rm', 'aws_s3_bucket.assets', '--env', 'prod', '--no-lock', '--yes'], d);
    expect(r.code).toBe(4);
  });

  it('refuses touching a protected address without --allow-protected, and allows it with', () => {
    const d = demo();
    const before = read(d, PROD);
    const r = tfstate(['rm', 'module.database.aws_db_subnet_group.this', '--env', 'prod', '--yes'], d);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('module.database.aws_db_subnet_group.this');
    expect(read(d, PROD)).toBe(before);
    expect(backups(join(d, 'envs/prod'))).toEqual([]);
    const ok = tfstate(['rm', 'module.database.aws_db_subnet_group.this', '--env', 'prod', '--yes', '--allow-protected', 'module.database.aws_db_subnet_group.this'], d);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('[prod] Wrote');
  });

  it('edits prod when it is named with --env', () => {
    const d = demo();
    const r = tfstate(['taint', 'aws_s3_bucket.assets', '--env', 'prod', '--yes'], d);
    expect(r.code).toBe(0);
    expect(backups(join(d, 'envs/prod'))).toHaveLength(1);
  });

  it('refuses an empty --env or --config-file with what to give instead, and edits nothing', () => {
    const d = demo();
    const before = read(d, STAGING);
    for (const [flag, said] of [
      ['--env', '--env is empty. Name an environment of the config file (tfstate envs lists them)'],
      ['--config-file', '--config-file is empty. Name the tfstate.config.json to use'],
    ] as const) {
      const r = tfstate(['taint', 'aws_s3_bucket.assets', flag, '', '--yes'], d);
      expect(r.code, flag).toBe(1);
      expect(r.stderr, flag).toContain(said);
    }
    expect(read(d, STAGING)).toBe(before);
    expect(backups(join(d, 'envs/staging'))).toHaveLength(0);
  });

  it('names an unknown environment and lists the configured ones', () => {
    const d = demo();
    const r = tfstate(['list', '--env', 'qa'], d);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('staging');
    expect(r.stderr).toContain('prod');
  });
});

describe('onEdit', () => {
  it('runs after a successful write with a JSON record on stdin; its failure never undoes the edit', () => {
    const d = demo();
    const cfg = JSON.parse(read(d, 'tfstate.config.json'));
    cfg.environments.staging.onEdit = `cat > "${join(d, 'record.json')}"`;
    writeFileSync(join(d, 'tfstate.config.json'), JSON.stringify(cfg, null, 2));
    expect(tfstate(['taint', 'aws_s3_bucket.assets', '--env', 'staging', '--yes'], d).code).toBe(0);
    const rec = JSON.parse(readFileSync(join(d, 'record.json'), 'utf8'));
    expect(rec).toMatchObject({ environment: 'staging', operation: 'tfstate taint aws_s3_bucket.assets', addresses: ['aws_s3_bucket.assets'] });
    expect(rec.serialAfter).toBe(rec.serialBefore + 1);
    expect(rec.backup).toMatch(/\.backup$/);

    cfg.environments.staging.onEdit = 'echo boom >&2; exit 3';
    writeFileSync(join(d, 'tfstate.config.json'), JSON.stringify(cfg, null, 2));
    const r = tfstate(['untaint', 'aws_s3_bucket.assets', '--env', 'staging', '--yes'], d);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Warning: onEdit hook failed');
    expect(r.stderr).toContain('boom');
    expect(tfstate(['show', 'aws_s3_bucket.assets', '--env', 'staging'], d).stdout).toContain('# status: ready');
  });
});

describe('moving between environments', () => {
  it('moves a resource from staging into prod (named) with both backups, all or nothing', () => {
    const d = demo();
    const r = tfstate(['mv', 'aws_iam_role.app', 'aws_iam_role.app_from_staging', '--env', 'staging', '--to-env', 'prod', '--yes'], d);
    expect(r.stderr).toContain('Wrote');
    expect(r.code).toBe(0);
    expect(tfstate(['list', 'aws_iam_role.app_from_staging', '--env', 'prod'], d).stdout).toBe('aws_iam_role.app_from_staging\n');
    expect(tfstate(['list', '--env', 'staging'], d).stdout).not.toContain('aws_iam_role.app\n');
    expect(backups(join(d, 'envs/prod'))).toHaveLength(1);
    expect(backups(join(d, 'envs/staging'))).toHaveLength(1);
  });

  it('copies an object from staging with import --from-env, leaving staging untouched', () => {
    const d = demo();
    const before = read(d, STAGING);
    const r = tfstate(['import', '--from-env', 'staging', 'aws_s3_bucket.assets', 'aws_s3_bucket.staging_assets', '--env', 'prod', '--yes'], d);
    expect(r.code).toBe(0);
    expect(read(d, STAGING)).toBe(before);
    expect(tfstate(['list', 'aws_s3_bucket.staging_assets', '--env', 'prod'], d).stdout).toBe('aws_s3_bucket.staging_assets\n');
  });
});
