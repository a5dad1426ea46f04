/**
 * `tfstate lock hold` as a user runs it: it holds the lock for as long as
 * asked (longer than one timer can wait included) and releases it on
 * Ctrl-C, leaving no lock info behind; a --for that is no duration (empty
 * included) is refused before anything is locked.
 */
import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { drop, scratch, tfstateAsync, type Run } from '../support/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(drop));

/** Runs `lock hold …` in `dir`; once it holds, waits `ms`, asks `lock status` from another process, then sends SIGINT. */
async function holdThenStatus(dir: string, args: readonly string[], ms: number): Promise<{ hold: Run; status: Run | null }> {
  let status: Promise<Run> | null = null;
  const hold = await tfstateAsync(['lock', 'hold', ...args], dir, {
    onOutput: (_out, err, child) => {
      if (status || !err.includes('Holding the lock')) return;
      status = new Promise((r) => setTimeout(r, ms)).then(() => tfstateAsync(['lock', 'status', '--json'], dir)).finally(() => child.kill('SIGINT'));
    },
  });
  return { hold, status: status ? await status : null };
}

describe('lock hold', () => {
  it.each(['10m', '597h', '1000h'])('--for %s still holds the lock a moment later, and Ctrl-C releases it', async (time) => {
    const d = scratch({ 'terraform.tfstate': 'v4-simple.tfstate' });
    dirs.push(d);
    const { hold, status } = await holdThenStatus(d, ['--for', time, '--reason', 'migration'], 300);
    const id = hold.stdout.trim();
    expect(JSON.parse(status!.stdout).lock).toMatchObject({ ID: id, Operation: 'tfstate lock hold', Info: 'migration' });
    expect(hold.stderr).toBe(`Holding the lock on ${d}/terraform.tfstate for ${time}. Press Ctrl-C to release it.\nLock released.\n`);
    expect(hold.code).toBe(0);
    expect(readdirSync(d)).toEqual(['terraform.tfstate']);
  }, 30_000);

  it.each(['', ' ', '10 minutes'])('refuses --for %j as a usage error without taking the lock', async (time) => {
    const d = scratch({ 'terraform.tfstate': 'v4-simple.tfstate' });
    dirs.push(d);
    const { hold, status } = await holdThenStatus(d, ['--for', time], 0);
    expect(status).toBeNull();
    expect(hold.code).toBe(2);
    expect(hold.stderr).toBe(`Error: Invalid duration\n\n--for ${JSON.stringify(time)} is not a duration; use forms like 30s, 2m, 1m30s or 500ms.\n`);
    expect(readdirSync(d)).toEqual(['terraform.tfstate']);
  });
});
