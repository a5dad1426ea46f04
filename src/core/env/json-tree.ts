/**
 * A small JSON reader for hand-written configuration files that keeps where
 * each value and object key is (line and column), reports the first syntax
 * error with its position, and keeps duplicate keys visible (JSON.parse
 * silently keeps the last one). Built on the state reader's byte scanner, so
 * syntax errors read the same as for state files. Pure.
 */
import { JsonScanner, JsonSyntaxError, spanText } from '../statefile/json-scan.js';
import { lastAtMost } from '../util/sorted.js';

/** A 1-based position in the text. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** One object member, in file order. */
export interface JsonMember {
  readonly key: string;
  readonly keyAt: Position;
  readonly value: JsonNode;
}

/** A parsed JSON value with its position. */
export type JsonNode =
  | { readonly kind: 'object'; readonly at: Position; readonly members: readonly JsonMember[] }
  | { readonly kind: 'array'; readonly at: Position; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly at: Position; readonly value: string }
  | { readonly kind: 'number'; readonly at: Position; readonly value: number; readonly text: string }
  | { readonly kind: 'boolean'; readonly at: Position; readonly value: boolean }
  | { readonly kind: 'null'; readonly at: Position };

/** The outcome of `parseJsonTree`. */
export type JsonTreeResult =
  | { readonly ok: true; readonly root: JsonNode }
  | { readonly ok: false; readonly at: Position; readonly message: string };

const encoder = new TextEncoder();

/**
 * How deep arrays and objects may nest. Configuration files nest a few levels;
 * the limit keeps a hostile or corrupted file from exhausting the stack.
 */
export const MAX_JSON_TREE_DEPTH = 256;

/**
 * Byte offset -> 1-based line and column (in characters), in O(log n) per
 * lookup after one O(n) pass, so a file with many values is not quadratic.
 */
function positions(bytes: Uint8Array): (offset: number) => Position {
  const lineStarts = [0];
  // chars[i]: characters (UTF-8 lead bytes) before byte i.
  const chars = new Uint32Array(bytes.length + 1);
  for (let i = 0; i < bytes.length; i++) {
    chars[i + 1] = chars[i] + ((bytes[i] & 0xc0) !== 0x80 ? 1 : 0);
    if (bytes[i] === 0x0a) lineStarts.push(i + 1);
  }
  return (offset) => {
    const at = Math.max(0, Math.min(offset, bytes.length));
    const lo = lastAtMost(lineStarts, at); // lineStarts[0] is 0, so lo >= 0
    return { line: lo + 1, column: chars[at] - chars[lineStarts[lo]] + 1 };
  };
}

/**
 * Parses one JSON document. A leading UTF-8 byte order mark is ignored.
 * Never throws for bad input: a syntax error comes back with the line and
 * column where it was found and a Go-style message
 * (`invalid character '}' looking for beginning of object key string`), and
 * so does nesting deeper than `MAX_JSON_TREE_DEPTH`.
 */
export function parseJsonTree(text: string): JsonTreeResult {
  const bytes = encoder.encode(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const s = new JsonScanner(bytes);
  const at = positions(bytes);
  let depth = 0;
  const node = (): JsonNode => {
    const c = s.peek();
    const pos = at(s.pos);
    if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_TREE_DEPTH) s.fail(`nesting is deeper than ${MAX_JSON_TREE_DEPTH} levels`);
      let n: JsonNode;
      if (c === 0x7b) {
        const members: JsonMember[] = [];
        s.object((key, span) => members.push({ key, keyAt: at(span.start), value: node() }));
        n = { kind: 'object', at: pos, members };
      } else {
        const items: JsonNode[] = [];
        s.array(() => items.push(node()));
        n = { kind: 'array', at: pos, items };
      }
      depth--;
      return n;
    }
    if (c === 0x22) return { kind: 'string', at: pos, value: s.readString() };
    const tok = spanText(bytes, s.skipValue());
    if (tok === 'true' || tok === 'false') return { kind: 'boolean', at: pos, value: tok === 'true' };
    if (tok === 'null') return { kind: 'null', at: pos };
    return { kind: 'number', at: pos, value: Number(tok), text: tok };
  };
  try {
    const root = node();
    if (s.ws() !== -1) s.fail(`invalid character ${s.describe(s.pos)} after top-level value`);
    return { ok: true, root };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { ok: false, at: at(e.offset), message: e.message };
    throw e;
  }
}

/** A node's kind as a user reads it: `a string`, `an object`, `null`, … */
export function describeKind(n: JsonNode): string {
  switch (n.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return 'null';
  }
}

/** `line:column`. */
export function formatPosition(p: Position): string {
  return `${p.line}:${p.column}`;
}

/** The node as a plain JavaScript value (objects keep the last of duplicate keys, like JSON.parse). */
export function toPlain(n: JsonNode): unknown {
  switch (n.kind) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const m of n.members) Object.defineProperty(o, m.key, { value: toPlain(m.value), enumerable: true, writable: true, configurable: true });
      return o;
    }
    case 'array':
      return n.items.map(toPlain);
    case 'null':
      return null;
    default:
      return n.value;
  }
}
