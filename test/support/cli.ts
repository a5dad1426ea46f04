/**
 * Spawning the built CLI the way a user runs it, in a scratch directory.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURES } from './state-fixtures.js';

/** The built, bundled CLI entry point, as installed (`npm test` builds before running vitest). */
export const CLI = fileURLToPath(new URL('../../dist/bin/tfstate.js', import.meta.url));

/** What a CLI run produced. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `tfstate args…` in `cwd` with no terminal; `input` is fed to stdin. */
export function tfstate(args: readonly string[], cwd: string, opts: { input?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TF_WORKSPACE: '', ...opts.env },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A scratch dir with fixtures copied in: `{ 'terraform.tfstate': 'v4-simple.tfstate' }`. */
export function scratch(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'tfstate-cli-'));
  for (const [to, from] of Object.entries(files)) cpSync(join(FIXTURES, from), join(dir, to), { recursive: true });
  return dir;
}

/** Reads a file in a dir as text. */
export function read(dir: string, name: string): string {
  return readFileSync(join(dir, name), 'utf8');
}

/** The file's mtime in ms (to prove a failed command did not touch it). */
export function mtime(dir: string, name: string): number {
  return statSync(join(dir, name)).mtimeMs;
}

/** Backup files (`*.backup`) in a dir. */
export function backups(dir: string): string[] {
  return readdirSync(dir).filter((f) => /\.\d+(\.\d+)?\.backup$/.test(f)).sort();
}

/** Removes a scratch dir. */
export function drop(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Options for a CLI process started without blocking. */
export interface StartOptions {
  readonly input?: string;
  readonly env?: Record<string, string>;
  /** Sees all output so far each time it grows (to signal the child when it says something). */
  readonly onOutput?: (stdout: string, stderr: string, child: ChildProcess) => void;
}

/**
 * Starts the CLI without blocking the event loop (needed when the test
 * process itself serves S3/DynamoDB to it): the child at once, so a test can
 * signal it whenever it likes, and `done` with its exit code and output.
 */
export function tfstateStart(args: readonly string[], cwd: string, opts: StartOptions = {}): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', TF_WORKSPACE: '', ...opts.env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    opts.onOutput?.(stdout, stderr, child);
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    opts.onOutput?.(stdout, stderr, child);
  });
  child.stdin.end(opts.input ?? '');
  return { child, done: new Promise((resolve) => child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))) };
}

/** `tfstateStart`, awaited: like `tfstate`, but without blocking the event loop. */
export function tfstateAsync(args: readonly string[], cwd: string, opts: StartOptions = {}): Promise<Run> {
  return tfstateStart(args, cwd, opts).done;
}
