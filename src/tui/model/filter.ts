/**
 * The `/` filter over resource instances: a case-insensitive substring match
 * on the address, the resource type and the `id`, plus, for queries longer
 * than three characters, fuzzy (fuzzysort) on the same three (fuzzy matching
 * of a few characters keeps nearly everything and is the slowest case), and
 * from three characters a substring match on attribute values.
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
import { ENTRY_SEPARATOR, entryText, fold, fuzzyNarrows, fuzzyWords, joinTexts, mayMatch, searchJoined, type JoinedText } from './filter-match.js';

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

interface Building {
  readonly targets: Target[];
  /** Lower-cased `address`, `type` and `id` per entry (short queries match these by substring). */
  readonly names: string[];
  /** Folded (`fold`) address and id per entry: the keys a fuzzy match needs (the type is part of the address). */
  readonly folded: (readonly string[])[];
  /** One prepared target per distinct resource type (many instances share a type). */
  readonly types: Map<string, Fuzzysort.Prepared>;
  /** Lower-cased attribute string values per entry, joined by newlines; emptied once `values` is built. */
  parts: string[];
  /** Every entry's value text in one string, built when the index is complete. */
  values: JoinedText | null;
  /** Results of recent queries (most recent last), for backspace and for narrowing. */
  readonly recent: Map<string, QueryResult>;
}

/** What one query kept, and the candidate sets a longer query can narrow from. */
interface QueryResult {
  readonly out: readonly number[];
  /** The lower-cased query. */
  readonly needle: string;
  /** Entries whose address, type or id contain `needle`, ascending. */
  readonly nameHits: Int32Array;
  /** The folded words fuzzysort requires (long queries only). */
  readonly words: readonly string[] | null;
  /** Entries that may match the fuzzy query (`mayMatch`), ascending; a superset of its fuzzy matches. */
  readonly fuzzy: Int32Array | null;
  /** Entries whose values contain `needle` (queries of `VALUE_QUERY` characters or more), ascending. */
  readonly valueHits: Int32Array | null;
}

/** The complete search index of a state index. */
type SearchIndex = Building & { readonly values: JoinedText };

const searchCache = new WeakMap<StateIndex, Building>();
const decoder = new TextDecoder('utf-8', { fatal: false });
/** Queries this short match names by substring: fuzzy matching of a few characters keeps nearly everything and costs the most. */
export const SHORT_QUERY = 3;
/** Attribute values are searched for queries at least this long. */
export const VALUE_QUERY = 3;
/** How many recent query results are kept per state. */
export const RECENT_QUERIES = 64;

/**
 * Indexes up to `count` more entries of `index` for the filter (resuming
 * where the last call stopped); returns true once every entry is indexed.
 * Lets the controller build the index in slices while the user browses.
 */
export function buildSearchIndex(index: StateIndex, count = Infinity): boolean {
  let b = searchCache.get(index);
  if (!b) {
    b = { targets: [], names: [], folded: [], types: new Map(), parts: [], values: null, recent: new Map() };
    searchCache.set(index, b);
  }
  const end = Math.min(index.entries.length, b.targets.length + count);
  for (let i = b.targets.length; i < end; i++) {
    const e = index.entries[i];
    const obj = currentObject(e.resource, e.key);
    const scanned = obj ? scanValues(obj) : { id: '', values: '' };
    let type = b.types.get(e.type);
    if (!type) b.types.set(e.type, (type = prepared(e.type)));
    b.targets.push({ i, address: prepared(e.address), type, id: scanned.id ? fuzzysort.prepare(scanned.id) : '' });
    b.names.push(`${e.address}\n${e.type}\n${scanned.id}`.toLowerCase());
    b.folded.push(scanned.id ? [fold(e.address), fold(scanned.id)] : [fold(e.address)]);
    b.parts.push(scanned.values);
  }
  const done = b.targets.length === index.entries.length;
  if (done && !b.values) {
    b.values = joinTexts(b.parts);
    b.parts = [];
  }
  return done;
}

/** A prepared fuzzysort target, its lazily built word-start table computed now (in the background) rather than by the first long query that reaches it. */
function prepared(text: string): Fuzzysort.Prepared {
  const p = fuzzysort.prepare(text);
  fuzzysort.single(text.slice(0, 1), p);
  return p;
}

/** The (cached) search index of a state index, completed now if the background build has not finished. */
function searchIndexOf(index: StateIndex): SearchIndex {
  buildSearchIndex(index);
  return searchCache.get(index)! as SearchIndex;
}

