/**
 * Property, with Terraform as the judge: random batches of edits on
 * Terraform-written fixtures never produce a state Terraform cannot read,
 * and Terraform lists exactly what we list afterwards.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeState } from '../../src/core/statefile/index.js';
import { planOperations, type Operation } from '../../src/core/surgery/index.js';
import { allInstances } from '../../src/core/state/query.js';
import { formatAbsResourceInstance } from '../../src/core/addr/index.js';
import { loadFixture } from '../support/state-fixtures.js';
import { cleanup, copyFixture, terraform } from '../support/terraform.js';

const dir = copyFixture('v4-simple.tfstate');
afterAll(() => cleanup(dir));

const opGen = fc.tuple(fc.constantFrom('mv-rename', 'mv-module', 'mv-key', 'rm', 'taint', 'import'), fc.nat(), fc.nat());

describe('random batches', () => {
  it('always leave a state terraform reads and lists like we do', () => {
    let runs = 0;
    fc.assert(
      fc.property(fc.constantFrom('v4-simple.tfstate', 'v4-modules-foreach.tfstate', 'v4-tainted-deposed.tfstate'), fc.array(opGen, { minLength: 1, maxLength: 5 }), (fixture, picks) => {
        const snap = loadFixture(fixture);
        const ops: Operation[] = [];
        let s = snap;
        for (const [kind, a, n] of picks) {
          const managed = allInstances(s).map(formatAbsResourceInstance).filter((x) => !x.includes('data.'));
          if (managed.length === 0) break;
          const addr = managed[a % managed.length];
          const resource = addr.replace(/\[[^\]]*\]$/, '');
          const op: Operation =
            kind === 'mv-rename'
              ? { op: 'mv', from: resource, to: resource.replace(/\.([a-z0-9_-]+)$/, `.r${n % 1000}`) }
              : kind === 'mv-module'
                ? { op: 'mv', from: addr, to: `module.rand${n % 7}.${addr.replace(/^(module\.[^.]+(\[[^\]]*\])?\.)+/, '')}` }
                : kind === 'mv-key'
                  ? { op: 'mv', from: addr, to: `${resource}["k${n % 50}"]` }
                  : kind === 'rm'
                    ? { op: 'rm', addresses: [addr] }
                    : kind === 'taint'
                      ? { op: 'taint', address: addr }
                      : { op: 'import', address: `aws_instance.imported${n % 100}`, id: `i-${n}` };
          const r = planOperations(s, [op]);
          if (!r.ok) continue; // refused (e.g. mixed keys, already tainted): not part of the batch
          ops.push(op);
          s = r.value.result;
        }
        if (ops.length === 0) return;
        const batch = planOperations(snap, ops, { batch: true, where: 'random' });
        if (!batch.ok) throw new Error(batch.diags.map((d) => d.detail).join('\n'));
        const out = { ...batch.value.result, meta: { ...batch.value.result.meta, serial: snap.meta.serial + 1n } };
        writeFileSync(join(dir, 'terraform.tfstate'), encodeState(out));
        const tf = terraform(['state', 'list', '-state=terraform.tfstate'], dir);
        expect(tf.stderr).toBe('');
        expect(tf.stdout).toBe(allInstances(out).map(formatAbsResourceInstance).join('\n') + (allInstances(out).length ? '\n' : ''));
        runs++;
      }),
      { numRuns: 25, seed: 5 },
    );
    expect(runs).toBeGreaterThan(10);
  });
});
