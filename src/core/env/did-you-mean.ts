/**
 * "Did you mean …?" suggestions for misspelt names (config keys,
 * environment names). Pure.
 */

/** Lower-cases and drops `_` and `-`, so `dynamodb_table` and `dynamoDbTable` compare equal to `dynamodbTable`. */
function fold(s: string): string {
  return s.toLowerCase().replace(/[_-]/g, '');
}

/** Levenshtein edit distance between two strings (by UTF-16 code unit). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `given`, or null when none is close enough.
 * Case, `_` and `-` are ignored first (so Terraform's snake_case names find
 * their camelCase twins); then the nearest candidate within an edit distance
 * of a third of its length (at least 2) wins, ties going to the earlier
 * candidate. Does not modify its arguments.
 */
export function didYouMean(given: string, candidates: readonly string[]): string | null {
  const g = fold(given);
  const exact = candidates.find((c) => fold(c) === g);
  if (exact !== undefined) return exact;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(g, fold(c));
    if (d <= Math.max(2, Math.floor(c.length / 3)) && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** `Did you mean "x"? ` (with a trailing space) or '' when there is no suggestion. */
export function didYouMeanSentence(given: string, candidates: readonly string[]): string {
  const s = didYouMean(given, candidates);
  return s === null ? '' : `Did you mean "${s}"? `;
}
