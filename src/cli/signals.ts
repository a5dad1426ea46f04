/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP while a command holds a lock or is
 * about to write: none may end the process with the lock left behind
 * without a word (design §4 step 8).
 */
import type { Streams } from './output.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Exit code after a second interrupt (128 + SIGINT, as shells report it). */
const EXIT_INTERRUPTED = 130;

/**
 * Routes SIGINT, SIGTERM and SIGHUP to whatever `handler` is set to, until
 * `stop` is called; meanwhile no signal ends the process.
 */
export function catchSignals(): { set(handler: () => void): void; stop(): void } {
  let current = (): void => undefined;
  const on = (): void => current();
  for (const sig of SIGNALS) process.on(sig, on);
  return {
    set: (handler) => void (current = handler),
    stop: () => {
      for (const sig of SIGNALS) process.removeListener(sig, on);
    },
  };
}

/**
 * Runs an edit with interrupts turned into its abort signal: the first one
 * aborts `signal` (the transaction stops before writing, or completes a
 * write already under way, and releases its locks) and says so; a second
 * one exits at once, saying how to find and remove a lock left behind.
 */
export async function interruptible<T>(s: Streams, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signals = catchSignals();
  const interrupted = new AbortController();
  signals.set(() => {
    if (!interrupted.signal.aborted) {
      interrupted.abort();
      s.err('Interrupt received: stopping safely. Nothing is written from here on unless the write has begun, which is then completed; the lock is released. Interrupt again to exit at once.\n');
      return;
    }
    s.err('Exiting at once. A lock may be left behind: check with tfstate lock status, and remove it with tfstate force-unlock ID. An interrupted write is completed or rolled back by the next tfstate command.\n');
    process.exit(EXIT_INTERRUPTED);
  });
  try {
    return await run(interrupted.signal);
  } finally {
    signals.stop();
  }
}
