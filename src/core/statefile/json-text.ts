/**
 * Text helpers of the JSON scanner: the syntax error signal and its line and
 * column, UTF-8 decoding of byte spans, JSON string decoding, and the shared
 * strings of well-known state-file keys.
 */
import type { Span } from '../state/types.js';

/** A JSON syntax error at a byte offset. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/** 1-based line and column (in characters) of a byte offset. */
export function lineColumn(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, bytes.length);
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  let column = 1;
  for (let i = lineStart; i < end; i++) if ((bytes[i] & 0xc0) !== 0x80) column++;
  return { line, column };
}

const decoder = new TextDecoder('utf-8');

/**
 * Decodes bytes [start, end) as UTF-8 text. Short ASCII runs (keys, types,
 * names: almost everything the decoder reads) are built directly, which is
 * several times cheaper than a TextDecoder call per field.
 */
export function utf8Text(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 64) {
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (bytes[i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  }
  return decoder.decode(bytes.subarray(start, end));
}

/** Decodes a string token span (including quotes). */
export function decodeStringSpan(bytes: Uint8Array, span: Span, escaped: boolean): string {
  return decodeString(bytes, span.start, span.end, escaped);
}

/**
 * Decodes the string token at [start, end) (including its quotes);
 * `escaped` says whether it has escapes (`JsonScanner.lastEscaped`).
 */
export function decodeString(bytes: Uint8Array, start: number, end: number, escaped: boolean): string {
  if (!escaped) return utf8Text(bytes, start + 1, end - 1);
  const text = utf8Text(bytes, start, end);
  try {
    return JSON.parse(text) as string;
  } catch (e) {
    throw new JsonSyntaxError(`invalid string literal: ${(e as Error).message}`, start);
  }
}

/** Decodes the text of a span. */
export function spanText(bytes: Uint8Array, span: Span): string {
  return utf8Text(bytes, span.start, span.end);
}

/** Object keys of state files (and of their outputs), by length, with their bytes. */
const KNOWN_KEYS: { readonly text: string; readonly bytes: Uint8Array }[][] = [];
for (const text of [
  'version',
  'terraform_version',
  'serial',
  'lineage',
  'outputs',
  'resources',
  'check_results',
  'module',
  'mode',
  'type',
  'name',
  'each',
  'provider',
  'instances',
  'index_key',
  'status',
  'deposed',
  'schema_version',
  'attributes',
  'attributes_flat',
  'sensitive_attributes',
  'identity_schema_version',
  'identity',
  'private',
  'dependencies',
  'depends_on',
  'create_before_destroy',
  'skip_destroy',
  'value',
  'sensitive',
]) {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  (KNOWN_KEYS[text.length] ??= []).push({ text, bytes });
}

/**
 * The shared string for a well-known state-file key spelled by the bytes
 * [start, end) (no quotes, no escapes), or undefined for any other key.
 */
export function knownKey(bytes: Uint8Array, start: number, end: number): string | undefined {
  const candidates = KNOWN_KEYS[end - start];
  if (candidates === undefined) return undefined;
  next: for (const k of candidates) {
    const kb = k.bytes;
    for (let i = 0; i < kb.length; i++) if (bytes[start + i] !== kb[i]) continue next;
    return k.text;
  }
  return undefined;
}
