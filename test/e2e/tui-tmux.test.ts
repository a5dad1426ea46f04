/**
 * End to end: the real `tfstate-tui` binary in a tmux window of 120×40,
 * driven one key per `send-keys`, waiting for the screen after each step,
 * with the state file and its backups checked on disk as we go.
 * Requires `npm run build` (npm test builds first) and tmux.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BINARY = join(ROOT, 'dist', 'bin', 'tfstate-tui.js');
const SOCKET = `tfstate-tui-e2e-${process.pid}`;
const TARGET = 'tui';

let dir = '';

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

function screen(): string {
  return tmux('capture-pane', '-p', '-t', TARGET);
}

/** One key per send-keys: tmux key names (Enter, Tab, Escape, C-u) or one literal character. */
function key(k: string): void {
  if (/^(Enter|Tab|Escape|BSpace|Up|Down|C-[a-z])$/.test(k)) tmux('send-keys', '-t', TARGET, k);
  else tmux('send-keys', '-t', TARGET, '-l', k);
}

/** Sends keys one per send-keys, pausing after each so the app reads them one at a time. */
async function keys(...ks: string[]): Promise<void> {
  for (const k of ks) {
    key(k);
    await new Promise((r) => setTimeout(r, 40));
  }
}

function typeKeys(text: string): Promise<void> {
  return keys(...text);
}

async function waitFor(what: string | ((s: string) => boolean), timeoutMs = 15_000): Promise<string> {
  const ok = typeof what === 'string' ? (s: string) => s.includes(what) : what;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = screen();
    if (ok(s)) return s;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${typeof what === 'string' ? JSON.stringify(what) : 'the screen'}. Screen:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const statePath = (): string => join(dir, 'envs', 'staging', 'terraform.tfstate');
const state = (): { serial: number; resources: { type: string; name: string; module?: string }[] } => JSON.parse(readFileSync(statePath(), 'utf8'));
const backups = (): string[] => readdirSync(join(dir, 'envs', 'staging')).filter((f) => /\.backup$/.test(f)).sort();

describe('tfstate-tui in tmux', () => {
  beforeAll(() => {
    const v = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
    if (v.error || v.status !== 0) throw new Error('tmux is required for the end-to-end TUI test but was not found on PATH. Install tmux (e.g. apt-get install tmux) and run the tests again.');
    if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: run \`npm run build\` first (\`npm test\` does).`);
    dir = mkdtempSync(join(tmpdir(), 'tfstate-tui-e2e-'));
    cpSync(join(ROOT, 'fixtures', 'demo'), dir, { recursive: true });
    // The exit status is written to a file: tmux 3.3 does not always learn it when the app closes the terminal itself.
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', TARGET, '-x', '120', '-y', '40', '-c', dir, `${process.execPath} ${BINARY} --env staging; echo $? > ${join(dir, 'tui-exit-status')}`);
    tmux('set-option', '-t', TARGET, 'remain-on-exit', 'on');
  });

  afterAll(() => {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens the demo copy on staging', async () => {
    const s = await waitFor('Resources (tree)');
    expect(s).toContain('staging');
    expect(s).toContain('serial 87');
    expect(s).toContain('33 instances');
    expect(backups()).toEqual([]);
  });

  it('filters the list', async () => {
    await keys('/');
    await typeKeys('aws_iam_role');
    const s = await waitFor('1 of 33 instances');
    expect(s).toContain('aws_iam_role.app');
    await keys('Enter');
    await waitFor((x) => x.includes('enter open'));
    expect(state().serial).toBe(87);
    expect(backups()).toEqual([]);
  });

  it('moves a resource after the preview and confirmation, leaving a backup', async () => {
    await keys('m');
    await waitFor('Move aws_iam_role.app to:');
    await keys('C-u');
    await typeKeys('aws_iam_role.application');
    await keys('Enter');
    const preview = await waitFor('Apply to staging: mv aws_iam_role.app aws_iam_role.application?');
    expect(preview).toContain('Would move "aws_iam_role.app" to "aws_iam_role.application"');
    expect(state().serial).toBe(87);
    await keys('Tab');
    await keys('Enter');
    await waitFor('Backup:');
    const after = state();
    expect(after.serial).toBe(88);
    expect(after.resources.some((r) => r.type === 'aws_iam_role' && r.name === 'application')).toBe(true);
    expect(after.resources.some((r) => r.type === 'aws_iam_role' && r.name === 'app')).toBe(false);
    expect(backups()).toHaveLength(1);
  });

  it('undoes the move by restoring its backup', async () => {
    await keys('u');
    await waitFor('Apply to staging: undo');
    await keys('Tab');
    await keys('Enter');
    await waitFor('Undone.');
    const after = state();
    expect(after.serial).toBe(89);
    expect(after.resources.some((r) => r.type === 'aws_iam_role' && r.name === 'app')).toBe(true);
    expect(after.resources.some((r) => r.type === 'aws_iam_role' && r.name === 'application')).toBe(false);
    expect(backups()).toHaveLength(2);
  });

  it('shrunk below 40x12, shows only a notice that fits the window; grown back, the app again', async () => {
    tmux('resize-window', '-t', TARGET, '-x', '30', '-y', '8');
    const small = await waitFor('Press q to');
    expect(small.split('\n').filter((l) => l.trim() !== '')).toEqual(['tfstate-tui needs 40x12; this', 'terminal is 30x8. Press q to', 'quit, or enlarge it.']);
    tmux('resize-window', '-t', TARGET, '-x', '120', '-y', '40');
    const back = await waitFor('Resources (tree)');
    expect(back.split('\n')[0]).toMatch(/^tfstate-tui {2}staging/);
  });

  it('quits with q, leaving no lock behind', async () => {
    await keys('q');
    const until = Date.now() + 10_000;
    while (!existsSync(join(dir, 'tui-exit-status'))) {
      if (Date.now() > until) throw new Error(`the app did not exit. Screen:\n${screen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(readFileSync(join(dir, 'tui-exit-status'), 'utf8').trim()).toBe('0');
    expect(existsSync(join(dir, 'envs', 'staging', '.terraform.tfstate.lock.info'))).toBe(false);
  });
});
