/**
 * Many tfstate processes editing one local state at once: every operation
 * is applied exactly once (the fcntl lock serialises them; nothing is lost).
 * The long version (20 × 10) runs in npm run test:stress.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { drop } from '../support/cli.js';
import { concurrentMoves } from '../support/concurrency.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(drop));

describe('concurrent edits of one local state', () => {
  it('apply every move exactly once and bump the serial once per move (4 processes × 3 moves)', async () => {
    const r = await concurrentMoves(4, 3);
    dirs.push(r.dir);
    expect(r.exitCodes).toEqual([0, 0, 0, 0]);
    expect(r.list.filter((a) => a.includes('.moved'))).toHaveLength(12);
    expect(r.list.filter((a) => a.includes('.r0'))).toHaveLength(0);
    expect(r.serialAfter - r.serialBefore).toBe(12);
  }, 120_000);
});
