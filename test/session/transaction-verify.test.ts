/**
 * The transaction's verify step: a store that did not read its write back is
 * read back by the transaction, and a state that then differs is reported
 * (with the backup's location) instead of "applied"; a store that read back
 * under the lock itself is not read a second time.
 */
import { copyFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../src/backends/local/index.js';
import { ok } from '../../src/core/diag/index.js';
import { planOperations } from '../../src/core/surgery/index.js';
import type { Backend, StateStore, WriteResult } from '../../src/ports/backend.js';
import { runEdit, type EditSpec } from '../../src/session/transaction.js';
import { FIXTURES } from '../support/state-fixtures.js';
import { useTempDir } from './helpers.js';

/** The local backend of `file`, with its store's write and holds replaced by `store(real)`. */
function withStore(file: string, store: (real: StateStore) => Partial<StateStore>): () => Promise<Backend> {
  return async () => {
    const b = createLocalBackend(file);
    return { ...b, kind: b.kind, store: { ...b.store, location: b.store.location, read: () => b.store.read(), write: (c, o) => b.store.write(c, o), holds: (c) => b.store.holds(c), ...store(b.store) }, recover: () => b.recover(), close: () => b.close() };
  };
}

function rmSpec(open: () => Promise<Backend>, display: string): EditSpec {
  return {
    targets: [{ display, envName: null, open }],
    operation: 'tfstate rm aws_route53_zone.main',
    lockOperation: 'tfstate rm',
    lock: true,
    lockTimeoutMs: 0,
    dryRun: false,
    version: 'test',
    plan: ([snap]) => {
      const p = planOperations(snap!, [{ op: 'rm', addresses: ['aws_route53_zone.main'] }]);
      return p.ok ? ok({ plans: [p.value], steps: p.value.steps, summary: p.value.summary, hcl: [] }) : p;
    },
  };
}

describe('verifying what was written', () => {
  const tempDir = useTempDir();

  async function state(): Promise<string> {
    const file = path.join(await tempDir(), 'terraform.tfstate');
    await copyFile(path.join(FIXTURES, 'v4-modules-foreach.tfstate'), file);
    return file;
  }

  it('a write that was not read back is read back, and a state that differs then is reported with its backup', async () => {
    const file = await state();
    let reads = 0;
    const open = withStore(file, (real) => ({
      write: async (c, o): Promise<WriteResult> => ({ ...(await real.write(c, o)), readBack: false }),
      holds: async () => (reads++, false),
    }));
    const out = await runEdit(rmSpec(open, file));
    expect(reads).toBe(1);
    expect(out.status).toBe('failed');
    expect(out.diags.map((d) => d.code)).toEqual(['verify.failed']);
    expect(out.diags[0]!.detail).toContain(out.backups[0]!.location);
  });

  it('a write that was not read back and reads back as written is applied', async () => {
    const file = await state();
    let reads = 0;
    const open = withStore(file, (real) => ({
      write: async (c, o): Promise<WriteResult> => ({ ...(await real.write(c, o)), readBack: false }),
      holds: async (c) => (reads++, real.holds(c)),
    }));
    const out = await runEdit(rmSpec(open, file));
    expect(out.status).toBe('applied');
    expect(reads).toBe(1);
  });

  it('the local store reads its write back through the locked file, so the state is not read a second time', async () => {
    const file = await state();
    let reads = 0;
    const open = withStore(file, (real) => ({ holds: async (c) => (reads++, real.holds(c)) }));
    const out = await runEdit(rmSpec(open, file));
    expect(out.status).toBe('applied');
    expect(reads).toBe(0);
  });
});
