/**
 * Warnings a state decodes with (here a fractional index_key, which
 * Terraform truncates) reach the user from every command that reads the
 * state: on stderr as text, and with --json in the document's `warnings`
 * (list, show, edits, errors) or on stderr (graph, audit and pull, whose
 * stdout has a format of its own).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drop, scratch, tfstate } from '../support/cli.js';
import { withFractionalKeys } from '../support/cli-fuzz-warnings.js';
import { fixtureBytes } from '../support/state-fixtures.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(drop));

/** A scratch dir whose terraform.tfstate is v4-simple with `aws_instance.web[1]`'s index_key written 1.5. */
function warnedDir(): string {
  const d = scratch();
  dirs.push(d);
  writeFileSync(join(d, 'terraform.tfstate'), withFractionalKeys(fixtureBytes('v4-simple.tfstate'), [1], '.5'));
  return d;
}

const detail = (d: string): string => `${join(d, 'terraform.tfstate')}:235: index_key 1.5 is not an integer; Terraform truncates it to 1.`;
const text = (d: string): string => `Warning: Fractional index key\n\n${detail(d)}\n`;
const inDocument = (d: string) => [{ code: 'state.fractional-index-key', severity: 'warning', summary: 'Fractional index key', detail: detail(d) }];

describe('a state that decodes with a warning', () => {
  it.each([
    ['list', ['list']],
    ['show', ['show', 'aws_instance.web[1]']],
    ['an edit (dry run)', ['taint', 'aws_instance.web[1]', '--dry-run']],
  ])('%s prints the warning on stderr, and with --json carries it in the document instead', (_name, args) => {
    const d = warnedDir();
    const plain = tfstate(args, d);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toBe(text(d));
    const json = tfstate([...args, '--json'], d);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout).warnings).toEqual(inDocument(d));
  });

  it.each([
    ['graph --json', ['graph', '--json']],
    ['audit --json', ['audit', '--json']],
    ['audit --format sarif', ['audit', '--format', 'sarif']],
    ['pull', ['pull']],
  ])('%s keeps its output as it is and prints the warning on stderr', (_name, args) => {
    const d = warnedDir();
    const r = tfstate(args, d);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(text(d));
    if (args[0] !== 'pull') expect(JSON.parse(r.stdout)).not.toHaveProperty('warnings');
  });

  it('a read that fails after reading it still reports the warning, in the error document with --json', () => {
    const d = warnedDir();
    const plain = tfstate(['list', 'module.nope'], d);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^Error: Unknown module\n\nThe current state contains no module at module\.nope\. [^\n]+\n\n/);
    expect(plain.stderr.endsWith(`\n\n${text(d)}`)).toBe(true);
    const json = tfstate(['list', 'module.nope', '--json'], d);
    expect(json.code).toBe(1);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'state.unknown-module' }, warnings: inDocument(d) });
  });

  it('an edit that needs confirmation reports the warning with the refusal', () => {
    const d = warnedDir();
    const json = tfstate(['taint', 'aws_instance.web[1]', '--json'], d);
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'confirm.required' }, warnings: inDocument(d) });
  });
});