/**
 * The entries (positions in `index.entries`, ascending, i.e. `state list`
 * order) that match `query`. An empty or blank query matches everything;
 * any other matches address, type or id by substring (case-insensitive),
 * and when longer than `SHORT_QUERY` characters fuzzily too; from
 * `VALUE_QUERY` characters attribute values match by substring as well.
 *
 * Results of recent queries are cached per index (going back to an earlier
 * query is a lookup), and a query is searched only among the candidates of
 * an earlier query it narrows (typing on): the same results as a fresh
 * search, for less work. Pure apart from the per-index caches; the returned
 * array is shared and must not be modified.
 */
export function filterEntries(index: StateIndex, query: string): readonly number[] {
  const q = query.trim();
  if (q === '') return index.entries.map((_, i) => i);
  const search = searchIndexOf(index);
  const cached = search.recent.get(q);
  if (cached) {
    search.recent.delete(q);
    search.recent.set(q, cached);
    return cached.out;
  }
  const result = runQuery(search, q, index.entries.length);
  search.recent.set(q, result);
  if (search.recent.size > RECENT_QUERIES) search.recent.delete(search.recent.keys().next().value!);
  return result.out;
}

function runQuery(search: SearchIndex, q: string, n: number): QueryResult {
  const needle = q.toLowerCase();
  const hit = new Uint8Array(n);
  const nameHits = substringMatches(search, needle, n, (r) => r.nameHits, (i) => search.names[i]);
  for (const i of nameHits) hit[i] = 1;
  let words: string[] | null = null;
  let fuzzy: Int32Array | null = null;
  if (q.length > SHORT_QUERY) {
    words = fuzzyWords(q);
    fuzzy = fuzzyCandidates(search, words, n);
    // Substring matches are kept already; fuzzysort scores the rest.
    const targets: Target[] = [];
    for (const i of fuzzy) if (!hit[i]) targets.push(search.targets[i]);
    for (const r of fuzzysort.go(q, targets, { keys: ['address', 'type', 'id'], threshold: FUZZY_THRESHOLD })) hit[r.obj.i] = 1;
  }
  let valueHits: Int32Array | null = null;
  if (q.length >= VALUE_QUERY) {
    valueHits = substringMatches(search, needle, n, (r) => r.valueHits, (i) => entryText(search.values, i), search.values);
    for (const i of valueHits) hit[i] = 1;
  }
  const out: number[] = [];
  hit.forEach((h, i) => h && out.push(i));
  return { out, needle, nameHits, words, fuzzy, valueHits };
}

/** Entries that may match `words` fuzzily: narrowed from the smallest recent candidate set that allows it, else all. */
function fuzzyCandidates(search: SearchIndex, words: readonly string[], n: number): Int32Array {
  let base: Int32Array | null = null;
  for (const r of search.recent.values()) {
    if (r.words && r.fuzzy && (!base || r.fuzzy.length < base.length) && fuzzyNarrows(r.words, words)) base = r.fuzzy;
  }
  const out: number[] = [];
  const check = (i: number): void => {
    if (mayMatch(words, search.folded[i])) out.push(i);
  };
  if (base) base.forEach(check);
  else for (let i = 0; i < n; i++) check(i);
  return Int32Array.from(out);
}

/**
 * Entries whose `text(i)` contains `needle`: checked only among the
 * smallest recent hit set (per `hits`) of a query whose needle `needle`
 * contains, else among all entries (by one pass over `joined` when given).
 */
function substringMatches(search: SearchIndex, needle: string, n: number, hits: (r: QueryResult) => Int32Array | null, text: (i: number) => string, joined?: JoinedText): Int32Array {
  let base: Int32Array | null = null;
  for (const r of search.recent.values()) {
    const h = hits(r);
    if (h && (!base || h.length < base.length) && needle.includes(r.needle)) base = h;
  }
  const out: number[] = [];
  if (!base && joined && !needle.includes(ENTRY_SEPARATOR)) {
    const hit = new Uint8Array(n);
    searchJoined(joined, needle, hit);
    hit.forEach((h, i) => h && out.push(i));
    return Int32Array.from(out);
  }
  const check = (i: number): void => {
    if (text(i).includes(needle)) out.push(i);
  };
  if (base) base.forEach(check);
  else for (let i = 0; i < n; i++) check(i);
  return Int32Array.from(out);
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
