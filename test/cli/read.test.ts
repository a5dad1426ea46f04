import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../support/state-fixtures.js';
import { drop, scratch, tfstate } from '../support/cli.js';

const dirs: string[] = [];
function dirWith(fixture: string): string {
  const d = scratch({ 'terraform.tfstate': fixture });
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach(drop));

describe('tfstate list', () => {
  it.each(['v4-simple.tfstate', 'v4-modules-foreach.tfstate', 'v4-tainted-deposed.tfstate', 'v3-modules.tfstate', 'tofu-compact.tfstate'])('prints what terraform state list prints for %s', (f) => {
    const r = tfstate(['list'], dirWith(f));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(FIXTURES, `${f}.list`), 'utf8'));
  });

  it('resolves each address on its own and concatenates, like terraform', () => {
    const r = tfstate(['list', 'module.worker', 'aws_route53_zone.main'], dirWith('v4-modules-foreach.tfstate'));
    expect(r.stdout).toBe('module.worker[0].aws_instance.this\nmodule.worker[1].aws_instance.this\naws_route53_zone.main\n');
  });

  it('fails with Terraform\'s "Unknown module" and prints nothing on stdout', () => {
    const r = tfstate(['list', 'module.nope'], dirWith('v4-simple.tfstate'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Error: Unknown module\n\nThe current state contains no module at module.nope.');
  });

  it('exits 2 for an invalid address', () => {
    const r = tfstate(['list', 'aws_instance.web.0'], dirWith('v4-simple.tfstate'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error: /);
  });

  it('filters by --id', () => {
    const d = dirWith('v4-simple.tfstate');
    const id = JSON.parse(tfstate(['show', 'aws_s3_bucket.assets', '--json'], d).stdout).objects[0].attributes.id as string;
    expect(tfstate(['list', '--id', id], d).stdout).toBe('aws_s3_bucket.assets\n');
  });

  it('prints one JSON document with --json, errors included', () => {
    const d = dirWith('v4-simple.tfstate');
    const ok = JSON.parse(tfstate(['list', '--json'], d).stdout);
    expect(ok.addresses).toContain('aws_instance.web[0]');
    const bad = tfstate(['list', 'module.nope', '--json'], d);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error).toMatchObject({ code: 'state.unknown-module', summary: 'Unknown module' });
    expect(bad.stderr).toBe('');
  });

  it('says there is no state for a missing or empty file', () => {
    const d = scratch();
    dirs.push(d);
    expect(tfstate(['list'], d)).toMatchObject({ code: 1 });
    const e = dirWith('invalid/empty.tfstate');
    const r = tfstate(['list'], e);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: No state');
  });

  it('refuses a corrupt file with its line and column and no stack trace', () => {
    const r = tfstate(['list'], dirWith('invalid/bad-json.tfstate'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/terraform\.tfstate:5:3: invalid character/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('tfstate show', () => {
  it('masks sensitive attributes unless --show-sensitive', () => {
    const d = dirWith('v4-sensitive.tfstate');
    const list = tfstate(['list'], d).stdout.trim().split('\n');
    const all = list.map((a) => tfstate(['show', a], d));
    for (const r of all) expect(r.code).toBe(0);
    const text = all.map((r) => r.stdout).join('\n');
    expect(text).toContain('(sensitive)');
    expect(text).not.toMatch(/SECRET-/);
    const revealed = list.map((a) => tfstate(['show', a, '--show-sensitive'], d).stdout).join('\n');
    expect(revealed).toMatch(/SECRET-/);
  });

  it('shows provider, status and dependencies of one instance', () => {
    const r = tfstate(['show', 'aws_instance.api'], dirWith('v4-tainted-deposed.tfstate'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# aws_instance\.api:/);
    expect(r.stdout).toContain('# provider: provider["registry.terraform.io/hashicorp/aws"]');
    expect(r.stdout).toContain('# status: tainted');
  });

  it('asks for one instance of a counted resource', () => {
    const r = tfstate(['show', 'aws_instance.web'], dirWith('v4-simple.tfstate'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('aws_instance.web[0], aws_instance.web[1]');
  });
});

describe('tfstate pull', () => {
  it('prints the exact bytes', () => {
    const r = tfstate(['pull'], dirWith('tofu-compact.tfstate'));
    expect(r.stdout).toBe(readFileSync(join(FIXTURES, 'tofu-compact.tfstate'), 'utf8'));
  });
});
