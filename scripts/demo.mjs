#!/usr/bin/env node
/**
 * `npm start`: opens tfstate-tui on the demo environments (staging and a
 * protected prod) in `fixtures/demo`, copied to a fresh temporary folder
 * first so the repository stays clean whatever you edit.
 *
 * Without a terminal (CI, pipes) the TUI cannot run, so this prints the CLI
 * hint and shows the same demo with `tfstate envs` and
 * `tfstate list --env staging` instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tui = join(root, 'dist', 'bin', 'tfstate-tui.js');
const cli = join(root, 'dist', 'bin', 'tfstate.js');

if (!existsSync(tui)) {
  process.stderr.write('dist/ is missing: run `npm run build` first (npm start does it for you).\n');
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'tfstate-demo-'));
cpSync(join(root, 'fixtures', 'demo'), scratch, { recursive: true });

if (!process.stdin.isTTY || !process.stdout.isTTY) {
  process.stdout.write(
    'No terminal here, so the interactive app (tfstate-tui) cannot start: run `npm start` in a terminal to open it.\n' +
      'The CLI shows the same demo (a scratch copy of fixtures/demo):\n\n',
  );
  let status = 0;
  for (const args of [['envs'], ['list', '--env', 'staging']]) {
    process.stdout.write(`$ tfstate ${args.join(' ')}\n`);
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: scratch, stdio: 'inherit' });
    status = r.status ?? 1;
    if (status !== 0) break;
    process.stdout.write('\n');
  }
  rmSync(scratch, { recursive: true, force: true });
  process.exit(status);
}

// The TUI reads keys in raw mode (Ctrl-C is a key it handles); keep this launcher alive until it exits.
process.on('SIGINT', () => undefined);
const child = spawn(process.execPath, [tui, '--env', 'staging'], { cwd: scratch, stdio: 'inherit' });
child.on('exit', (code, signal) => {
  process.stdout.write(`The demo copy (with any edits and backups) is in ${scratch}\n`);
  process.exit(code ?? (signal ? 1 : 0));
});
