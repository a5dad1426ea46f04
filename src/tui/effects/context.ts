/**
 * What the effect flows share: the store, the session gateway, and one
 * task runner that marks the app busy while an effect runs (one at a time)
 * and turns unexpected exceptions into an error status instead of a crash.
 */
import { formatDiagnostic, type Diagnostic } from '../../core/diag/index.js';
import type { Store } from '../model/store.js';
import type { Status } from '../model/types.js';
import type { SessionGateway } from './gateway.js';

/** The flows' shared context. */
export interface FlowContext {
  readonly store: Store;
  readonly gw: SessionGateway;
  /**
   * Runs `fn` as the single running effect, labelled `label` in the status
   * line; `locked` shows the lock in the header while it runs (edits).
   * Refuses (with a status) when another effect is running.
   */
  task(label: string, fn: () => Promise<void>, locked?: boolean): Promise<void>;
}

/** Sets the status line. */
export function say(ctx: FlowContext, tone: Status['tone'], text: string): void {
  ctx.store.dispatch({ type: 'status', status: { tone, text } });
}

/**
 * Reports a failure: the short form in the status line and every
 * diagnostic in full in a message dialog (a lock holder, a guard's reasons,
 * every bad line of a batch).
 */
export function showDiags(ctx: FlowContext, title: string, diags: readonly Diagnostic[], prefix = ''): void {
  say(ctx, 'error', prefix + diagText(diags));
  const lines = (prefix ? [prefix.trim(), ''] : []).concat(diags.flatMap((d) => [...formatDiagnostic(d).split('\n'), '']));
  ctx.store.dispatch({ type: 'dialog', dialog: { kind: 'message', title, lines, scroll: 0 } });
}

/** One status line for diagnostics: the first error (or warning) as `summary: detail`, plus a count of the rest. */
export function diagText(diags: readonly Diagnostic[]): string {
  const first = diags.find((d) => d.severity === 'error') ?? diags[0];
  if (!first) return 'Failed.';
  const more = diags.length > 1 ? ` (+${diags.length - 1} more)` : '';
  return formatDiagnostic(first).replace(/\n\n/, ': ').replace(/\s*\n\s*/g, ' ') + more;
}

/** Runs effects one at a time and remembers the running one (quitting waits for it). */
export class TaskRunner {
  private running: Promise<void> | null = null;

  constructor(private readonly store: Store) {}

  /** The running effect, or null when idle. */
  get current(): Promise<void> | null {
    return this.running;
  }

  /** See `FlowContext.task`. */
  task = async (label: string, fn: () => Promise<void>, locked = false): Promise<void> => {
    if (this.running) {
      this.store.dispatch({ type: 'status', status: { tone: 'warning', text: `Busy: ${this.store.getState().busy ?? 'working'} Try again when it finishes.` } });
      return;
    }
    this.store.dispatch({ type: 'busy', label, locked });
    const run = (async () => {
      try {
        await fn();
      } catch (e) {
        this.store.dispatch({ type: 'status', status: { tone: 'error', text: `Unexpected error: ${(e as Error).message}` } });
      } finally {
        const status = this.store.getState().status;
        this.store.dispatch({ type: 'busy', label: null });
        // Keep the flow's final message rather than the progress line.
        if (status && status.tone !== 'progress') this.store.dispatch({ type: 'status', status });
        else this.store.dispatch({ type: 'status', status: null });
      }
    })();
    this.running = run;
    try {
      await run;
    } finally {
      this.running = null;
    }
  };
}
