/**
 * The `/` filter over resource instances: fuzzy (fuzzysort) on the address,
 * the resource type and the `id`, plus a case-insensitive substring match on
 * attribute values for queries of three characters or more.
 *
 * Big states stay fast because the search text is built lazily, once per
 * snapshot, from bounded slices of each instance's raw attributes (the first
 * `ATTRIBUTE_SCAN_BYTES` bytes, string values only), never by parsing every
 * attribute object. Sensitive values are never indexed: an instance that
 * records sensitive paths is indexed from its masked attribute tree (when
 * small enough) or not at all, so a filter cannot be used to probe secrets.
 */
import fuzzysort from 'fuzzysort';
import { findField, rawText } from '../../core/statefile/index.js';
import { attributesOf } from '../../core/state/render.js';
import type { JNode } from '../../core/state/lossless-json.js';
import type { InstanceObject, RawJson } from '../../core/state/types.js';
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
  /** Lower-cased attribute string values per entry, joined by newlines. */
  readonly values: readonly string[];
}

const searchCache = new WeakMap<StateIndex, SearchIndex>();
const decoder = new TextDecoder('utf-8', { fatal: false });
const PAIR = /"([^"\\]*(?:\\.[^"\\]*)*)"\s*:\s*"([^"\\]*(?:\\.[^"\\]*)*)"/g;

/** The (cached) search index of a state index; built on first use. */
export function searchIndexOf(index: StateIndex): SearchIndex {
  const hit = searchCache.get(index);
  if (hit) return hit;
  const targets: Target[] = [];
  const values: string[] = [];
  index.entries.forEach((e, i) => {
    const obj = currentObject(e.resource, e.key);
    const scanned = obj ? scanValues(obj) : { id: '', values: '' };
    targets.push({ i, address: fuzzysort.prepare(e.address), type: fuzzysort.prepare(e.type), id: scanned.id ? fuzzysort.prepare(scanned.id) : '' });
    values.push(scanned.values);
  });
  const built = { targets, values };
  searchCache.set(index, built);
  return built;
}

/**
 * The entries (positions in `index.entries`, ascending, i.e. `state list`
 * order) that match `query`. An empty or blank query matches everything.
 * Pure apart from the per-index cache.
 */
export function filterEntries(index: StateIndex, query: string): number[] {
  const q = query.trim();
  if (q === '') return index.entries.map((_, i) => i);
  const search = searchIndexOf(index);
  const hits = new Set<number>();
  const results = fuzzysort.go(q, search.targets, { keys: ['address', 'type', 'id'], threshold: FUZZY_THRESHOLD });
  for (const r of results) hits.add(r.obj.i);
  if (q.length >= 3) {
    const needle = q.toLowerCase();
    search.values.forEach((v, i) => {
      if (v.includes(needle)) hits.add(i);
    });
  }
  return [...hits].sort((a, b) => a - b);
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
  const text = headText(raw);
  const strings: string[] = [];
  let id = '';
  for (const m of text.matchAll(PAIR)) {
    const v = unescape(m[2]);
    strings.push(v);
    if (m[1] === 'id' && id === '') id = v;
  }
  return { id, values: strings.join('\n').toLowerCase() };
}

function headText(raw: RawJson): string {
  const end = Math.min(raw.span.end, raw.span.start + ATTRIBUTE_SCAN_BYTES);
  return decoder.decode(raw.bytes.subarray(raw.span.start, end));
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
