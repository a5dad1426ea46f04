/**
 * Pure helpers of the `/` filter's incremental search: the necessary
 * condition of a fuzzysort match (each query word a subsequence of one key),
 * when one query's candidates can be narrowed from another's, and substring
 * search over all entries' value text joined into one string.
 *
 * Narrowing never changes results: fuzzysort scores each target on its own,
 * so running it on a superset of its matches gives the same matches as
 * running it on every target.
 */
import { lastAtMost } from '../../core/util/sorted.js';

/** Separates entries in the joined value text; queries containing it are searched entry by entry. */
export const ENTRY_SEPARATOR = '\u0000';

/**
 * Text folded as fuzzysort folds targets and queries (Latin accents removed,
 * lower-cased), so a subsequence test on folded text is exactly fuzzysort's
 * first, necessary test.
 */
export function fold(s: string): string {
  // ASCII has no accents: skip the Unicode regular expressions (most addresses and ids).
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  return s
    .replace(/\p{Script=Latin}+/gu, (m) => m.normalize('NFD'))
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * The words fuzzysort requires to match (each in some key), folded: the
 * space-separated words of a query containing a space, else the whole query.
 * `query` is trimmed.
 */
export function fuzzyWords(query: string): string[] {
  const folded = fold(query);
  if (!folded.includes(' ')) return [folded];
  return [...new Set(query.split(/\s+/).filter((w) => w !== '').map(fold))];
}

/** Whether `needle`'s characters appear in `hay` in order. */
export function isSubsequence(needle: string, hay: string): boolean {
  let at = 0;
  for (let j = 0; j < needle.length; j++) {
    const k = hay.indexOf(needle[j], at);
    if (k < 0) return false;
    at = k + 1;
  }
  return true;
}

/** Whether every word is a subsequence of one of `keys` (the necessary condition of a fuzzy match). */
export function mayMatch(words: readonly string[], keys: readonly string[]): boolean {
  return words.every((w) => keys.some((k) => isSubsequence(w, k)));
}

/**
 * Whether every target that may match `next` (per `mayMatch`) may also
 * match `prev`: true when each word of `prev` is a subsequence of some word
 * of `next`. Typing more characters, or more words, keeps this true.
 */
export function fuzzyNarrows(prev: readonly string[], next: readonly string[]): boolean {
  return prev.every((p) => next.some((n) => isSubsequence(p, n)));
}

/** Value text of many entries joined by `ENTRY_SEPARATOR`, with each entry's start. */
export interface JoinedText {
  readonly text: string;
  /** `starts[i]` is where entry `i` begins; `starts[n]` is `text.length + 1`. */
  readonly starts: Int32Array;
}

/** Joins per-entry texts (none may contain `ENTRY_SEPARATOR`) for `searchJoined`. */
export function joinTexts(parts: readonly string[]): JoinedText {
  const starts = new Int32Array(parts.length + 1);
  let at = 0;
  parts.forEach((p, i) => {
    starts[i] = at;
    at += p.length + 1;
  });
  starts[parts.length] = at;
  return { text: parts.join(ENTRY_SEPARATOR), starts };
}

/** The text of entry `i`. */
export function entryText(j: JoinedText, i: number): string {
  return j.text.slice(j.starts[i], j.starts[i + 1] - 1);
}

/**
 * Sets `hit[i] = 1` for each entry whose text contains `needle` (which must
 * not contain `ENTRY_SEPARATOR`): one `indexOf` pass over the joined text,
 * skipping to the next entry after each hit.
 */
export function searchJoined(j: JoinedText, needle: string, hit: Uint8Array): void {
  const { text, starts } = j;
  let from = 0;
  for (;;) {
    const k = text.indexOf(needle, from);
    if (k < 0) return;
    // The entry holding position k: the last start <= k.
    const entry = lastAtMost(starts, k, starts.length - 1);
    hit[entry] = 1;
    from = starts[entry + 1];
  }
}
