/**
 * The long robustness runs (npm run test:stress): 20 processes × 10 edits on
 * one local state. The long SIGKILL run is test/cli/crash.test.ts with
 * TFSTATE_CRASH_RUNS raised by the script.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { drop } from '../support/cli.js';
import { concurrentMoves } from '../support/concurrency.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(drop));

describe('stress', () => {
  it('20 processes × 10 moves on one local state: all 200 applied, serial +200', async () => {
    const r = await concurrentMoves(20, 10);
    dirs.push(r.dir);
    expect(r.exitCodes.every((c) => c === 0)).toBe(true);
    expect(r.list.filter((a) => a.includes('.moved'))).toHaveLength(200);
    expect(r.serialAfter - r.serialBefore).toBe(200);
  }, 900_000);
});
