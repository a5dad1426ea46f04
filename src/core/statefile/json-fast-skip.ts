/**
 * The fast path of the JSON scanner: skips one object or array, validating
 * it, in a single tight loop with no allocation.
 *
 * It accepts exactly the language `JsonScanner`'s exact skipper accepts (the
 * differential tests in test/core/statefile pin this) but reports no
 * messages: on anything it does not like it returns `FAST_SKIP_FAILED`, and
 * the caller re-scans the same value with the exact skipper, which throws the
 * error with its message and position. So error texts come from one place,
 * and the common case (a valid file) pays only for this loop.
 *
 * Where it is faster than the exact skipper: control flow instead of a state
 * variable, table lookups for string and whitespace bytes, string contents
 * and Terraform's indentation (a newline and runs of spaces, a third of a
 * state's bytes) taken four bytes at a time. On a 100 MB state this loop runs
 * at about the speed of a bare `for` over the bytes.
 */

/** Returned by `fastSkipContainer` when the value is not valid (or too unusual for the fast path). */
export const FAST_SKIP_FAILED = -1;

import { BACKSLASH, COLON, COMMA, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET } from './json-bytes.js';
const NEWLINE = 0x0a;
const FOUR_SPACES = 0x20202020;

function table(pred: (c: number) => boolean): Uint8Array {
  const t = new Uint8Array(256);
  for (let c = 0; c < 256; c++) t[c] = pred(c) ? 1 : 0;
  return t;
}

