/**
 * A single-line text field as data: its value and cursor position, edited
 * by pure functions (insert, delete, move, clear) and completed with tab
 * against a list of candidates.
 */

/** A text field's content and cursor (0..value.length). */
export interface TextInput {
  readonly value: string;
  readonly cursor: number;
}

/** One editing step, as produced by the keymap's text commands. */
export type TextEdit =
  | { readonly op: 'insert'; readonly text: string }
  | { readonly op: 'backspace' }
  | { readonly op: 'left' }
  | { readonly op: 'right' }
  | { readonly op: 'home' }
  | { readonly op: 'end' }
  | { readonly op: 'clear' };

/** A field holding `value` with the cursor at its end. */
export function textInput(value = ''): TextInput {
  return { value, cursor: value.length };
}

/**
 * Applies one edit. Inserted text has control characters removed (a paste
 * with newlines becomes one line). Out-of-range moves are no-ops. Returns a
 * new value; the input is not changed.
 */
export function editText(t: TextInput, e: TextEdit): TextInput {
  switch (e.op) {
    case 'insert': {
      // eslint-disable-next-line no-control-regex
      const clean = e.text.replace(/[\u0000-\u001f\u007f]/g, '');
      if (clean === '') return t;
      return { value: t.value.slice(0, t.cursor) + clean + t.value.slice(t.cursor), cursor: t.cursor + clean.length };
    }
    case 'backspace':
      if (t.cursor === 0) return t;
      return { value: t.value.slice(0, t.cursor - 1) + t.value.slice(t.cursor), cursor: t.cursor - 1 };
    case 'left':
      return t.cursor === 0 ? t : { ...t, cursor: t.cursor - 1 };
    case 'right':
      return t.cursor >= t.value.length ? t : { ...t, cursor: t.cursor + 1 };
    case 'home':
      return { ...t, cursor: 0 };
    case 'end':
      return { ...t, cursor: t.value.length };
    case 'clear':
      return textInput('');
  }
}

/** The outcome of a tab completion. */
export interface Completion {
  readonly input: TextInput;
  /** Every candidate that starts with the text before the cursor (empty: none matched). */
  readonly matches: readonly string[];
}

/**
 * Completes the text before the cursor against `candidates` (prefix match,
 * case-sensitive, as addresses are). One match: the text becomes it. Several:
 * the text grows to their longest common prefix and all are returned so the
 * screen can list them. The text after the cursor is dropped only when the
 * completion replaces it. Pure.
 */
export function completeText(t: TextInput, candidates: readonly string[]): Completion {
  const head = t.value.slice(0, t.cursor);
  const matches = candidates.filter((c) => c.startsWith(head) && c !== head);
  if (matches.length === 0) return { input: t, matches: [] };
  const common = matches.length === 1 ? matches[0] : longestCommonPrefix(matches);
  if (common.length <= head.length) return { input: t, matches };
  return { input: { value: common + t.value.slice(t.cursor), cursor: common.length }, matches: matches.length === 1 ? [] : matches };
}

/** The longest string every item starts with ('' for an empty list). */
export function longestCommonPrefix(items: readonly string[]): string {
  if (items.length === 0) return '';
  let prefix = items[0];
  for (const s of items) {
    let i = 0;
    while (i < prefix.length && i < s.length && prefix[i] === s[i]) i++;
    prefix = prefix.slice(0, i);
    if (prefix === '') break;
  }
  return prefix;
}
