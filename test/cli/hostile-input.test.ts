/**
 * Hostile and damaged input found by fuzzing the CLI
 * (test/fuzz/cli-fuzz.test.ts): a refusal reads as a diagnostic with the
 * documented exit code and leaves the directory exactly as it was; what is
 * valid works.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drop, read, scratch, tfstate } from '../support/cli.js';
import { FIXTURES } from '../support/state-fixtures.js';
import { TOO_DEEP_LABEL } from '../../src/core/state/lossless-json.js';

const dirs: string[] = [];
function dirWith(files: Record<string, string> = {}): string {
  const d = scratch(files);
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach(drop));
const listing = (d: string): string[] => readdirSync(d, { recursive: true }).map(String).sort();

describe('an invalid command line', () => {
  it('is a diagnostic on stderr with exit 2, like every other refusal', () => {
    const r = tfstate(['list', '-x'], dirWith({ 'terraform.tfstate': 'v4-simple.tfstate' }));
    expect(r).toEqual({ code: 2, stdout: '', stderr: "Error: Invalid command line\n\nUnknown option '-x'. Run 'tfstate list --help' for usage.\n" });
  });

  it('names a missing argument and the command whose usage to read', () => {
    const r = tfstate(['show'], dirWith());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("Error: Invalid command line\n\nMissing required argument 'address'. Run 'tfstate show --help' for usage.\n");
  });

  it('is one JSON document on stdout and nothing on stderr with --json', () => {
    const r = tfstate(['rm', '--json', '--bogus', 'aws_instance.web'], dirWith());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).error).toEqual({ code: 'usage.invalid', severity: 'error', summary: 'Invalid command line', detail: "Unknown option '--bogus'. Run 'tfstate rm --help' for usage." });
  });
});

describe('an address with stray whitespace', () => {
  it('is named as parsed in messages, with a command that can be pasted', () => {
    const r = tfstate(['show', '--', '\tmodule.app["blue"]'], dirWith({ 'terraform.tfstate': 'v4-modules-foreach.tfstate' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`Error: Invalid address for show\n\nmodule.app["blue"] is a module; show needs one resource instance address. List what is inside with: tfstate list 'module.app["blue"]'\n`);
  });
});

describe('an edit of a state that does not exist', () => {
  it('creates neither the file nor its directory', () => {
    const d = dirWith();
    const r = tfstate(['rm', '--yes', '--state', 'nope/terraform.tfstate', 'aws_instance.web'], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: No state file was found!\n\nThere is no state at .*nope\/terraform\.tfstate\./);
    expect(listing(d)).toEqual([]);
  });

  it('creates nothing when the state to copy from (import --from) does not exist', () => {
    const d = dirWith({ 'terraform.tfstate': 'v4-simple.tfstate' });
    const r = tfstate(['import', '--yes', '--from', 'other.tfstate', 'aws_instance.web[0]'], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: No state file was found!');
    expect(listing(d)).toEqual(['terraform.tfstate']);
  });

  it('does not create the destination of a split that is refused', () => {
    const d = dirWith({ 'terraform.tfstate': 'v4-simple.tfstate' });
    const r = tfstate(['mv', '--yes', '--to-state', 'new.tfstate', 'aws_instance.nope', 'aws_instance.nope'], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: /);
    expect(listing(d)).toEqual(['terraform.tfstate']);
  });

  it.each([[['--dry-run'], 0], [[], 4]])('does not create the destination of a split that is only previewed or not confirmed (%j)', (flags, code) => {
    const d = dirWith({ 'terraform.tfstate': 'v4-simple.tfstate' });
    const r = tfstate(['mv', ...(flags as string[]), '--to-state', 'new.tfstate', 'aws_s3_bucket.assets', 'aws_s3_bucket.assets'], d);
    expect(r.code).toBe(code);
    expect(listing(d)).toEqual(['terraform.tfstate']);
  });

  it('still creates the destination of a split that succeeds', () => {
    const d = dirWith({ 'terraform.tfstate': 'v4-simple.tfstate' });
    const r = tfstate(['mv', '--yes', '--to-state', 'new.tfstate', 'aws_s3_bucket.assets', 'aws_s3_bucket.assets'], d);
    expect(r.code).toBe(0);
    expect(tfstate(['list', '--state', 'new.tfstate'], d).stdout).toBe('aws_s3_bucket.assets\n');
  });
});

describe('an empty location for the other state of a cross-state edit', () => {
  it.each([
    [['mv', 'aws_s3_bucket.assets', 'aws_s3_bucket.static', '--to-state', ''], '--to-state', 'destination'],
    [['mv', 'aws_s3_bucket.assets', 'aws_s3_bucket.static', '--to-env', ''], '--to-env', 'destination'],
    [['import', '--from', '', 'aws_instance.new', 'i-0123'], '--from', 'source'],
    [['import', '--from-env', '', 'aws_instance.new', 'i-0123'], '--from-env', 'source'],
  ])('%j is a usage error that edits nothing (not an edit of this state)', (args, flag, which) => {
    const d = dirWith({ 'terraform.tfstate': 'v4-simple.tfstate' });
    const r = tfstate([...args, '--yes'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`Error: Empty location\n\n${flag} is empty. Name the ${which} state with a path, s3://BUCKET/KEY or an environment name; nothing was changed.\n`);
    expect(listing(d)).toEqual(['terraform.tfstate']);
    expect(read(d, 'terraform.tfstate')).toBe(readFileSync(join(FIXTURES, 'v4-simple.tfstate'), 'utf8'));
  });
});

describe('an option given an empty or meaningless value', () => {
  it.each([
    [['graph', '--focus', ''], 'Variable name required'],
    [['graph', '--depth', ''], 'Invalid depth'],
    [['audit', '--target-version', ''], 'Invalid --target-version'],
    [['audit', '--target-version', 'latest'], 'Invalid --target-version'],
    [['import', 'aws_instance.new', 'i-0123', '--yes', '--provider', ''], 'Invalid provider source string'],
    [['taint', 'aws_instance.web[0]', '--yes', '--emit-hcl', ''], 'Empty --emit-hcl'],
  ])('%j is refused (exit 2), not taken as no option, and changes nothing', (args, summary) => {
    const d = dirWith({ 'terraform.tfstate': 'v4-simple.tfstate' });
    const r = tfstate(args, d);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`Error: ${summary}`);
    expect(listing(d)).toEqual(['terraform.tfstate']);
    expect(read(d, 'terraform.tfstate')).toBe(readFileSync(join(FIXTURES, 'v4-simple.tfstate'), 'utf8'));
  });
});

describe('restoring a backup that is not one', () => {
  it('quotes the ID once and says where to find the valid ones', () => {
    const d = dirWith({ 'terraform.tfstate': 'v4-simple.tfstate' });
    const r = tfstate(['restore', '--yes', ''], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error: Unknown backup\n\n"" is not a backup of ${join(d, 'terraform.tfstate')}. List the backups with: tfstate backups\n`);
  });
});

describe('import --provider with a hostname', () => {
  it('writes a state that reads back', () => {
    const d = dirWith({ 'terraform.tfstate': 'v4-simple.tfstate' });
    expect(tfstate(['import', '--yes', '--provider', 'example.com/acme/thing', 'thing_widget.w', 'w-1'], d).code).toBe(0);
    expect(read(d, 'terraform.tfstate')).toContain('"provider": "provider[\\"example.com/acme/thing\\"]"');
    const list = tfstate(['list'], d);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('thing_widget.w\n');
  });
});

describe('an attribute nested 20 000 levels deep (valid JSON)', () => {
  function deepState(): string {
    const d = dirWith();
    const state = JSON.parse(readFileSync(join(FIXTURES, 'v4-simple.tfstate'), 'utf8')) as { resources: Array<{ type: string; instances: Array<{ attributes: Record<string, unknown> }> }> };
    state.resources.find((r) => r.type === 'aws_s3_bucket')!.instances[0].attributes.deep = 'DEEP';
    writeFileSync(join(d, 'terraform.tfstate'), JSON.stringify(state, null, 2).replace('"DEEP"', '['.repeat(20_000) + ']'.repeat(20_000)) + '\n');
    return d;
  }

  it('is shown as a label by show, with and without --json', () => {
    const d = deepState();
    const text = tfstate(['show', 'aws_s3_bucket.assets'], d);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(TOO_DEEP_LABEL);
    const json = tfstate(['show', '--json', 'aws_s3_bucket.assets'], d);
    expect(json.code).toBe(0);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain(JSON.stringify(TOO_DEEP_LABEL));
  });

  it('can be previewed and edited, and the value is kept byte for byte', () => {
    const d = deepState();
    const before = read(d, 'terraform.tfstate');
    const dry = tfstate(['taint', '--dry-run', 'aws_s3_bucket.assets'], d);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Would mark aws_s3_bucket.assets as tainted');
    expect(tfstate(['taint', '--yes', 'aws_s3_bucket.assets'], d).code).toBe(0);
    expect(read(d, 'terraform.tfstate')).toContain('['.repeat(20_000) + ']'.repeat(20_000));
    expect(tfstate(['list'], d).code).toBe(0);
    expect(read(d, 'terraform.tfstate')).not.toBe(before);
  });
});
