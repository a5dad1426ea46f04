/** Shared helpers of the session tests: temporary directories and small file builders. */
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach } from 'vitest';

/** Returns a function making a fresh temporary directory (real path); all are removed after each test. */
export function useTempDir(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    for (const d of made.splice(0)) await rm(d, { recursive: true, force: true });
  });
  return async () => {
    const d = await realpath(await mkdtemp(path.join(tmpdir(), 'tfstate-session-')));
    made.push(d);
    return d;
  };
}

/** Writes `text` to `dir/rel`, creating parent directories. Returns the absolute path. */
export async function put(dir: string, rel: string, text: string): Promise<string> {
  const p = path.join(dir, rel);
  await mkdir(path.dirname(p), { recursive: true });
  await writeFile(p, text);
  return p;
}
