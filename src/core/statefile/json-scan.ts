/**
 * A byte-level JSON scanner that finds value boundaries without building
 * objects. It validates structure, literals, numbers, string escapes and
 * rejects raw control characters in strings, so a file it accepts is JSON,
 * and it is several times faster than `JSON.parse` on large states.
 *
 * Containers are skipped by the allocation-free fast path
 * (json-fast-skip.ts); only when that path rejects a value is it scanned
 * again by the exact skipper here, which throws the error with its Go-style
 * message and position.
 *
 * Syntax errors are thrown as `JsonSyntaxError` (an internal signal, turned
 * into a diagnostic with line and column by the decoder).
 */
import type { Span } from '../state/types.js';
import type { ContainerEnds } from './container-index.js';
import { FAST_SKIP_FAILED, fastSkipContainer, fastSkipWs } from './json-fast-skip.js';
import { decodeString, decodeStringSpan, JsonSyntaxError, knownKey, utf8Text } from './json-text.js';

export { decodeString, decodeStringSpan, JsonSyntaxError, knownKey, lineColumn, spanText, utf8Text } from './json-text.js';

import { BACKSLASH, COLON, COMMA, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET } from './json-bytes.js';

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

const S_VALUE = 0;
const S_VALUE_OR_CLOSE = 1;
const S_KEY = 2;
const S_KEY_OR_CLOSE = 3;
const S_COLON = 4;
const S_COMMA_OR_CLOSE = 5;

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

/** Bytes that may continue a literal or number token (so `truex`, `1.2.3` are errors). */
function isWordByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2e || c === 0x2b || c === 0x2d || c === 0x5f;
}

/**
 * Scans one JSON document held in `bytes`. Positions are byte offsets.
 * Methods advance `pos`; none allocate for skipped values.
 */
export class JsonScanner {
  pos = 0;
  /** Whether the string last skipped by `skipString` contained escapes. */
  lastEscaped = false;
  /** The same bytes as a DataView, for the fast path's four-byte steps. */
  private readonly view: DataView;

