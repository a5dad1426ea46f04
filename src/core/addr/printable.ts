/**
 * Go's `unicode.IsPrint`, which decides what Terraform prints raw and what
 * it escapes, both in HCL-quoted keys and in Go `%q` output.
 */

/** Letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/**
 * True when Go's `unicode.IsPrint` holds for the code point. Lone surrogates
 * are not printable. Unicode tables are Node's, which may be a version ahead
 * of or behind Go's for newly assigned characters.
 */
export function isPrintable(codePoint: number): boolean {
  if (codePoint >= 0x20 && codePoint < 0x7f) return true;
  if (codePoint < 0xa0) return false;
  return PRINTABLE.test(String.fromCodePoint(codePoint));
}
