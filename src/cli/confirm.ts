/**
 * Interactive confirmation on a terminal. Never used without one: a
 * non-interactive edit exits with "confirmation required" instead.
 */
import { createInterface } from 'node:readline/promises';

/**
 * Asks on stderr/stdin and resolves true only for the exact expected answer
 * (`yes`, or the environment's name for a protected environment). Ctrl-C at
 * the prompt, or `signal` aborting, is a no.
 */
export async function askOnTerminal(question: string, expected: string, signal?: AbortSignal): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const cancel = new AbortController();
  const onAbort = (): void => cancel.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  // The terminal is in raw mode: Ctrl-C reaches readline as a key, not as a signal.
  rl.on('SIGINT', () => {
    process.stderr.write('^C\n');
    cancel.abort();
  });
  try {
    if (signal?.aborted) return false;
    const answer = await rl.question(question, { signal: cancel.signal });
    return answer.trim() === expected;
  } catch (e) {
    if (cancel.signal.aborted) return false;
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    rl.close();
  }
}
