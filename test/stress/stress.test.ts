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

describe('stress on S3', () => {
  it('20 processes × 10 moves through S3 + DynamoDB + .tflock: all 200 applied, serial +200', async () => {
    const { startS3Env } = await import('../support/s3-env.js');
    const { tfstateAsync } = await import('../support/cli.js');
    const { tfStateText } = await import('../support/tf-state.js');
    const e = await startS3Env();
    try {
      await e.putText(tfStateText(Array.from({ length: 200 }, (_, i) => ({ type: 'null_resource', name: `r${i}`, instances: [{}] })), 1));
      const proc = async (p: number): Promise<number> => {
        let worst = 0;
        for (let k = 0; k < 10; k++) {
          const i = p * 10 + k;
          const r = await tfstateAsync(['mv', `null_resource.r${i}`, `null_resource.moved${i}`, '--env', 'prod', '--yes', '--lock-timeout', '600s'], e.dir, { env: e.env });
          worst = worst || r.code;
        }
        return worst;
      };
      const codes = await Promise.all(Array.from({ length: 20 }, (_, p) => proc(p)));
      expect(codes.every((c) => c === 0)).toBe(true);
      const final = JSON.parse(await e.object()) as { serial: number; resources: Array<{ name: string }> };
      expect(final.resources.filter((r) => r.name.startsWith('moved'))).toHaveLength(200);
      expect(final.serial).toBe(201);
    } finally {
      await e.stop();
    }
  }, 1_800_000);
});
