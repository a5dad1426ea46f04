/**
 * Access to raw JSON spans kept by the codec.
 */
import type { RawField, RawJson } from '../state/types.js';

const decoder = new TextDecoder('utf-8', { fatal: false });

/** The exact source text of a raw value (decoded as UTF-8). */
export function rawText(raw: RawJson): string {
  return decoder.decode(raw.bytes.subarray(raw.span.start, raw.span.end));
}

/** The exact source bytes of a raw value (a view, not a copy). */
export function rawBytes(raw: RawJson): Uint8Array {
  return raw.bytes.subarray(raw.span.start, raw.span.end);
}

/**
 * Decodes a raw value with `JSON.parse`. Lossy for numbers beyond 2^53 and
 * for number spelling: use only to *look at* values (audit, display), never
 * to write them back.
 */
export function rawValue(raw: RawJson): unknown {
  return JSON.parse(rawText(raw));
}

/** Finds a field by key; undefined when absent. */
export function findField(fields: readonly RawField[], key: string): RawJson | undefined {
  for (const f of fields) if (f.key === key) return f.value;
  return undefined;
}
