/** Temporary directories for local-backend tests, removed after each test. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach } from 'vitest';

/** Returns a function making a fresh temporary directory; all are removed after each test. */
export function useTempDirs(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    for (const d of made.splice(0)) await rm(d, { recursive: true, force: true });
  });
  return async () => {
    const d = await mkdtemp(path.join(tmpdir(), 'tfstate-local-'));
    made.push(d);
    return d;
  };
}

/** The permission bits of a file mode. */
export const perm = (mode: number): number => mode & 0o777;
