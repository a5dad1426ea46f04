import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NO_TTY_MESSAGE, parseTuiArgs, USAGE } from '../../src/tui/args.js';

const BINARY = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'bin', 'tfstate-tui.js');

function run(...args: string[]) {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: run \`npm run build\` first (\`npm test\` does).`);
  return spawnSync(process.execPath, [BINARY, ...args], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

describe('tfstate-tui without a terminal', () => {
  it('refuses and points to the CLI', () => {
    const r = run('--env', 'staging');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(NO_TTY_MESSAGE);
    expect(r.stderr).toContain('tfstate list --env NAME');
  });

  it('still answers --help and --version', () => {
    expect(run('--help').stdout).toBe(USAGE);
    expect(run('--version').stdout).toMatch(/^tfstate-tui \d+\.\d+\.\d+\n$/);
  });
});

describe('parseTuiArgs', () => {
  it.each([
    [['--env', 'prod'], { ok: true, args: { env: 'prod', help: false, version: false } }],
    [['--state', 's3://b/k', '--workspace', 'blue'], { ok: true, args: { state: 's3://b/k', workspace: 'blue', help: false, version: false } }],
    [['--config-file', 'x.json'], { ok: true, args: { configFile: 'x.json', help: false, version: false } }],
    [['--state', 'a', '--env', 'b'], { ok: false, message: 'Give either --state or --env, not both.' }],
    [['list'], { ok: false, message: 'tfstate-tui takes no arguments besides options (got "list").' }],
  ])('%j -> %j', (argv, want) => {
    expect(parseTuiArgs(argv)).toEqual(want);
  });

  it('rejects an unknown option', () => {
    const r = parseTuiArgs(['--bogus']);
    expect(r.ok).toBe(false);
  });
});
