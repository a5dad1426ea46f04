/**
 * Hostile paths: a state reached through a symlinked directory, a symlink
 * loop, and a backup index planted as a symlink to another file. Each is
 * either handled exactly (writes land in the real file, backups beside it)
 * or refused with a diagnostic, never a stack trace, never a stray write.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backups, drop, scratch, tfstate } from '../support/cli.js';
import { fixtureBytes } from '../support/state-fixtures.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(drop));
function dir(): string {
  const d = scratch();
  dirs.push(d);
  return d;
}
const ORIGINAL = fixtureBytes('v4-simple.tfstate');
const noStack = (text: string): void => expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)|failed unexpectedly/);

describe('hostile paths', () => {
  it('edits a state reached through a symlinked directory in place, backing it up beside the real file', () => {
    const d = dir();
    mkdirSync(join(d, 'real'));
    writeFileSync(join(d, 'real', 'terraform.tfstate'), ORIGINAL);
    symlinkSync(join(d, 'real'), join(d, 'link'));
    const state = join(d, 'link', 'terraform.tfstate');
    const r = tfstate(['mv', 'aws_s3_bucket.assets', 'aws_s3_bucket.static', '--state', state, '--yes'], d);
    expect(r.code).toBe(0);
    expect(tfstate(['list', '--state', join(d, 'real', 'terraform.tfstate')], d).stdout).toContain('aws_s3_bucket.static\n');
    const made = backups(join(d, 'real'));
    expect(made).toHaveLength(1);
    expect(readFileSync(join(d, 'real', made[0]!)).equals(Buffer.from(ORIGINAL))).toBe(true);
    const listed = tfstate(['backups', '--state', state, '--json'], d);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(made[0]!);
  });

  it('refuses a symlink loop as the state path with a diagnostic', () => {
    const d = dir();
    symlinkSync(join(d, 'b.tfstate'), join(d, 'a.tfstate'));
    symlinkSync(join(d, 'a.tfstate'), join(d, 'b.tfstate'));
    for (const args of [['list'], ['rm', 'aws_s3_bucket.assets', '--yes']]) {
      const r = tfstate([...args, '--state', join(d, 'a.tfstate')], d);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/^Error: /);
      noStack(r.stderr + r.stdout);
    }
    expect(readdirSync(d).sort()).toEqual(['a.tfstate', 'b.tfstate']);
  });

  it('refuses to append to a backup index planted as a symlink, leaving its target and the state untouched', () => {
    const d = dir();
    writeFileSync(join(d, 'terraform.tfstate'), ORIGINAL);
    const victim = join(d, 'victim.txt');
    writeFileSync(victim, 'do not touch\n');
    symlinkSync(victim, join(d, '.terraform.tfstate.backups.jsonl'));
    const r = tfstate(['rm', 'aws_s3_bucket.assets', '--yes'], d);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^Error: Backup failed/);
    expect(r.stderr).toContain('symbolic link');
    noStack(r.stderr);
    expect(readFileSync(victim, 'utf8')).toBe('do not touch\n');
    expect(readFileSync(join(d, 'terraform.tfstate')).equals(Buffer.from(ORIGINAL))).toBe(true);
  });
});
