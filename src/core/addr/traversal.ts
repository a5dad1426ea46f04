/**
 * The syntax layer of address parsing: an HCL absolute traversal
 * (`root.attr[key].attr`), read by hand without an HCL dependency.
 *
 * Like Terraform, parsing is two-phase: this file turns text into traversal
 * steps and reports syntax errors (HCL's wording); `parse.ts` then gives the
 * steps their meaning (module path, resource, key). Spaces, tabs and line
 * breaks between tokens are skipped, as HCL's scanner does: Terraform accepts
 * `null_resource. a` and state files written by old versions contain
 * `"provider. null"`. HCL comments (`#`, `//`, `/*`), which Terraform would
 * also skip, are refused as invalid characters instead.
 */

import { fail, ok, type Result } from '../diag/diagnostic.js';
import { ADDR_CODES, addrError, type AddrCode } from './addr-diag.js';
import { readHclStringLiteral } from './hcl-string.js';

/**
 * An index key as written. A number that is not a whole number within
 * ±`Number.MAX_SAFE_INTEGER` has `value: undefined`; the semantic layer
 * reports it with context ("Invalid module index…").
 */
export type TraversalKey =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number | undefined };

/** One traversal step: a name (the root or a `.attr`) or an index `[key]`. */
export type TraversalStep =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'index'; readonly key: TraversalKey };

/** A parsed traversal; the first step is always a name (the root). */
export type Traversal = readonly TraversalStep[];

const ID_START = /^[\p{ID_Start}_]$/u;
const ID_CONTINUE = /^[\p{ID_Continue}-]$/u;