  /**
   * `ends`, when given, is an index of these same bytes built by another
   * thread (container-index.ts): containers it has validated are jumped over.
   */
  constructor(
    readonly bytes: Uint8Array,
    private readonly ends: ContainerEnds | null = null,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Skips whitespace; returns the next byte (or -1 at end). */
  ws(): number {
    const b = this.bytes;
    let p = this.pos;
    const c = b[p];
    // Most calls find no whitespace at all: answer those without the loop.
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return p < b.length ? c : -1;
    p = fastSkipWs(b, this.view, p);
    this.pos = p;
    return p < b.length ? b[p] : -1;
  }

  /** Throws a syntax error at the current position. */
  fail(message: string, at: number = this.pos): never {
    throw new JsonSyntaxError(message, at);
  }

  /** Consumes the expected byte after whitespace. */
  expect(c: number, what: string): void {
    if (this.ws() !== c) this.fail(this.pos >= this.bytes.length ? `unexpected end of JSON input, expected ${what}` : `invalid character ${this.describe(this.pos)}, expected ${what}`);
    this.pos++;
  }

  /** A printable description of the byte at `at`, like Go's error messages. */
  describe(at: number): string {
    if (at >= this.bytes.length) return 'end of input';
    const c = this.bytes[at];
    return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
  }

  /**
   * Skips a string starting at `pos` (which must be a quote) and returns the
   * position just after its closing quote; `lastEscaped` tells whether it
   * had escapes. Validates escapes and rejects raw control characters.
   * A plain byte loop: for the short strings of a state it beats native
   * `indexOf` calls, and it allocates nothing.
   */
  skipString(): number {
    const b = this.bytes;
    const start = this.pos;
    const n = b.length;
    let escaped = false;
    let p = start + 1;
    for (;;) {
      if (p >= n) this.fail('unexpected end of JSON input in string literal', start);
      const c = b[p];
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        const e = b[p + 1];
        if (e === 0x75) {
          for (let i = 2; i < 6; i++) if (!isHex(b[p + i])) this.fail('invalid character in \\u hexadecimal character escape', p + i);
          p += 6;
        } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
          p += 2;
        } else {
          this.fail(`invalid character ${this.describe(p + 1)} in string escape code`, p + 1);
        }
        continue;
      }
      if (c < 0x20) this.fail(`invalid control character ${this.describe(p)} in string literal`, p);
      p++;
    }
    this.pos = p + 1;
    this.lastEscaped = escaped;
    return p + 1;
  }

  /** Reads a string value (after whitespace) and decodes it. */
  readString(): string {
    if (this.ws() !== QUOTE) this.fail(`invalid character ${this.describe(this.pos)}, expected string`);
    const start = this.pos;
    const end = this.skipString();
    return decodeStringSpan(this.bytes, { start, end }, this.lastEscaped);
  }

  /** Skips any value after whitespace and returns its span. */
  skipValue(): Span {
    this.ws();
    const start = this.pos;
    return { start, end: this.skipValueEnd() };
  }

  /**
   * Skips any value after whitespace, like `skipValue`, but returns only its
   * end (the value starts at `pos` as it is after whitespace): no allocation.
   * `lastEscaped` is set when the value is a string.
   */
  skipValueEnd(): number {
    const c = this.ws();
    if (c === QUOTE) return this.skipString();
    if (c === LBRACE || c === LBRACKET) this.skipContainer();
    else this.skipLiteral();
    return this.pos;
  }

  /** Skips `true`, `false`, `null` or a number at `pos`, validating it byte by byte. */
  private skipLiteral(): void {
    const b = this.bytes;
    const start = this.pos;
    const c = b[start];
    if (c === 0x74 || c === 0x66 || c === 0x6e) {
      const word = c === 0x74 ? TRUE : c === 0x66 ? FALSE : NULL;
      for (let i = 0; i < word.length; i++) if (b[start + i] !== word[i]) this.fail(`invalid character ${this.describe(start + i)} in literal`, start + i);
      const after = b[start + word.length];
      if (after !== undefined && isWordByte(after)) this.fail(`invalid character ${this.describe(start + word.length)} after literal`, start + word.length);
      this.pos = start + word.length;
      return;
    }
    // number: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    let p = start;
    if (b[p] === 0x2d) p++;
    if (b[p] === 0x30) p++;
    else if (b[p] >= 0x31 && b[p] <= 0x39) while (b[p] >= 0x30 && b[p] <= 0x39) p++;
    else this.fail(p >= b.length ? 'unexpected end of JSON input' : `invalid character ${this.describe(p)} looking for beginning of value`, p);
    if (b[p] === 0x2e) {
      p++;
      if (!(b[p] >= 0x30 && b[p] <= 0x39)) this.fail(`invalid character ${this.describe(p)} after decimal point in numeric literal`, p);
      while (b[p] >= 0x30 && b[p] <= 0x39) p++;
    }
    if (b[p] === 0x65 || b[p] === 0x45) {
      p++;
      if (b[p] === 0x2b || b[p] === 0x2d) p++;
      if (!(b[p] >= 0x30 && b[p] <= 0x39)) this.fail(`invalid character ${this.describe(p)} in exponent of numeric literal`, p);
      while (b[p] >= 0x30 && b[p] <= 0x39) p++;
    }
    if (p < b.length && isWordByte(b[p])) this.fail(`invalid character ${this.describe(p)} after numeric literal`, p);
    this.pos = p;
  }

  /** Container stack for `skipContainer` (grows on demand). */
  private stack = new Uint8Array(64);

  /**
   * Skips an object or array at `pos`, validating its structure: the index
   * when it knows the container, else the fast path; when it rejects the value, the exact skipper finds and
   * throws the error (or, should the two ever disagree, accepts the value).
   */
  private skipContainer(): void {
    if (this.ends !== null) {
      const known = this.ends.endOf(this.pos);
      if (known > 0) {
        this.pos = known;
        return;
      }
    }
    const end = fastSkipContainer(this.bytes, this.view, this.pos);
    if (end !== FAST_SKIP_FAILED) {
      this.pos = end;
      return;
    }
    this.skipContainerExact();
  }

  /**
   * The exact skipper for an object or array at `pos`: one state machine over
   * the bytes (strings, whitespace and punctuation inline; literals in
   * `skipLiteral`) that throws the precise error. Iterative, so nesting depth
   * is limited only by memory.
   */
  skipContainerExact(): void {
    const b = this.bytes;
    const n = b.length;
    let stack = this.stack;
    let depth = 0;
    let p = this.pos;
    stack[depth++] = b[p];
    let state = b[p] === LBRACE ? S_KEY_OR_CLOSE : S_VALUE_OR_CLOSE;
    p++;
    for (;;) {
      if (p >= n) this.fail('unexpected end of JSON input', p);
      const c = b[p];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        p++;
        continue;
      }
      switch (state) {
        case S_COMMA_OR_CLOSE: {
          const top = stack[depth - 1];
          if (c === COMMA) {
            state = top === LBRACE ? S_KEY : S_VALUE;
            p++;
            continue;
          }
          if ((top === LBRACE && c === RBRACE) || (top === LBRACKET && c === RBRACKET)) {
            p++;
            if (--depth === 0) {
              this.pos = p;
              return;
            }
            continue;
          }
          this.fail(`invalid character ${this.describe(p)} after ${top === LBRACE ? 'object key:value pair' : 'array element'}`, p);
          break;
        }
        case S_COLON:
          if (c !== COLON) this.fail(`invalid character ${this.describe(p)} after object key`, p);
          state = S_VALUE;
          p++;
          continue;
        case S_KEY_OR_CLOSE:
        case S_KEY:
          if (state === S_KEY_OR_CLOSE && c === RBRACE) {
            p++;
            if (--depth === 0) {
              this.pos = p;
              return;
            }
            state = S_COMMA_OR_CLOSE;
            continue;
          }
          if (c !== QUOTE) this.fail(`invalid character ${this.describe(p)} looking for beginning of object key string`, p);
          this.pos = p;
          p = this.skipString();
          state = S_COLON;
          continue;
        default:
          // S_VALUE or S_VALUE_OR_CLOSE
          if (state === S_VALUE_OR_CLOSE && c === RBRACKET) {
            p++;
            if (--depth === 0) {
              this.pos = p;
              return;
            }
            state = S_COMMA_OR_CLOSE;
            continue;
          }
          if (c === QUOTE) {
            this.pos = p;
            p = this.skipString();
            state = S_COMMA_OR_CLOSE;
          } else if (c === LBRACE || c === LBRACKET) {
            if (depth === stack.length) {
              const bigger = new Uint8Array(stack.length * 2);
              bigger.set(stack);
              stack = this.stack = bigger;
            }
            stack[depth++] = c;
            state = c === LBRACE ? S_KEY_OR_CLOSE : S_VALUE_OR_CLOSE;
            p++;
          } else {
            this.pos = p;
            this.skipLiteral();
            p = this.pos;
            state = S_COMMA_OR_CLOSE;
          }
      }
    }
  }

  /**
   * Iterates an object's members at `pos` (after whitespace). For each member
   * the callback receives the decoded key and must consume the value (by
   * calling `skipValue` or a reader). Returns the object's span.
   */
  object(onMember: (key: string, keySpan: Span) => void): Span {
    const start = this.ws() === LBRACE ? this.pos : -1;
    if (this.enterObject()) {
      do {
        const key = this.memberKey();
        onMember(key, { start: this.keyStart, end: this.keyEnd });
      } while (this.nextMember());
    }
    return { start, end: this.pos };
  }

  /** Start of the key last read by `memberKey`. */
  keyStart = 0;
  /** End (after the closing quote) of the key last read by `memberKey`. */
  keyEnd = 0;

  /**
   * Opens an object at `pos` (after whitespace). Returns false, having
   * consumed it, when the object is empty; true when a member follows (read
   * it with `memberKey`, consume its value, then call `nextMember`).
   */
  enterObject(): boolean {
    if (this.ws() !== LBRACE) this.fail(`invalid character ${this.describe(this.pos)}, expected object`);
    this.pos++;
    if (this.ws() === RBRACE) {
      this.pos++;
      return false;
    }
    return true;
  }

  /**
   * Reads a member's key and the colon after it, and leaves `pos` at the
   * value (after whitespace). Known state-file keys come back as shared
   * strings, so decoding a large state does not allocate one per member.
   */
  memberKey(): string {
    if (this.ws() !== QUOTE) this.fail(`invalid character ${this.describe(this.pos)} looking for beginning of object key string`);
    const keyStart = this.pos;
    const keyEnd = this.skipString();
    this.keyStart = keyStart;
    this.keyEnd = keyEnd;
    const key = this.lastEscaped ? decodeString(this.bytes, keyStart, keyEnd, true) : (knownKey(this.bytes, keyStart + 1, keyEnd - 1) ?? utf8Text(this.bytes, keyStart + 1, keyEnd - 1));
    this.expect(COLON, "':' after object key");
    this.ws();
    return key;
  }

  /** After a member's value: true when another member follows (comma), false at the closing brace. */
  nextMember(): boolean {
    const c = this.ws();
    if (c === COMMA) {
      this.pos++;
      return true;
    }
    if (c === RBRACE) {
      this.pos++;
      return false;
    }
    this.fail(c === -1 ? 'unexpected end of JSON input' : `invalid character ${this.describe(this.pos)} after object key:value pair`);
  }

  /** Iterates an array's elements; the callback must consume each element. Returns the array's span. */
  array(onElement: (index: number) => void): Span {
    const start = this.ws() === LBRACKET ? this.pos : -1;
    if (this.enterArray()) {
      let i = 0;
      do onElement(i++);
      while (this.nextElement());
    }
    return { start, end: this.pos };
  }

  /**
   * Opens an array at `pos` (after whitespace). Returns false, having
   * consumed it, when the array is empty; true when an element follows at
   * `pos` (consume it, then call `nextElement`).
   */
  enterArray(): boolean {
    if (this.ws() !== LBRACKET) this.fail(`invalid character ${this.describe(this.pos)}, expected array`);
    this.pos++;
    if (this.ws() === RBRACKET) {
      this.pos++;
      return false;
    }
    return true;
  }

  /** After an element: true when another follows (comma; `pos` is then at it), false at the closing bracket. */
  nextElement(): boolean {
    const c = this.ws();
    if (c === COMMA) {
      this.pos++;
      this.ws();
      return true;
    }
    if (c === RBRACKET) {
      this.pos++;
      return false;
    }
    this.fail(c === -1 ? 'unexpected end of JSON input' : `invalid character ${this.describe(this.pos)} after array element`);
  }

  /** The byte at `pos` after whitespace, without consuming it. */
  peek(): number {
    return this.ws();
  }
}
