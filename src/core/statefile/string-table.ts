/**
 * Shared strings for short byte runs that repeat across a state file
 * (resource types and names, provider addresses, modes, instance keys).
 *
 * Looking a run up by a hash of its bytes gives the string made for the same
 * bytes before without building a new one, so decoding 10 000 resources of
 * type `aws_instance` makes that string once. Strings are immutable, so
 * sharing them changes nothing for the reader.
 */
import { utf8Text } from './json-text.js';

/** Runs longer than this are not worth tabling (and rarely repeat). */
const MAX_TABLED = 64;

interface Entry {
  readonly text: string;
  next: Entry | null;
}

/** True when bytes [start, end) are all ASCII. */
function isAscii(b: Uint8Array, start: number, end: number): boolean {
  let or = 0;
  for (let i = start; i < end; i++) or |= b[i];
  return or < 0x80;
}

/** FNV-1a over bytes [start, end), as a small integer. */
function hash(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h | 0;
}

/** True when `text` (ASCII) spells exactly bytes [start, end). */
function spells(text: string, b: Uint8Array, start: number, end: number): boolean {
  if (text.length !== end - start) return false;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== b[start + i]) return false;
  return true;
}

/** A per-file table of the strings decoded from short ASCII byte runs. */
export class StringTable {
  private readonly entries = new Map<number, Entry>();

  constructor(private readonly bytes: Uint8Array) {}

  /**
   * The text of bytes [start, end) (UTF-8, no JSON escapes), shared with
   * every earlier run of the same bytes when it is short ASCII.
   */
  text(start: number, end: number): string {
    const b = this.bytes;
    if (end - start > MAX_TABLED || !isAscii(b, start, end)) return utf8Text(b, start, end);
    const h = hash(b, start, end);
    const first = this.entries.get(h);
    for (let e: Entry | null = first ?? null; e !== null; e = e.next) if (spells(e.text, b, start, end)) return e.text;
    const text = utf8Text(b, start, end);
    this.entries.set(h, { text, next: first ?? null });
    return text;
  }
}