function isIdentStartAscii(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}
function isIdentContinueAscii(c: number): boolean {
  return isIdentStartAscii(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d;
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Reads an HCL identifier at `i`: a letter or `_`, then letters, digits,
 * `_` or `-` (Unicode ID_Start / ID_Continue). Returns the end index, or `i`
 * when there is no identifier there.
 */
export function scanIdentifier(src: string, i: number): number {
  const n = src.length;
  if (i >= n) return i;
  const c = src.charCodeAt(i);
  if (c < 0x80) {
    if (!isIdentStartAscii(c)) return i;
    i++;
  } else {
    const cp = src.codePointAt(i);
    if (cp === undefined || !ID_START.test(String.fromCodePoint(cp))) return i;
    i += cp > 0xffff ? 2 : 1;
  }
  while (i < n) {
    const d = src.charCodeAt(i);
    if (d < 0x80) {
      if (!isIdentContinueAscii(d)) return i;
      i++;
      continue;
    }
    const cp = src.codePointAt(i);
    if (cp === undefined || !ID_CONTINUE.test(String.fromCodePoint(cp))) return i;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/** True when `s` is a whole HCL identifier (what module, type and resource names must be). */
export function isHclIdentifier(s: string): boolean {
  return s.length > 0 && scanIdentifier(s, 0) === s.length;
}

/**
 * Converts an HCL number literal (`12`, `1.0`, `1e2`) to a safe integer, or
 * `undefined` when it is fractional or out of range. Exact: no floating
 * point rounding is involved.
 */
export function numberLiteralToSafeInt(text: string): number | undefined {
  const m = /^([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m) return undefined;
  const intPart = m[1]!;
  const frac = m[2] ?? '';
  if (frac === '' && m[3] === undefined) {
    if (intPart.length <= 15) return parseInt(intPart, 10);
    const n = BigInt(intPart);
    return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : undefined;
  }
  // Decimal digits `digits` times 10^exp, exactly.
  let digits = (intPart + frac).replace(/^0+/, '');
  let exp = (m[3] === undefined ? 0 : parseInt(m[3], 10)) - frac.length;
  if (digits === '') return 0;
  const trailing = /0*$/.exec(digits)![0].length;
  digits = digits.slice(0, digits.length - trailing);
  exp += trailing;
  if (exp < 0) return undefined; // fractional
  if (digits.length + exp > 16) return undefined;
  const n = BigInt(digits) * 10n ** BigInt(exp);
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : undefined;
}

/** Reads an HCL number literal at `i` (digits, optional fraction, optional exponent); returns its end. */
function scanNumber(src: string, i: number): number {
  while (isDigit(src.charCodeAt(i))) i++;
  if (src.charCodeAt(i) === 0x2e && isDigit(src.charCodeAt(i + 1))) {
    i += 2;
    while (isDigit(src.charCodeAt(i))) i++;
  }
  const e = src.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    let j = i + 1;
    const sign = src.charCodeAt(j);
    if (sign === 0x2b || sign === 0x2d) j++;
    if (isDigit(src.charCodeAt(j))) {
      while (isDigit(src.charCodeAt(j))) j++;
      i = j;
    }
  }
  return i;
}

/** ASCII identifiers joined by single dots: no keys, no spaces, nothing to unescape. */
const PLAIN_NAMES = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

/**
 * Parses `src` as an HCL absolute traversal. Errors use HCL's summaries
 * ("Variable name required", "Attribute name required", "Index value
 * required", "Unclosed index brackets", "Invalid character") with `src` as
 * the diagnostic's address. Only the first error is reported.
 */
export function parseTraversal(src: string): Result<Traversal> {
  if (PLAIN_NAMES.test(src)) {
    // Fast path for the common `a.b.c` (dependencies, unkeyed module paths).
    const names = src.split('.');
    const plain: TraversalStep[] = new Array(names.length);
    for (let k = 0; k < names.length; k++) plain[k] = { kind: 'name', name: names[k]! };
    return ok(plain);
  }
  const syntax = (summary: string, detail: string, code: AddrCode = ADDR_CODES.syntax) =>
    fail<Traversal>(addrError(code, summary, detail, src));
  const steps: TraversalStep[] = [];
  let i = 0;
  const n = src.length;
  while (i < n && isSpace(src.charCodeAt(i))) i++;
  const rootEnd = scanIdentifier(src, i);
  if (rootEnd === i) return syntax('Variable name required', 'Must begin with a variable name.');
  steps.push({ kind: 'name', name: src.slice(i, rootEnd) });
  i = rootEnd;
  for (;;) {
    while (i < n && isSpace(src.charCodeAt(i))) i++;
    if (i >= n) return ok(steps);
    const c = src.charCodeAt(i);
    if (c === 0x2e) {
      i++;
      while (i < n && isSpace(src.charCodeAt(i))) i++;
      if (src.charCodeAt(i) === 0x2a) {
        return syntax('Attribute name required', 'Splat expressions (.*) may not be used here.', ADDR_CODES.splat);
      }
      const end = scanIdentifier(src, i);
      if (end === i) return syntax('Attribute name required', 'Dot must be followed by attribute name.');
      steps.push({ kind: 'name', name: src.slice(i, end) });
      i = end;
      continue;
    }
    if (c === 0x5b) {
      i++;
      while (i < n && isSpace(src.charCodeAt(i))) i++;
      const k = src.charCodeAt(i);
      let key: TraversalKey;
      if (isDigit(k)) {
        const end = scanNumber(src, i);
        key = { kind: 'number', value: numberLiteralToSafeInt(src.slice(i, end)) };
        i = end;
      } else if (k === 0x22) {
        const lit = readHclStringLiteral(src, i, src);
        if (!lit.ok) return fail(lit.diag);
        key = { kind: 'string', value: lit.literal.value };
        i = lit.literal.end;
      } else if (k === 0x2a) {
        return syntax('Attribute name required', 'Splat expressions ([*]) may not be used here.', ADDR_CODES.splat);
      } else {
        return syntax('Index value required', 'Index brackets must contain either a literal number or a literal string.');
      }
      while (i < n && isSpace(src.charCodeAt(i))) i++;
      if (src.charCodeAt(i) !== 0x5d) {
        return syntax('Unclosed index brackets', 'Index key must be followed by a closing bracket.');
      }
      i++;
      steps.push({ kind: 'index', key });
      continue;
    }
    return syntax('Invalid character', 'Expected an attribute access or an index operator.');
  }
}
