/**
 * HCL quoted-string literals as they appear in instance keys (`["x"]`).
 *
 * `hclQuote` prints a key the way Terraform's `StringKey.String()` does
 * (its `toHCLQuotedString`), so every printed address parses back to the
 * same key. `readHclStringLiteral` is the inverse, used by the address
 * parser: it accepts exactly the escapes HCL accepts inside a quoted string
 * and refuses template sequences, because instance keys must be literals.
 */

import { ADDR_CODES, addrError } from './addr-diag.js';
import { goQuote } from './go-quote.js';
import { isPrintable } from './printable.js';
import type { Diagnostic } from '../diag/diagnostic.js';

/** Strings made only of these characters are quoted verbatim (the common case). */
const PLAIN = /^[^"\\$%\x00-\x1f\x7f-\uffff]*$/;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/**
 * Quotes `s` as an HCL string literal, exactly like Terraform's
 * `toHCLQuotedString`: surrounding `"`; `\n \r \t \" \\` escaped; `$` and
 * `%` doubled when followed by `{` (so `${` prints as `$${`); characters
 * that are not printable (Go `unicode.IsPrint`) as `\uXXXX` (lower-case hex)
 * or `\UXXXXXXXX` above the BMP; everything else raw.
 *
 * A lone UTF-16 surrogate (impossible in Go strings) is printed as U+FFFD,
 * which is what Go would hold after decoding such text from JSON.
 */
export function hclQuote(s: string): string {
  if (PLAIN.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x0a:
        out += '\\n';
        continue;
      case 0x0d:
        out += '\\r';
        continue;
      case 0x09:
        out += '\\t';
        continue;
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += '\\\\';
        continue;
      case 0x24: // $
      case 0x25: // %
        out += s[i];
        if (s.charCodeAt(i + 1) === 0x7b) out += s[i];
        continue;
    }
    let cp = c;
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
        width = 2;
      } else {
        cp = 0xfffd;
      }
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      cp = 0xfffd;
    }
    if (isPrintable(cp)) out += String.fromCodePoint(cp);
    else out += cp < 0x10000 ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
    i += width - 1;
  }
  return out + '"';
}

/** A decoded string literal and the index just past its closing quote. */
export interface StringLiteral {
  readonly value: string;
  readonly end: number;
}

const HEX_DIGIT = /^[0-9a-fA-F]$/;

function readHex(src: string, start: number, count: number): number | undefined {
  if (start + count > src.length) return undefined;
  for (let k = start; k < start + count; k++) if (!HEX_DIGIT.test(src[k]!)) return undefined;
  return parseInt(src.slice(start, start + count), 16);
}

/**
 * Reads the HCL quoted string literal that starts at `src[start]` (which must
 * be `"`). Escapes: `\n \r \t \" \\ \uXXXX \UXXXXXXXX`; `$${` is a literal
 * `${` and `%%{` a literal `%{`. A bare `${` or `%{` (a template sequence), a
 * raw line break, an unknown or malformed escape, or a missing closing quote
 * is an error naming `input` (the whole text being parsed).
 *
 * Returns the decoded value and the index after the closing quote.
 */
export function readHclStringLiteral(
  src: string,
  start: number,
  input: string,
): { ok: true; literal: StringLiteral } | { ok: false; diag: Diagnostic } {
  const bad = (summary: string, detail: string) => ({ ok: false as const, diag: addrError(ADDR_CODES.string, summary, detail, input) });
  let out = '';
  let i = start + 1;
  let runStart = i;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c === 0x22) {
      out += src.slice(runStart, i);
      return { ok: true, literal: { value: out, end: i + 1 } };
    }
    if (c === 0x0a || c === 0x0d) {
      return bad(
        'Invalid multi-line string',
        'Quoted strings may not be split over multiple lines. To include a line break in a key, use the \\n escape.',
      );
    }
    if (c === 0x24 || c === 0x25) {
      const next = src.charCodeAt(i + 1);
      if (next === 0x7b) {
        const which = src[i]!;
        return bad(
          'Invalid string literal',
          `Template sequences are not allowed in this string. To include a literal "${which}", double it (as "${which}${which}") to escape it.`,
        );
      }
      if (next === c && src.charCodeAt(i + 2) === 0x7b) {
        out += src.slice(runStart, i) + src[i] + '{';
        i += 3;
        runStart = i;
        continue;
      }
      i++;
      continue;
    }
    if (c !== 0x5c) {
      i++;
      continue;
    }
    // Backslash escape.
    out += src.slice(runStart, i);
    const sel = src[i + 1];
    if (sel === undefined) break; // unterminated
    switch (sel) {
      case 'n':
        out += '\n';
        i += 2;
        break;
      case 'r':
        out += '\r';
        i += 2;
        break;
      case 't':
        out += '\t';
        i += 2;
        break;
      case '"':
        out += '"';
        i += 2;
        break;
      case '\\':
        out += '\\';
        i += 2;
        break;
      case 'u':
      case 'U': {
        const digits = sel === 'u' ? 4 : 8;
        const cp = readHex(src, i + 2, digits);
        if (cp === undefined) {
          return bad(
            'Invalid escape sequence',
            `The \\${sel} escape sequence must be followed by ${sel === 'u' ? 'four' : 'eight'} hexadecimal digits.`,
          );
        }
        if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
          return bad('Invalid escape sequence', `Cannot encode character U+${hex(cp, 4)} in UTF-8.`);
        }
        out += String.fromCodePoint(cp);
        i += 2 + digits;
        break;
      }
      default: {
        const cp = src.codePointAt(i + 1)!;
        return bad(
          'Invalid escape sequence',
          `The symbol ${goQuote(String.fromCodePoint(cp))} is not a valid escape sequence selector.`,
        );
      }
    }
    runStart = i;
  }
  return bad('Unterminated string literal', 'Unable to find the closing quote mark before the end of the address.');
}
