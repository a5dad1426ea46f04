/**
 * Go `encoding/json` compatible encoding: the escaping and layout Terraform
 * (MarshalIndent, 2 spaces) and OpenTofu 1.8-1.11 (compact Marshal) produce.
 *
 * Values are plain JS values plus two helpers: `Map` for objects whose key
 * order must be kept exactly (JS objects reorder integer-like keys), and
 * `GoRaw` for pre-encoded JSON embedded verbatim (raw attribute payloads).
 */
import type { Framing } from '../state/types.js';

/** Pre-encoded JSON text to embed as is (Go's json.RawMessage). */
export class GoRaw {
  constructor(readonly text: string) {}
}

/** A JSON value as the encoder understands it. */
export type GoValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | GoRaw
  | readonly GoValue[]
  | ReadonlyMap<string, GoValue>
  | { readonly [key: string]: GoValue };

/**
 * Quotes a string exactly as Go's encoding/json does with HTML escaping on:
 * `\" \\ \n \r \t \b \f`, other controls as `\u00XX` (lower-case hex),
 * `< > &` as `\u003c \u003e \u0026`, U+2028/U+2029 escaped, everything else
 * raw UTF-8 (lone surrogates become U+FFFD, as Go does for invalid UTF-8).
 */
export function goQuote(s: string): string {
  let out = '"';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | null = null;
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      switch (c) {
        case 0x22:
          rep = '\\"';
          break;
        case 0x5c:
          rep = '\\\\';
          break;
        case 0x0a:
          rep = '\\n';
          break;
        case 0x0d:
          rep = '\\r';
          break;
        case 0x09:
          rep = '\\t';
          break;
        case 0x08:
          rep = '\\b';
          break;
        case 0x0c:
          rep = '\\f';
          break;
        default:
          rep = '\\u' + c.toString(16).padStart(4, '0');
      }
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const hi = c <= 0xdbff;
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (hi && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      rep = '\ufffd';
    }
    if (rep !== null) {
      out += s.slice(last, i) + rep;
      last = i + 1;
    }
  }
  return out + s.slice(last) + '"';
}

/** `INDENTS[d]`: a newline and `d` levels of two-space indentation (the common depths, made once). */
const INDENTS = Array.from({ length: 16 }, (_, d) => '\n' + '  '.repeat(d));

/** Newline plus indentation for `depth` levels (indent framing) or '' (compact). */
export function indentAt(framing: Framing, depth: number): string {
  if (framing !== 'indent') return '';
  return depth < INDENTS.length ? INDENTS[depth] : '\n' + '  '.repeat(depth);
}

/** The separator between a key and its value. */
export function keySep(framing: Framing): string {
  return framing === 'indent' ? ': ' : ':';
}

/**
 * Encodes a value as Go would, at nesting `depth` (the indentation of the
 * line the value starts on). Empty arrays/objects stay inline.
 */
export function goEncode(v: GoValue, framing: Framing, depth = 0): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError('cannot encode non-finite number');
    return String(v);
  }
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return goQuote(v);
  if (v instanceof GoRaw) return v.text;
  if (Array.isArray(v)) {
    const arr = v as readonly GoValue[];
    if (arr.length === 0) return '[]';
    const inner = indentAt(framing, depth + 1);
    return '[' + arr.map((e) => inner + goEncode(e, framing, depth + 1)).join(',') + indentAt(framing, depth) + ']';
  }
  const entries: [string, GoValue][] = v instanceof Map ? [...(v as ReadonlyMap<string, GoValue>).entries()] : Object.entries(v as { [k: string]: GoValue });
  if (entries.length === 0) return '{}';
  const inner = indentAt(framing, depth + 1);
  const sep = keySep(framing);
  return '{' + entries.map(([k, e]) => inner + goQuote(k) + sep + goEncode(e, framing, depth + 1)).join(',') + indentAt(framing, depth) + '}';
}

/**
 * Re-lays out JSON text (already valid) for `framing` at `depth`, keeping
 * every token byte-for-byte (Go's json.Indent / json.Compact). Used when a raw
 * value moves between files of different framing.
 */
export function reframe(text: string, framing: Framing, depth: number): string {
  let out = '';
  let level = depth;
  let i = 0;
  const n = text.length;
  const nl = (d: number): string => indentAt(framing, d);
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') {
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < n) {
        const d = text[j];
        if (d === '\\') j += 2;
        else if (d === '"') break;
        else j++;
      }
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '{' || c === '[') {
      // Empty container stays inline.
      let j = i + 1;
      while (j < n && /\s/.test(text[j])) j++;
      if (text[j] === (c === '{' ? '}' : ']')) {
        out += c + text[j];
        i = j + 1;
        continue;
      }
      level++;
      out += c + nl(level);
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      level--;
      out += nl(level) + c;
      i++;
      continue;
    }
    if (c === ',') {
      out += ',' + nl(level);
      i++;
      continue;
    }
    if (c === ':') {
      out += keySep(framing);
      i++;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
