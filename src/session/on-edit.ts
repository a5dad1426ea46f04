/**
 * The `onEdit` hook (design.md §6): a command from tfstate.config.json run
 * after each successful write of its environment, given a JSON record of
 * the change on stdin (for chat notifications, audit logs, tickets). The
 * edit is already written when the hook runs: a failing hook is reported,
 * never undone.
 */
import { spawn } from 'node:child_process';

/** The record written to the hook's stdin, as one JSON object. */
export interface EditRecord {
  /** The configured environment's name, or null. */
  readonly environment: string | null;
  /** Where the state is (path or s3:// URL). */
  readonly location: string;
  /** The command line that made the edit. */
  readonly operation: string;
  /** The addresses the edit changed. */
  readonly addresses: readonly string[];
  /**
   * Serials before and after the write. A decimal serial (number, bigint or
   * digit string) is written as a JSON number; anything else (null, `(new)`
   * for a state that did not exist) as null.
   */
  readonly serialBefore: number | bigint | string | null;
  readonly serialAfter: number | bigint | string | null;
  /** Where the backup of the prior bytes is, or null when there was no prior state. */
  readonly backup: string | null;
  /** `user@host`. */
  readonly who: string;
  /** When the edit was written (ISO 8601 UTC). */
  readonly time: string;
}

/** Options of `runOnEdit`. */
export interface OnEditOptions {
  /** Working directory of the command. */
  readonly cwd: string;
  /** Stop the command after this long (default 30 000 ms). */
  readonly timeoutMs?: number;
  /** Environment of the command (default: this process's). `TFSTATE_*` variables are added. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Default time allowed to an onEdit command. */
export const DEFAULT_ON_EDIT_TIMEOUT_MS = 30_000;
const STDERR_TAIL_LINES = 20;
const STDERR_TAIL_CHARS = 2000;
/** How long to wait for output pipes to close after the shell exits (a background child may hold them). */
const PIPE_GRACE_MS = 500;

/**
 * Serialises the record: `{environment, location, operation, addresses,
 * serialBefore, serialAfter, backup, who, time}`, compact, serials as JSON
 * numbers (exact, even beyond 2^53).
 */
export function formatEditRecord(record: EditRecord): string {
  const serial = (v: EditRecord['serialBefore']): string => {
    const s = v === null ? '' : String(v);
    return /^(0|[1-9][0-9]*)$/.test(s) ? s : 'null';
  };
  const j = JSON.stringify;
  return (
    `{"environment":${j(record.environment)},"location":${j(record.location)},"operation":${j(record.operation)},` +
    `"addresses":${j(record.addresses)},"serialBefore":${serial(record.serialBefore)},"serialAfter":${serial(record.serialAfter)},` +
    `"backup":${j(record.backup)},"who":${j(record.who)},"time":${j(record.time)}}`
  );
}

/**
 * Runs `command` with `sh -c` in `opts.cwd`, the record (plus a newline) on
 * stdin and `TFSTATE_ENVIRONMENT`, `TFSTATE_LOCATION`, `TFSTATE_OPERATION`
 * in its environment. Its stdout is discarded (the CLI's stdout belongs to
 * the CLI); its stderr is captured. After `timeoutMs` the command's process
 * group is killed. Never throws and never rejects: `ok` is true when the
 * command exits with status 0, else the message gives the exit code or
 * signal, or the timeout, and the last 20 lines of its stderr (indented,
 * after "Its stderr ended with:"). The message does not mention the edit:
 * the caller says that the edit was written and is kept.
 */
export function runOnEdit(command: string, record: EditRecord, opts: OnEditOptions): Promise<{ ok: boolean; message: string }> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_ON_EDIT_TIMEOUT_MS;
  const label = `onEdit command ${JSON.stringify(command)}`;
  return new Promise((resolve) => {
    let settled = false;
    let timedOut = false;
    let stderr = '';
    const finish = (result: { ok: boolean; message: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      clearTimeout(pipes);
      resolve(result);
    };
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.env ?? process.env)) if (v !== undefined) env[k] = v;
    Object.assign(env, { TFSTATE_ENVIRONMENT: record.environment ?? '', TFSTATE_LOCATION: record.location, TFSTATE_OPERATION: record.operation });
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn('/bin/sh', ['-c', command], { cwd: opts.cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    } catch (e) {
      resolve({ ok: false, message: `${label} could not be started: ${(e as Error).message}.` });
      return;
    }
    let grace: NodeJS.Timeout | undefined;
    let pipes: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid, 'SIGTERM');
      grace = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 1000);
    }, timeoutMs);
    child.stdout?.resume();
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4 * STDERR_TAIL_CHARS);
    });
    child.stdin?.on('error', () => undefined); // the command need not read its stdin
    child.stdin?.end(`${formatEditRecord(record)}\n`);
    child.on('error', (e) => finish({ ok: false, message: `${label} could not be started: ${e.message}.` }));
    const report = (code: number | null, signal: NodeJS.Signals | null): void => {
      const tail = tailOf(stderr);
      const err = tail === '' ? '' : `\nIts stderr ended with:\n${tail.replace(/^/gm, '  ')}`;
      if (timedOut) finish({ ok: false, message: `${label} did not finish within ${formatMs(timeoutMs)} and was stopped.${err}` });
      else if (code === 0) finish({ ok: true, message: `${label} succeeded.` });
      else if (code !== null) finish({ ok: false, message: `${label} failed with exit code ${code}.${err}` });
      else finish({ ok: false, message: `${label} was killed by signal ${signal ?? 'unknown'}.${err}` });
    };
    child.on('close', report);
    child.on('exit', (code, signal) => {
      // 'close' waits for the pipes; a background child of the hook may keep them open.
      pipes = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        report(code, signal);
      }, PIPE_GRACE_MS);
    });
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** The last lines of the captured stderr, trimmed. */
function tailOf(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  const tail = lines.slice(-STDERR_TAIL_LINES).join('\n');
  return tail.length > STDERR_TAIL_CHARS ? `…${tail.slice(-STDERR_TAIL_CHARS)}` : tail;
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
