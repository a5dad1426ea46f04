import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../src/backends/local/index.js';
import type { Backend } from '../../../src/ports/backend.js';
import { openDemo, stagingPath, type DemoApp } from '../support/app.js';
import { KEY, press, typeText, waitForFrame } from '../support/render.js';

let app: DemoApp | null = null;
let holder: { backend: Backend; id: string } | null = null;
afterEach(async () => {
  if (holder) {
    await holder.backend.locker!.unlock(holder.id).catch(() => undefined);
    await holder.backend.close();
    holder = null;
  }
  app?.cleanup();
  app = null;
});

/** Takes the state lock the way another tfstate run would (a second backend instance). */
async function holdLock(path: string): Promise<void> {
  const backend = createLocalBackend(path);
  const id = await backend.locker!.lock({ ID: 'b7d0c1aa-0000-4000-8000-000000000001', Operation: 'OperationTypeApply', Info: '', Who: 'ci@runner', Version: '1.11.4', Created: '2026-01-01T00:00:00.000000000Z', Path: path });
  holder = { backend, id };
}

const serial = (path: string): number => JSON.parse(readFileSync(path, 'utf8')).serial;

async function startRemove(a: DemoApp): Promise<void> {
  await press(a.r.stdin, ':');
  await typeText(a.r.stdin, 'rm aws_security_group.bastion');
  await press(a.r.stdin, KEY.enter);
  await waitForFrame(a.r, (x) => x.includes('Apply to staging: rm aws_security_group.bastion?'));
}

describe('locks', () => {
  it('shows who holds the lock and refuses the edit without writing', async () => {
    app = await openDemo({ columns: 120, rows: 40 });
    const path = stagingPath(app.dir);
    await holdLock(path);
    await press(app.r.stdin, 'r');
    await waitForFrame(app.r, (x) => x.includes('lock locked by ci@runner (OperationTypeApply)'));
    await startRemove(app);
    await press(app.r.stdin, KEY.tab, KEY.enter);
    const f = await waitForFrame(app.r, (x) => x.includes('rm aws_security_group.bastion: failed'));
    expect(f).toContain('Error: Error acquiring the state lock');
    expect(f).toContain('  Who:       ci@runner');
    expect(serial(path)).toBe(87);
    await press(app.r.stdin, KEY.esc);
    await waitForFrame(app.r, (x) => x.includes('Resources (tree)'));
  });

  it('quitting during an edit waits for it, so the lock it took is released', async () => {
    app = await openDemo({ columns: 80, rows: 24 }, { env: 'staging' }, [], 10_000);
    const path = stagingPath(app.dir);
    await startRemove(app);
    await holdLock(path);
    await press(app.r.stdin, KEY.tab, KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Acquiring state lock'));
    await press(app.r.stdin, 'q');
    await waitForFrame(app.r, (x) => x.includes('Quitting: waiting for the running operation to finish'));
    expect(app.exited()).toBe(false);
    await holder!.backend.locker!.unlock(holder!.id);
    holder = null;
    await app.settle();
    expect(app.exited()).toBe(true);
    expect(serial(path)).toBe(88);
    expect(existsSync(join(app.dir, 'envs', 'staging', '.terraform.tfstate.lock.info'))).toBe(false);
  });
});
