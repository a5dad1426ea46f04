/**
 * Disk full and read-only filesystems under the state and its backups:
 * a clear error, nothing changed, nothing partial left behind. Uses small
 * tmpfs mounts (the test suite runs as root on these machines).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tfstate } from '../support/cli.js';
import { FIXTURES } from '../support/state-fixtures.js';

const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts) {
    try {
      execFileSync('umount', [m]);
    } catch {
      // already unmounted
    }
    rmSync(m, { recursive: true, force: true });
  }
});

/** A fresh tmpfs of `size` bytes holding a copy of a fixture as terraform.tfstate. */
function smallDisk(size: number, fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tfstate-fs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounts.push(dir);
  mkdirSync(join(dir, 'w'));
  copyFileSync(join(FIXTURES, fixture), join(dir, 'w', 'terraform.tfstate'));
  return join(dir, 'w');
}

describe('filesystem faults', () => {
  it('disk full while backing up: clear error, state unchanged, no partial backup', () => {
    const original = readFileSync(join(FIXTURES, 'v4-modules-foreach.tfstate'));
    const d = smallDisk(original.length + 16 * 1024, 'v4-modules-foreach.tfstate');
    const r = tfstate(['rm', 'module.worker', '--yes'], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Error: Backup failed/);
    expect(r.stderr).toMatch(/no space left|ENOSPC/i);
    expect(r.stderr).toContain('Nothing was written');
    expect(readFileSync(join(d, 'terraform.tfstate')).equals(original)).toBe(true);
    expect(readdirSync(d).filter((f) => f.endsWith('.backup'))).toEqual([]);
  });

  it('read-only filesystem: clear error, state unchanged', () => {
    const original = readFileSync(join(FIXTURES, 'v4-simple.tfstate'));
    const d = smallDisk(1024 * 1024, 'v4-simple.tfstate');
    execFileSync('mount', ['-o', 'remount,ro', join(d, '..')]);
    const r = tfstate(['rm', 'random_id.suffix', '--yes'], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: /);
    expect(r.stderr).toMatch(/read-only|EROFS/i);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(d, 'terraform.tfstate')).equals(original)).toBe(true);
  });
});
