/**
 * Running real `terraform` as the oracle in interop tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, copyFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from './state-fixtures.js';

const CLI_CONFIG = join(mkdtempSync(join(tmpdir(), 'tfrc-')), 'empty.tfrc');
writeFileSync(CLI_CONFIG, '');

/** The environment terraform runs with (no CLI config warning, no colour, no checkpoint). */
export function terraformEnv(): NodeJS.ProcessEnv {
  return { ...process.env, TF_CLI_CONFIG_FILE: CLI_CONFIG, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
}

/** Runs terraform with args in cwd; returns status, stdout and stderr. */
export function terraform(args: readonly string[], cwd: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('terraform', [...args], { cwd, env: terraformEnv(), encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A temp dir holding a copy of a fixture as `name`; returns the dir. */
export function copyFixture(fixture: string, name = 'terraform.tfstate'): string {
  const dir = mkdtempSync(join(tmpdir(), 'tfstate-it-'));
  copyFileSync(join(FIXTURES, fixture), join(dir, name));
  return dir;
}

/** Reads a file as text. */
export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Removes Terraform's timestamped backups from a dir (so listings compare). */
export function backupsIn(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.backup'));
}

/** Deletes a temp dir. */
export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
