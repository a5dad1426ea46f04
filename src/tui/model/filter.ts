/**
 * The `/` filter over resource instances: fuzzy (fuzzysort) on the address,
 * the resource type and the `id`, plus a case-insensitive substring match on
 * attribute values; queries of up to three characters match address, type
 * and id by substring instead (fuzzy matching of a few characters keeps
 * nearly everything and is the slowest case).
 *
 * Big states stay fast because the search text is built once per snapshot,
 * in slices in the background (`buildSearchIndex`) or on first use, from
 * bounded slices of each instance's raw attributes (the first
 * `ATTRIBUTE_SCAN_BYTES` bytes, string values only), never by parsing every
 * attribute object. Sensitive values are never indexed: an instance that
 * records sensitive paths is indexed from its masked attribute tree (when
 * small enough) or not at all, so a filter cannot be used to probe secrets.
 */
import fuzzysort from 'fuzzysort';
import { findField, rawText } from '../../core/statefile/index.js';
import { attributesOf } from '../../core/state/render.js';
import type { JNode } from '../../core/state/lossless-json.js';
import type { InstanceObject } from '../../core/state/types.js';
import type { StateIndex } from './state-index.js';
import { currentObject } from '../../core/state/query.js';

/** How many bytes of each instance's attributes the value index reads. */
export const ATTRIBUTE_SCAN_BYTES = 2048;
/** Instances with sensitive values larger than this are left out of the value index. */
export const MASKED_PARSE_LIMIT = 64 * 1024;
/** Fuzzy matches scoring below this are dropped (fuzzysort scores 0..1). */
export const FUZZY_THRESHOLD = 0.3;

interface Target {
  readonly i: number;
  readonly address: Fuzzysort.Prepared;
  readonly type: Fuzzysort.Prepared;
  readonly id: Fuzzysort.Prepared | string;
}

interface SearchIndex {
  readonly targets: readonly Target[];
  /** Lower-cased `address`, `type` and `id` per entry (short queries match these by substring). */
  readonly names: readonly string[];
  /** Lower-cased attribute string values per entry, joined by newlines. */
  readonly values: readonly string[];
}

interface Building {
  readonly targets: Target[];
  readonly names: string[];
  readonly values: string[];
}

const searchCache = new WeakMap<StateIndex, Building>();
const decoder = new TextDecoder('utf-8', { fatal: false });
/** Queries this short match names by substring: fuzzy matching of a few characters keeps nearly everything and costs the most. */
export const SHORT_QUERY = 3;
/** Attribute values are searched for queries at least this long. */
export const VALUE_QUERY = 3;

/**
 * Indexes up to `count` more entries of `index` for the filter (resuming
 * where the last call stopped); returns true once every entry is indexed.
 * Lets the controller build the index in slices while the user browses.
 */
export function buildSearchIndex(index: StateIndex, count = Infinity): boolean {
  let b = searchCache.get(index);
  if (!b) {
    b = { targets: [], names: [], values: [] };
    searchCache.set(index, b);
  }
  const end = Math.min(index.entries.length, b.targets.length + count);
  for (let i = b.targets.length; i < end; i++) {
    const e = index.entries[i];
    const obj = currentObject(e.resource, e.key);
    const scanned = obj ? scanValues(obj) : { id: '', values: '' };
    b.targets.push({ i, address: fuzzysort.prepare(e.address), type: fuzzysort.prepare(e.type), id: scanned.id ? fuzzysort.prepare(scanned.id) : '' });
    b.names.push(`${e.address}\n${e.type}\n${scanned.id}`.toLowerCase());
    b.values.push(scanned.values);
  }
  return b.targets.length === index.entries.length;
}

/** The (cached) search index of a state index, completed now if the background build has not finished. */
export function searchIndexOf(index: StateIndex): SearchIndex {
  buildSearchIndex(index);
  return searchCache.get(index)!;
}

/**
 * The entries (positions in `index.entries`, ascending, i.e. `state list`
 * order) that match `query`. An empty or blank query matches everything;
 * up to `SHORT_QUERY` characters match address, type or id by substring,
 * longer queries fuzzily; from `VALUE_QUERY` characters attribute values
 * match by substring too. Pure apart
 * from the per-index cache.
 */
