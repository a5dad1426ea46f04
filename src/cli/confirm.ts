/**
 * Interactive confirmation on a terminal. Never used without one: a
 * non-interactive edit exits with "confirmation required" instead.
 */
import { createInterface } from 'node:readline/promises';

/**
 * Asks on stderr/stdin and resolves true only for the exact expected answer
 * (`yes`, or the environment's name for a protected environment).
 */
export async function askOnTerminal(question: string, expected: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    const answer = await rl.question(question);
    return answer.trim() === expected;
  } finally {
    rl.close();
  }
}
