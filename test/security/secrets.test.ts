/**
 * Secret hygiene: distinctive secrets seeded in sensitive attributes and
 * outputs (fixtures/v4-sensitive.tfstate, SECRET-…) never appear in any
 * command's output unless revealed on purpose, and files we create are 0600.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drop, scratch, tfstate, type Run } from '../support/cli.js';

const dir = scratch({ 'terraform.tfstate': 'v4-sensitive.tfstate' });
afterAll(() => drop(dir));
const SECRET = /SECRET-[a-z0-9-]+/;

function all(r: Run): string {
  return r.stdout + r.stderr;
}

describe('sensitive values stay hidden', () => {
  const addresses = tfstate(['list'], dir).stdout.trim().split('\n');
  const outputs = ['db_password', 'api_credentials', 'admin_password', 'tls_key'];

  it('the fixture really holds the seeded secrets (so this test can fail)', () => {
    expect(tfstate(['pull'], dir).stdout).toMatch(SECRET);
    const revealed = addresses.map((a) => all(tfstate(['show', a, '--show-sensitive'], dir))).join('\n');
    expect(revealed).toMatch(SECRET);
  });

  const commands: string[][] = [
    ['list'],
    ['list', '--json'],
    ...addresses.flatMap((a) => [['show', a], ['show', a, '--json']]),
    ...outputs.flatMap((n) => [['show', `output.${n}`], ['show', `output.${n}`, '--json']]),
    ['graph'],
    ['graph', '--format', 'json'],
    ['graph', '--format', 'dot'],
    ['graph', '--format', 'mermaid'],
    ['audit', '--fail-on', 'never'],
    ['audit', '--format', 'json', '--fail-on', 'never'],
    ['audit', '--format', 'sarif', '--fail-on', 'never'],
    ...addresses.filter((a) => !a.startsWith('data.')).flatMap((a) => [['rm', a, '--dry-run'], ['rm', a], ['taint', a, '--dry-run', '--json']]),
    ['mv', 'nope.x', 'nope.y', '--yes'],
    ['backups'],
  ];
  it.each(commands.map((c) => ({ c, name: c.join(' ') })))('$name prints no secret', ({ c }) => {
    const r = tfstate(c, dir);
    expect(all(r)).not.toMatch(SECRET);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a batch that fails on a sensitive resource does not leak values into its error', () => {
    writeFileSync(join(dir, 'bad.txt'), `mv ${addresses.find((a) => !a.startsWith('data.'))} data.nope.x\n`);
    const r = tfstate(['apply-batch', 'bad.txt', '--yes'], dir);
    expect(r.code).toBe(1);
    expect(all(r)).not.toMatch(SECRET);
  });

  it('backups and lock info files are created 0600', () => {
    const target = addresses.find((a) => !a.startsWith('data.'))!;
    expect(tfstate(['taint', target, '--yes'], dir).code).toBe(0);
    const made = readdirSync(dir).filter((f) => f.endsWith('.backup') || f.endsWith('.jsonl'));
    expect(made.length).toBeGreaterThan(0);
    for (const f of made) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
  });
});
