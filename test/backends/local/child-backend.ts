/**
 * A local backend living in a child process, driven over IPC, for tests that
 * need a second lock holder (fcntl locks are per process). `close()` kills the
 * child with SIGKILL: a crash, after which the OS has dropped its fcntl lock
 * and only its `.lock.info` is left.
 *
 * The child's TypeScript entry (child-main.ts) is bundled once per test
 * worker with rolldown (a devDependency; vite 8 bundles with it too) into
 * node_modules/.cache, so `os-lock` resolves from the project.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { asBytes } from '../../../src/core/statefile/byte-rope.js';
import { deferredBackup, LockHeldError, LockMismatchError, RecoveryError, StateConflictError, type Backend } from '../../../src/ports/backend.js';
import type { LockInfo } from '../../../src/ports/lock-info.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
let bundled: Promise<string> | null = null;

function bundle(): Promise<string> {
  bundled ??= (async () => {
    const out = await build({
      input: path.join(here, 'child-main.ts'),
      platform: 'node',
      external: ['os-lock', /^node:/],
      resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
      logLevel: 'silent',
      write: false,
      output: { format: 'esm' },
    });
    const code = out.output[0].code;
    // Named by content: test workers share one file and nothing piles up.
    const dir = path.join(root, 'node_modules/.cache/tfstate-tests');
    const file = path.join(dir, `local-backend-child-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, code);
      renameSync(tmp, file);
    }
    return file;
  })();
  return bundled;
}

interface Reply {
  readonly id?: number;
  readonly ready?: boolean;
  readonly ok?: boolean;
  readonly value?: unknown;
  readonly error?: { name: string; message: string; holder: LockInfo | null };
}

function revive(e: NonNullable<Reply['error']>): Error {
  switch (e.name) {
    case 'LockHeldError':
      return new LockHeldError(e.holder, e.message);
    case 'LockMismatchError':
      return new LockMismatchError(e.message);
    case 'StateConflictError':
      return new StateConflictError(e.message);
    case 'RecoveryError':
      return new RecoveryError(e.message);
    default:
      return Object.assign(new Error(e.message), { name: e.name });
  }
}

/** A `Backend` whose calls run in a child process; `pid` for signals. */
export interface ChildBackend extends Backend {
  readonly pid: number;
}

/** Starts a child process owning `createLocalBackend(statePath, {who})`. */
export async function spawnChildBackend(statePath: string, who = 'child@test'): Promise<ChildBackend> {
  const entry = await bundle();
  const child: ChildProcess = fork(entry, [statePath, who], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`child backend exited early (code ${code})`)));
    child.on('message', (m: Reply) => {
      if (m.ready) return resolve();
      const p = pending.get(m.id!);
      pending.delete(m.id!);
      if (m.ok) p?.resolve(m.value);
      else p?.reject(revive(m.error!));
    });
  });
  exited.then(() => {
    for (const p of pending.values()) p.reject(new Error('child backend exited'));
  });
  const call = <T>(method: string, ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, method, args });
    });
  return {
    kind: 'local',
    pid: child.pid!,
    store: {
      location: statePath,
      read: () => call('read'),
      write: (content, options) => call('write', asBytes(content), options),
      holds: (content) => call('holds', asBytes(content)),
    },
    locker: {
      lock: (info) => call('lock', info),
      unlock: (id) => call('unlock', id),
      status: () => call('status'),
      forceUnlock: (id) => call('forceUnlock', id),
    },
    backups: {
      put: (bytes, meta) => call('put', bytes, meta),
      prepare(bytes) {
        return deferredBackup(this, bytes);
      },
      list: () => call('list'),
      get: (id) => call('get', id),
    },
    recover: () => call('recover'),
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
