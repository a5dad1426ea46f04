/**
 * Go's `strconv.Quote` (what `%q` prints), for texts Terraform prints with
 * `%q`: provider source strings inside `provider["…"]` and the quoted
 * addresses of `Move "<from>" to "<to>"` lines.
 */

import { isPrintable } from './printable.js';

const PLAIN = /^[^"\\\x00-\x1f\x7f-\uffff]*$/;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/**
 * Quotes `s` like Go's `strconv.Quote`: surrounding `"`; `\a \b \f \n \r \t
 * \v \\ \"` escaped; other control characters as `\xXX`; non-printable code
 * points (Go `unicode.IsPrint`) as `\uXXXX` or `\UXXXXXXXX`, lower-case hex;
 * printable Unicode raw. A lone UTF-16 surrogate is printed as U+FFFD.
 */
export function goQuote(s: string): string {
  if (PLAIN.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    switch (cp) {
      case 0x07:
        out += '\\a';
        continue;
      case 0x08:
        out += '\\b';
        continue;
      case 0x0c:
        out += '\\f';
        continue;
      case 0x0a:
        out += '\\n';
        continue;
      case 0x0d:
        out += '\\r';
        continue;
      case 0x09:
        out += '\\t';
        continue;
      case 0x0b:
        out += '\\v';
        continue;
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += '\\\\';
        continue;
    }
    if (isPrintable(cp)) out += String.fromCodePoint(cp);
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return out + '"';
}
