import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('fixtures/build.mjs', () => {
  it('reproduces every committed fixture and .list file byte for byte with the installed Terraform', () => {
    const r = spawnSync(process.execPath, [join(root, 'fixtures', 'build.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
