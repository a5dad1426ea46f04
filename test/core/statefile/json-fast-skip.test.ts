/**
 * The scanner's fast path must accept exactly what the exact skipper
 * accepts, ending at the same byte: when it rejects, the exact skipper
 * re-scans to report the error, so any disagreement would either hide an
 * error or cost the fast path its speed. Compared on generated JSON in
 * Terraform's indented framing and compact framing, mutated at random.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FAST_SKIP_FAILED, fastSkipContainer, fastSkipWs } from '../../../src/core/statefile/json-fast-skip.js';
import { JsonScanner, JsonSyntaxError } from '../../../src/core/statefile/json-scan.js';
import { decodeState } from '../../../src/core/statefile/index.js';

const encoder = new TextEncoder();

/** What the exact skipper makes of the container at `at`: its end, or the error it throws. */
function exact(bytes: Uint8Array, at: number): number | string {
  const s = new JsonScanner(bytes);
  s.pos = at;
  try {
    s.skipContainerExact();
    return s.pos;
  } catch (e) {
    if (e instanceof JsonSyntaxError) return `${e.offset}: ${e.message}`;
    throw e;
  }
}

function fast(bytes: Uint8Array, at: number): number {
  return fastSkipContainer(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), at);
}

/** The verdicts agree: same end, or both reject. */
function agree(bytes: Uint8Array, at: number): boolean {
  const e = exact(bytes, at);
  const f = fast(bytes, at);
  return typeof e === 'number' ? f === e : f === FAST_SKIP_FAILED;
}

const tricky = fc.constantFrom(
  '"\\u00e9\\n\\t\\"\\\\\\/\\b\\f\\r"',
  '"\\u12"',
  '"\\x"',
  '"a\u0001b"',
  '"\u00ff\u00fe caf\u00e9 \u2028"',
  '"\\ud800"',
  '-0',
  '1e400',
  '100.0',
  '1E+5',
  '01',
  '1.',
  '.5',
  '-',
  '1e',
  '9007199254740993',
  'tru',
  'truex',
  'nulll',
  'false1',
  '[]',
  '{}',
  '[ ]',
  '{\n}',
  '"<>&"',
);

/** Generated documents: fast-check JSON, Terraform-like indentation, and tricky tokens spliced in. */
const documents = fc
  .tuple(
    fc.jsonValue({ maxDepth: 5 }),
    fc.constantFrom(0, 1, 2, 4, '\t'),
    fc.array(fc.tuple(fc.nat(), tricky), { maxLength: 2 }),
  )
  .map(([v, indent, splices]) => {
    let text = JSON.stringify({ v, long: 'x'.repeat(40) + '\\"' + 'y'.repeat(9) }, null, indent === 0 ? undefined : indent);
    for (const [at, token] of splices) {
      const i = at % (text.length + 1);
      text = text.slice(0, i) + token + text.slice(i);
    }
    return encoder.encode(text);
  });

/** Byte-level mutations of a document. */
const mutated = fc
  .tuple(
    documents,
    fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
        fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
        fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }) }),
        fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 6 }) }),
      ),
      { maxLength: 3 },
    ),
  )
  .map(([doc, muts]) => {
    let b = Array.from(doc);
    for (const m of muts) {
      const at = b.length === 0 ? 0 : m.at % b.length;
      if (m.kind === 'flip') b[at] = (b[at] ?? 0) ^ (1 << m.bit);
      else if (m.kind === 'truncate') b = b.slice(0, at);
      else if (m.kind === 'insert') b.splice(at, 0, ...m.bytes);
      else b.splice(at, m.n);
    }
    return new Uint8Array(b);
  });

describe('the fast skipper', () => {
  it('agrees with the exact skipper on generated and mutated JSON', () => {
    fc.assert(
      fc.property(mutated, (bytes) => {
        const at = bytes.indexOf(0x7b) >= 0 ? bytes.indexOf(0x7b) : bytes.indexOf(0x5b);
        if (at < 0) return true;
        return agree(bytes, at);
      }),
      { numRuns: 4000, seed: 20240611 },
    );
  });

  it('agrees at every container of a valid document, not only the outermost', () => {
    fc.assert(
      fc.property(documents, (bytes) => {
        for (let i = 0; i < bytes.length; i++) if ((bytes[i] === 0x7b || bytes[i] === 0x5b) && !agree(bytes, i)) return false;
        return true;
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it.each([
    ['{"a": [1, 2, {"b": null}]}', 26],
    ['[\n    "x",\n    "y"\n]', 20],
    ['{\n        "k": "v"\n}', 20],
    ['[[[[]]]]', 8],
    ['{"s": "a\\u0041\\"b"}', 19],
  ])('ends %j at byte %i', (text, end) => {
    expect(fast(encoder.encode(text), 0)).toBe(end);
  });

  it.each([
    ['{"a": 1,}'],
    ['{"a" 1}'],
    ['[1 2]'],
    ['["a\tb"]'],
    ['["\\q"]'],
    ['[01]'],
    ['[1.e5]'],
    ['[truex]'],
    ['{"a": [}'],
    ['[\n    "open'],
    ['[\n    '],
  ])('rejects %j, leaving the message to the exact skipper', (text) => {
    expect(fast(encoder.encode(text), 0)).toBe(FAST_SKIP_FAILED);
    expect(typeof exact(encoder.encode(text), 0)).toBe('string');
  });

  it('skips indentation, tabs and carriage returns like any whitespace', () => {
    const b = encoder.encode('\n        \t\r\n  x');
    expect(fastSkipWs(b, new DataView(b.buffer), 0)).toBe(b.length - 1);
    expect(fastSkipWs(b, new DataView(b.buffer), b.length)).toBe(b.length);
  });
});

describe('syntax errors found on the fast path', () => {
  it.each([
    ['{\n  "version": 4,\n  "resources": [\n    {\n      "attributes": {"a": 1,}\n    }\n  ]\n}\n', 5, 29, "invalid character '}' looking for beginning of object key string"],
    ['{\n  "version": 4,\n  "resources": [\n    {\n      "attributes": {"a": "x\u0001"}\n    }\n  ]\n}\n', 5, 29, 'invalid control character byte 0x01 in string literal'],
    ['{\n  "version": 4,\n  "resources": [\n    {\n      "attributes": {"a": [1 2]}\n    }\n  ]\n}\n', 5, 30, "invalid character '2' after array element"],
  ])('are reported by the exact skipper with line and column (%#)', (text, line, column, message) => {
    const r = decodeState(encoder.encode(text), { location: 'x.tfstate' });
    expect(r.ok).toBe(false);
    expect(r.diags[0]?.detail).toBe(
      `x.tfstate:${line}:${column}: ${message}. The file is not valid JSON, so it is not a usable state; nothing was changed. Restore it from a backup (tfstate backups) or fix the syntax at that position.`,
    );
  });
});