export function filterEntries(index: StateIndex, query: string): number[] {
  const q = query.trim();
  if (q === '') return index.entries.map((_, i) => i);
  const search = searchIndexOf(index);
  const needle = q.toLowerCase();
  const hit = new Uint8Array(index.entries.length);
  if (q.length <= SHORT_QUERY) search.names.forEach((n, i) => n.includes(needle) && (hit[i] = 1));
  else for (const r of fuzzysort.go(q, search.targets, { keys: ['address', 'type', 'id'], threshold: FUZZY_THRESHOLD })) hit[r.obj.i] = 1;
  if (q.length >= VALUE_QUERY) search.values.forEach((v, i) => v.includes(needle) && (hit[i] = 1));
  const out: number[] = [];
  hit.forEach((h, i) => h && out.push(i));
  return out;
}

/** The `id` and the searchable string values of an object (sensitive values never included). */
export function scanValues(obj: InstanceObject): { id: string; values: string } {
  const raw = findField(obj.fields, 'attributes') ?? findField(obj.fields, 'attributes_flat');
  if (!raw) return { id: '', values: '' };
  if (hasSensitive(obj)) {
    if (raw.span.end - raw.span.start > MASKED_PARSE_LIMIT) return { id: '', values: '' };
    const strings: string[] = [];
    let id = '';
    const tree = attributesOf(obj, false);
    if (tree.t === 'obj') {
      const idNode = tree.entries.find(([k]) => k === 'id')?.[1];
      if (idNode?.t === 'str') id = idNode.v;
    }
    collectStrings(tree, strings);
    return { id, values: strings.join('\n').toLowerCase() };
  }
  const strings: string[] = [];
  let id = '';
  scanPairs(raw.bytes, raw.span.start, Math.min(raw.span.end, raw.span.start + ATTRIBUTE_SCAN_BYTES), (k, v) => {
    strings.push(v);
    if (k === 'id' && id === '') id = v;
  });
  return { id, values: strings.join('\n').toLowerCase() };
}

/**
 * Calls `visit(key, value)` for every `"key": "string"` pair in
 * `bytes[start, end)` (any nesting level), without decoding the rest. A
 * string cut by `end` stops the scan. Far cheaper than a regular expression
 * or a parse on large states.
 */
export function scanPairs(bytes: Uint8Array, start: number, end: number, visit: (key: string, value: string) => void): void {
  let i = start;
  while (i < end) {
    if (bytes[i] !== 0x22) {
      i++;
      continue;
    }
    const key = readString(bytes, i, end);
    if (key === null) return;
    i = key.next;
    while (i < end && isSpace(bytes[i])) i++;
    if (bytes[i] !== 0x3a) continue;
    i++;
    while (i < end && isSpace(bytes[i])) i++;
    if (bytes[i] !== 0x22) continue;
    const value = readString(bytes, i, end);
    if (value === null) return;
    visit(key.text, value.text);
    i = value.next;
  }
}

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** The JSON string starting at `at` (a quote) and the index after it, or null when `end` cuts it. */
function readString(bytes: Uint8Array, at: number, end: number): { text: string; next: number } | null {
  let j = at + 1;
  let plain = true;
  while (j < end) {
    const b = bytes[j];
    if (b === 0x5c) {
      plain = false;
      j += 2;
      continue;
    }
    if (b === 0x22) break;
    if (b >= 0x80) plain = false;
    j++;
  }
  if (j >= end) return null;
  return { text: plain ? ascii(bytes, at + 1, j) : unescape(decoder.decode(bytes.subarray(at + 1, j))), next: j + 1 };
}

/** ASCII bytes as a string (short runs by char codes, which beats a decoder call per string). */
function ascii(bytes: Uint8Array, from: number, to: number): string {
  if (to - from > 64) return decoder.decode(bytes.subarray(from, to));
  let s = '';
  for (let k = from; k < to; k++) s += String.fromCharCode(bytes[k]);
  return s;
}

function hasSensitive(obj: InstanceObject): boolean {
  const s = findField(obj.fields, 'sensitive_attributes');
  if (!s) return false;
  return rawText(s).replace(/\s/g, '') !== '[]';
}

function collectStrings(n: JNode, out: string[]): void {
  if (n.t === 'str') out.push(n.v);
  else if (n.t === 'arr') for (const x of n.items) collectStrings(x, out);
  else if (n.t === 'obj') for (const [, v] of n.entries) collectStrings(v, out);
}

function unescape(s: string): string {
  if (!s.includes('\\')) return s;
  try {
    return JSON.parse(`"${s}"`) as string;
  } catch {
    return s;
  }
}

const ids = new WeakMap<object, string>();

/** The `id` attribute of an entry's current object ('' when none), from a bounded scan; cached per entry. */
export function entryId(e: StateIndex['entries'][number]): string {
  let id = ids.get(e);
  if (id === undefined) {
    const obj = currentObject(e.resource, e.key);
    id = obj ? scanValues(obj).id : '';
    ids.set(e, id);
  }
  return id;
}
