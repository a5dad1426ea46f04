/**
 * The fast path for the module addresses a state is full of:
 * `module.a`, `module.a[0]`, `module.a["key"].module.b` with plain names,
 * canonical integer keys and string keys without escapes or template
 * characters. A large state spells thousands of distinct module paths, each
 * parsed once when it is decoded; the general parser (a traversal, then its
 * module prefix) is several times slower on them, cold as it is in a
 * one-shot command.
 *
 * Anything else (spaces, escapes, `${`, non-canonical numbers, non-ASCII
 * names, errors) is left to the general parser: the fast path answers only
 * what it is sure of, and then exactly as the general parser would (pinned
 * by a differential test).
 */
import { intKey, NO_KEY, stringKey, type ModuleInstance, type ModuleInstanceStep } from './types.js';

const NAME = '[A-Za-z_][A-Za-z0-9_-]*';
/** An integer key of at most 15 digits without leading zeros (an exact double), or a string key with nothing to unescape. */
const KEY = '\\[(?:0|[1-9][0-9]{0,14})\\]|\\["[^"\\\\$%\\u0000-\\u001f]*"\\]';
const STEP = `module\\.${NAME}(?:${KEY})?`;
const WHOLE = new RegExp(`^${STEP}(?:\\.${STEP})*$`);
/** One step, read at `lastIndex` exactly: the name, then the integer or string key when present. */
const STEP_AT = new RegExp(`module\\.(${NAME})(?:\\[(?:([0-9]+)|"([^"]*)")\\])?`, 'y');

/**
 * The module instance `str` spells when it has the plain shape described
 * above, or null when it does not (the general parser then decides). Never
 * returns the root module: `str` is not empty.
 */
export function parsePlainModuleInstance(str: string): ModuleInstance | null {
  if (!WHOLE.test(str)) return null;
  const steps: ModuleInstanceStep[] = [];
  let at = 0;
  while (at < str.length) {
    STEP_AT.lastIndex = at;
    const m = STEP_AT.exec(str)!;
    const key = m[2] !== undefined ? intKey(Number(m[2])) : m[3] !== undefined ? stringKey(m[3]) : NO_KEY;
    steps.push({ name: m[1]!, key });
    at = STEP_AT.lastIndex + 1; // past the dot before the next step
  }
  return steps;
}