/** Bytes that stand for themselves inside a string: not `"`, not `\`, not a control character. */
const PLAIN = table((c) => c >= 0x20 && c !== QUOTE && c !== BACKSLASH);
/** JSON whitespace. */
const WS = table((c) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09);
const HEX = table((c) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
/** The byte after `\` in a one-character escape. */
const ESCAPE = table((c) => c === QUOTE || c === BACKSLASH || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74);
/** Bytes that may not directly follow a literal or number (the exact skipper's `isWordByte`). */
const WORD = table((c) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2e || c === 0x2b || c === 0x2d || c === 0x5f);

/**
 * Skips a string whose opening quote is at `p`; returns the position after
 * its closing quote, or FAST_SKIP_FAILED. Runs of four ordinary bytes are
 * recognised in one step (a word that holds no quote, backslash or control
 * byte, tested with the classic "has zero byte" bit tricks); the bytes
 * around them go one at a time.
 */
function skipString(b: Uint8Array, view: DataView, last4: number, p: number): number {
  p++;
  for (;;) {
    while (p <= last4) {
      const v = view.getUint32(p);
      const q = v ^ 0x22222222;
      const s = v ^ 0x5c5c5c5c;
      if ((((q - 0x01010101) & ~q) | ((s - 0x01010101) & ~s) | ((v - 0x20202020) & ~v)) & 0x80808080) break;
      p += 4;
    }
    let c = b[p];
    while (PLAIN[c] === 1) c = b[++p];
    if (c === QUOTE) return p + 1;
    if (c !== BACKSLASH) return FAST_SKIP_FAILED; // control character or end of input
    c = b[++p];
    if (c === 0x75) {
      if ((HEX[b[p + 1]] & HEX[b[p + 2]] & HEX[b[p + 3]] & HEX[b[p + 4]]) !== 1) return FAST_SKIP_FAILED;
      p += 4;
    } else if (ESCAPE[c] !== 1) return FAST_SKIP_FAILED;
    p++;
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Skips `true`, `false`, `null` or a number at `p`; returns its end or FAST_SKIP_FAILED. */
function skipLiteral(b: Uint8Array, p: number): number {
  let c = b[p];
  if (c === 0x74) return b[p + 1] === 0x72 && b[p + 2] === 0x75 && b[p + 3] === 0x65 && WORD[b[p + 4]] !== 1 ? p + 4 : FAST_SKIP_FAILED;
  if (c === 0x66) return b[p + 1] === 0x61 && b[p + 2] === 0x6c && b[p + 3] === 0x73 && b[p + 4] === 0x65 && WORD[b[p + 5]] !== 1 ? p + 5 : FAST_SKIP_FAILED;
  if (c === 0x6e) return b[p + 1] === 0x75 && b[p + 2] === 0x6c && b[p + 3] === 0x6c && WORD[b[p + 4]] !== 1 ? p + 4 : FAST_SKIP_FAILED;
  if (c === 0x2d) c = b[++p];
  if (c === 0x30) c = b[++p];
  else if (c >= 0x31 && c <= 0x39) {
    do c = b[++p];
    while (isDigit(c));
  } else return FAST_SKIP_FAILED;
  if (c === 0x2e) {
    c = b[++p];
    if (!isDigit(c)) return FAST_SKIP_FAILED;
    do c = b[++p];
    while (isDigit(c));
  }
  if (c === 0x65 || c === 0x45) {
    c = b[++p];
    if (c === 0x2b || c === 0x2d) c = b[++p];
    if (!isDigit(c)) return FAST_SKIP_FAILED;
    do c = b[++p];
    while (isDigit(c));
  }
  return WORD[c] === 1 ? FAST_SKIP_FAILED : p;
}

/**
 * Told where containers open and close during a skip (see container-index.ts):
 * `open(at, depth)` with the bracket's position and its nesting depth below
 * the skipped value (0 for the value itself), `close(end, depth)` with the
 * position after its closing bracket. Only containers that are closed were
 * valid.
 */
export interface SkipRecorder {
  open(at: number, depth: number): void;
  close(end: number, depth: number): void;
}

/** Reusable container stack (1 = object, 0 = array); grows on demand, never shrinks. */
let stack = new Uint8Array(256);

/**
 * Skips the object or array whose opening bracket is at `p` in `b` and
 * returns the position just after its closing bracket, or FAST_SKIP_FAILED
 * when the value is not valid JSON (including when it runs past the end).
 * `view` is a DataView over the same bytes (for the indentation fast path).
 * Iterative: nesting depth is limited only by memory. A `recorder` hears of
 * every container opened and closed on the way.
 */
export function fastSkipContainer(b: Uint8Array, view: DataView, p: number, recorder: SkipRecorder | null = null): number {
  const last4 = b.length - 4;
  let depth = 0;
  let c = b[p];
  open: for (;;) {
    // A container opens at p (c is its bracket).
    if (depth === stack.length) {
      const bigger = new Uint8Array(depth * 2);
      bigger.set(stack);
      stack = bigger;
    }
    const isObject = c === LBRACE;
    if (recorder !== null) recorder.open(p, depth);
    stack[depth++] = isObject ? 1 : 0;
    c = b[++p];
    if (c === NEWLINE) {
      p++;
      while (p <= last4 && view.getUint32(p) === FOUR_SPACES) p += 4;
      c = b[p];
    }
    while (WS[c] === 1) c = b[++p];
    if (c === (isObject ? RBRACE : RBRACKET)) {
      p++;
      depth--;
      if (recorder !== null) recorder.close(p, depth);
    } else {
      if (isObject) {
        if (c !== QUOTE) return FAST_SKIP_FAILED;
        p = skipString(b, view, last4, p);
        if (p < 0) return FAST_SKIP_FAILED;
        c = b[p];
        while (WS[c] === 1) c = b[++p];
        if (c !== COLON) return FAST_SKIP_FAILED;
        c = b[++p];
        while (WS[c] === 1) c = b[++p];
      }
      if (c === LBRACE || c === LBRACKET) continue open;
      p = c === QUOTE ? skipString(b, view, last4, p) : skipLiteral(b, p);
      if (p < 0) return FAST_SKIP_FAILED;
    }
    // After a value: commas, closing brackets, until the next container opens.
    for (;;) {
      if (depth === 0) return p;
      c = b[p];
      if (c === NEWLINE) {
        p++;
        while (p <= last4 && view.getUint32(p) === FOUR_SPACES) p += 4;
        c = b[p];
      }
      while (WS[c] === 1) c = b[++p];
      const inObject = stack[depth - 1] === 1;
      if (c === COMMA) {
        c = b[++p];
        if (c === NEWLINE) {
          p++;
          while (p <= last4 && view.getUint32(p) === FOUR_SPACES) p += 4;
          c = b[p];
        }
        while (WS[c] === 1) c = b[++p];
        if (inObject) {
          if (c !== QUOTE) return FAST_SKIP_FAILED;
          p = skipString(b, view, last4, p);
          if (p < 0) return FAST_SKIP_FAILED;
          c = b[p];
          while (WS[c] === 1) c = b[++p];
          if (c !== COLON) return FAST_SKIP_FAILED;
          c = b[++p];
          while (WS[c] === 1) c = b[++p];
        }
        if (c === LBRACE || c === LBRACKET) continue open;
        p = c === QUOTE ? skipString(b, view, last4, p) : skipLiteral(b, p);
        if (p < 0) return FAST_SKIP_FAILED;
        continue;
      }
      if (c !== (inObject ? RBRACE : RBRACKET)) return FAST_SKIP_FAILED;
      p++;
      depth--;
      if (recorder !== null) recorder.close(p, depth);
    }
  }
}

/**
 * Skips JSON whitespace from `p`; returns the position of the first other
 * byte (or `b.length`). Newline-plus-indentation runs go four bytes a step.
 */
export function fastSkipWs(b: Uint8Array, view: DataView, p: number): number {
  let c = b[p];
  for (;;) {
    if (c === NEWLINE) {
      p++;
      const last4 = b.length - 4;
      while (p <= last4 && view.getUint32(p) === FOUR_SPACES) p += 4;
      c = b[p];
    } else if (WS[c] === 1) c = b[++p];
    else return p;
  }
}
