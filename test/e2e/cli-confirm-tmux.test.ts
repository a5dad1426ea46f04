/**
 * End to end in a real terminal (tmux): an edit without --yes asks for
 * confirmation, and Ctrl-C at that prompt is a no. The edit is cancelled
 * (exit 4), nothing is written, and the local lock is released, so the
 * next edit goes through.
 * Requires `npm run build` (npm test builds first) and tmux.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, tfstateAsync } from '../support/cli.js';
import { FIXTURES } from '../support/state-fixtures.js';

const SOCKET = `tfstate-confirm-e2e-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'tfstate-confirm-e2e-'));
const state = join(dir, 'terraform.tfstate');
const exitFile = join(dir, 'exit-code');
afterAll(() => {
  try {
    execFileSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
  } catch {
    // already gone
  }
  rmSync(dir, { recursive: true, force: true });
});

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

async function waitFor(ok: () => boolean, what: string): Promise<void> {
  const until = Date.now() + 15_000;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}. Screen:\n${tmux('capture-pane', '-p', '-t', 'cli')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const exited = (): boolean => {
  try {
    return readFileSync(exitFile, 'utf8').trim() !== '';
  } catch {
    return false;
  }
};

describe('confirming an edit in a terminal', () => {
  it('Ctrl-C at the prompt cancels (exit 4), writes nothing and releases the lock', async () => {
    copyFileSync(join(FIXTURES, 'v4-simple.tfstate'), state);
    const before = readFileSync(state, 'utf8');
    const command = `node ${CLI} rm --state ${state} data.aws_ami.ubuntu; echo $? > ${exitFile}; sleep 30`;
    tmux('new-session', '-d', '-s', 'cli', '-x', '120', '-y', '40', 'sh', '-c', command);
    await waitFor(() => tmux('capture-pane', '-p', '-t', 'cli').includes("Only 'yes' will be accepted"), 'the confirmation prompt');
    tmux('send-keys', '-t', 'cli', 'C-c');
    await waitFor(exited, 'the command to exit');
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('4');
    expect(tmux('capture-pane', '-p', '-t', 'cli')).toContain('The edit was not confirmed; nothing was written.');
    expect(readFileSync(state, 'utf8')).toBe(before);
    // The lock is free: the same edit with --yes goes through at once.
    const again = await tfstateAsync(['rm', '--state', state, '--yes', 'data.aws_ami.ubuntu'], dir);
    expect(again.code).toBe(0);
  }, 30_000);
});
