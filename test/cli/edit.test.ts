import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../support/state-fixtures.js';
import { backups, drop, mtime, read, scratch, tfstate } from '../support/cli.js';

const dirs: string[] = [];
function dirWith(fixture: string): string {
  const d = scratch({ 'terraform.tfstate': fixture });
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach(drop));
const original = (f: string): string => readFileSync(join(FIXTURES, f), 'utf8');

describe('edits are guarded and leave nothing behind when they fail', () => {
  it('prints the plan and exits 4 without --yes when there is no terminal', () => {
    const d = dirWith('v4-simple.tfstate');
    const before = mtime(d, 'terraform.tfstate');
    const r = tfstate(['mv', 'aws_s3_bucket.assets', 'aws_s3_bucket.static'], d);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('Would move "aws_s3_bucket.assets" to "aws_s3_bucket.static"');
    expect(r.stderr).toContain('Error: Confirmation required');
    expect(read(d, 'terraform.tfstate')).toBe(original('v4-simple.tfstate'));
    expect(mtime(d, 'terraform.tfstate')).toBe(before);
    expect(backups(d)).toEqual([]);
    // Not even the backup staged while planning, nor a lock or journal file, is left.
    expect(readdirSync(d)).toEqual(['terraform.tfstate']);
  });

  it.each([
    [['mv', 'aws_nope.x', 'aws_nope.y'], 1],
    [['rm', 'aws_nope.x'], 1],
    [['mv', 'aws_instance.web.0', 'aws_instance.x'], 2],
    [['taint', 'data.aws_ami.ubuntu'], 1],
    [['mv', 'aws_instance.web', 'aws_s3_bucket.web'], 1],
  ])('%j exits %i, the file byte-identical with the same mtime, and no backup', (args, code) => {
    const d = dirWith('v4-simple.tfstate');
    const before = mtime(d, 'terraform.tfstate');
    const r = tfstate([...(args as string[]), '--yes'], d);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(/^Error: /);
    expect(read(d, 'terraform.tfstate')).toBe(original('v4-simple.tfstate'));
    expect(mtime(d, 'terraform.tfstate')).toBe(before);
    expect(backups(d)).toEqual([]);
    expect(readdirSync(d)).toEqual(['terraform.tfstate']);
  });
});

describe('a successful edit', () => {
  it('moves with --yes, bumps the serial once, and keeps an exact 0600 backup', () => {
    const d = dirWith('v4-simple.tfstate');
    const r = tfstate(['mv', 'aws_s3_bucket.assets', 'aws_s3_bucket.static', '--yes'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Move "aws_s3_bucket.assets" to "aws_s3_bucket.static"\nSuccessfully moved 1 object(s).\n');
    expect(r.stderr).toMatch(/Wrote .*terraform\.tfstate \(serial \d+ -> \d+\)\. Backup: .*terraform\.tfstate\.\d+\.backup/);
    const b = backups(d);
    expect(b).toHaveLength(1);
    expect(read(d, b[0])).toBe(original('v4-simple.tfstate'));
    expect(statSync(join(d, b[0])).mode & 0o777).toBe(0o600);
    const before = JSON.parse(original('v4-simple.tfstate')).serial as number;
    expect(JSON.parse(read(d, 'terraform.tfstate')).serial).toBe(before + 1);
    expect(tfstate(['list', 'aws_s3_bucket.static'], d).stdout).toBe('aws_s3_bucket.static\n');
  });

  it('previews with --dry-run: Terraform\'s lines and a masked per-resource diff, nothing written', () => {
    const d = dirWith('v4-sensitive.tfstate');
    const first = tfstate(['list'], d).stdout.trim().split('\n').find((a) => !a.startsWith('data.'))!;
    const r = tfstate(['mv', first, first.replace(/\.([a-z_]+)(\[[^\]]+\])?$/, '.renamed$2'), '--dry-run'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Would move "/);
    expect(r.stdout).toContain('--- ');
    expect(r.stdout).not.toMatch(/SECRET-/);
    expect(read(d, 'terraform.tfstate')).toBe(original('v4-sensitive.tfstate'));
    expect(readdirSync(d)).toEqual(['terraform.tfstate']);
  });

  it('applies a batch as one transaction with one backup, and reports it as done when re-run', () => {
    const d = dirWith('v4-simple.tfstate');
    writeFileSync(join(d, 'ops.txt'), `# rename and retire\nmv aws_s3_bucket.assets aws_s3_bucket.static\nrm random_id.suffix\ntaint 'aws_instance.web[1]'\n`);
    const r = tfstate(['apply-batch', 'ops.txt', '--yes', '--emit-hcl', 'moved.tf'], d);
    expect(r.code).toBe(0);
    expect(backups(d)).toHaveLength(1);
    expect(JSON.parse(read(d, 'terraform.tfstate')).serial).toBe((JSON.parse(original('v4-simple.tfstate')).serial as number) + 1);
    expect(read(d, 'moved.tf')).toContain('moved {\n  from = aws_s3_bucket.assets\n  to   = aws_s3_bucket.static\n}');
    const again = tfstate(['apply-batch', 'ops.txt', '--yes'], d);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already done');
    expect(backups(d)).toHaveLength(1);
  });

  it('restores a backup that differs only in an output value, which no resource diff shows', () => {
    const d = dirWith('v4-simple.tfstate');
    const backup = original('v4-simple.tfstate').replace('"value": "acme-simple-assets-3f9a"', '"value": "restored-name"');
    writeFileSync(join(d, 'terraform.tfstate.1700000000.backup'), backup);
    const r = tfstate(['restore', 'terraform.tfstate.1700000000.backup', '--yes'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('nothing was written');
    expect(JSON.parse(read(d, 'terraform.tfstate')).outputs.bucket_name.value).toBe('restored-name');
    expect(JSON.parse(read(d, 'terraform.tfstate')).serial).toBe(JSON.parse(backup).serial + 1);
  });

  it('says so and writes nothing when the backup holds the current content', () => {
    const d = dirWith('v4-simple.tfstate');
    writeFileSync(join(d, 'terraform.tfstate.1700000000.backup'), original('v4-simple.tfstate').replace(/"serial": \d+/, '"serial": 3'));
    const before = mtime(d, 'terraform.tfstate');
    const r = tfstate(['restore', 'terraform.tfstate.1700000000.backup', '--yes'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nothing was written');
    expect(mtime(d, 'terraform.tfstate')).toBe(before);
  });

  it('restores a backup as a new transaction with serial = current + 1', () => {
    const d = dirWith('v4-simple.tfstate');
    expect(tfstate(['rm', 'random_id.suffix', '--yes'], d).code).toBe(0);
    const list = JSON.parse(tfstate(['backups', '--json'], d).stdout).backups as Array<{ id: string }>;
    expect(list).toHaveLength(1);
    const r = tfstate(['restore', list[0].id, '--yes'], d);
    expect(r.code).toBe(0);
    const now = JSON.parse(read(d, 'terraform.tfstate'));
    const orig = JSON.parse(original('v4-simple.tfstate'));
    expect(now.serial).toBe(orig.serial + 2);
    expect(read(d, 'terraform.tfstate').replace(/"serial": \d+/, '')).toBe(original('v4-simple.tfstate').replace(/"serial": \d+/, ''));
  });
});
