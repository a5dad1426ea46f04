/**
 * Entry point of a child process that owns one local backend and serves its
 * methods over the IPC channel (see child-backend.ts). fcntl locks belong to
 * a process, so a second lock holder in tests must be a second process.
 *
 * argv: <state path> <who>. Requests: {id, method, args}; replies:
 * {id, ok: true, value} or {id, ok: false, error: {name, message, holder}}.
 */
import { createLocalBackend } from '../../../src/backends/local/index.js';
import type { Backend } from '../../../src/ports/backend.js';

interface Request {
  readonly id: number;
  readonly method: string;
  readonly args: unknown[];
}

const [statePath, who] = process.argv.slice(2);
const backend: Backend = createLocalBackend(statePath, { who, version: 'child' });

const methods: Record<string, (...args: never[]) => Promise<unknown>> = {
  lock: (info) => backend.locker!.lock(info),
  unlock: (id) => backend.locker!.unlock(id),
  status: () => backend.locker!.status(),
  forceUnlock: (id) => backend.locker!.forceUnlock(id),
  read: () => backend.store.read(),
  write: (bytes, options) => backend.store.write(bytes, options),
  holds: (bytes) => backend.store.holds(bytes),
  put: (bytes, meta) => backend.backups.put(bytes, meta),
  list: () => backend.backups.list(),
  get: (id) => backend.backups.get(id),
  recover: () => backend.recover(),
};

process.on('message', (msg: Request) => {
  const fn = methods[msg.method];
  const run = fn ? fn(...(msg.args as never[])) : Promise.reject(new Error(`unknown method ${msg.method}`));
  run.then(
    (value) => process.send!({ id: msg.id, ok: true, value }),
    (e: Error & { holder?: unknown }) => process.send!({ id: msg.id, ok: false, error: { name: e.name, message: e.message, holder: e.holder ?? null } }),
  );
});
process.send!({ ready: true });
