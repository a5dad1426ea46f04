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
 * names or keys, errors) is left to the general parser: the fast path answers only
 * what it is sure of, and then exactly as the general parser would (pinned
 * by a differential test).
 */
import { intKey, NO_KEY, stringKey, type InstanceKey, type ModuleInstance, type ModuleInstanceStep } from './types.js';

const NAME = '[A-Za-z_][A-Za-z0-9_-]*';
/**
 * An integer key of at most 15 digits without leading zeros (an exact
 * double), or a string key of printable ASCII with nothing to escape: so a
 * plain address is also already in canonical form (`formatModuleInstance`
 * gives it back unchanged).
 */
const KEY = '\\[(?:0|[1-9][0-9]{0,14})\\]|\\["[^"\\\\$%\\u0000-\\u001f\\u007f-\\uffff]*"\\]';
const STEP = `module\\.${NAME}(?:${KEY})?`;
const WHOLE = new RegExp(`^${STEP}(?:\\.${STEP})*$`);
/**
 * The module instance `str` spells when it has the plain shape described
 * above, or null when it does not (the general parser then decides). Never
 * returns the root module: `str` is not empty. When it answers, `str` is
 * the canonical text of the result.
 */
export function parsePlainModuleInstance(str: string): ModuleInstance | null {
  if (!WHOLE.test(str)) return null;
  // The shape is known now: `module.` NAME, then `[DIGITS]` or `["TEXT"]` or nothing, then `.` or the end.
  const steps: ModuleInstanceStep[] = [];
  const n = str.length;
  let i = 0;
  while (i < n) {
    let j = i + 7; // past `module.`
    while (j < n && str.charCodeAt(j) !== 0x5b && str.charCodeAt(j) !== 0x2e) j++;
    const name = str.slice(i + 7, j);
    let key: InstanceKey = NO_KEY;
    if (str.charCodeAt(j) === 0x5b) {
      if (str.charCodeAt(j + 1) === 0x22) {
        const close = str.indexOf('"', j + 2);
        key = stringKey(str.slice(j + 2, close));
        j = close + 2;
      } else {
        const close = str.indexOf(']', j + 1);
        key = intKey(Number(str.slice(j + 1, close)));
        j = close + 1;
      }
    }
    steps.push({ name, key });
    i = j + 1; // past the dot before the next step
  }
  return steps;
}
