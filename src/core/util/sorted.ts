/**
 * Searching sorted number arrays (line starts, entry offsets).
 */

/**
 * The index of the last element of `sorted` (ascending) that is at most
 * `x`; -1 when every element is larger. O(log n).
 */
export function lastAtMost(sorted: ArrayLike<number>, x: number, length = sorted.length): number {
  let lo = -1;
  let hi = length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
