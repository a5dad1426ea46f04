/**
 * The codec's speed-ups must not change what it produces: the output sink
 * writes exactly the text and bytes it was given, the string table and span
 * cache return what decoding each span would, decoded fields read like the
 * plain `RawField`/`RawJson` objects they stand for, and the byte-level
 * checks agree with the rules they replace.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteSink } from '../../../src/core/statefile/byte-sink.js';
import { StringTable } from '../../../src/core/statefile/string-table.js';
import { SpanCache } from '../../../src/core/statefile/span-cache.js';
import { rawSliceMaker } from '../../../src/core/statefile/raw-slice.js';
import { decodeState, encodeState, findField, rawText } from '../../../src/core/statefile/index.js';
import { loadFixture, text } from '../../support/state-fixtures.js';

const encoder = new TextEncoder();

describe('ByteSink', () => {
  type Op = { kind: 'str'; s: string } | { kind: 'bytes'; src: number; start: number; end: number };
  const sources = [encoder.encode('{\n  "a": [\n    1,\n    2\n  ],\n  "b": "caf\u00e9"\n}'), encoder.encode(',\n    "x"')];
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('str' as const), s: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(',', '\n    ', '"a": ', '\u00e9', '\u00c3', '')) }),
    fc
      .tuple(fc.integer({ min: 0, max: 1 }), fc.nat(), fc.nat())
      .map(([src, a, b]) => {
        const n = sources[src].length + 1;
        const [start, end] = [a % n, b % n].sort((x, y) => x - y);
        return { kind: 'bytes' as const, src, start, end };
      }),
  );

  it('writes exactly the concatenation of what it was given, however text and source runs interleave', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const sink = new ByteSink();
        const parts: Uint8Array[] = [];
        for (const o of ops) {
          if (o.kind === 'str') {
            sink.str(o.s);
            parts.push(encoder.encode(o.s));
          } else {
            sink.bytes(sources[o.src], o.start, o.end);
            parts.push(sources[o.src].subarray(o.start, o.end));
          }
        }
        expect(Buffer.from(sink.finishRope().toBytes()).equals(Buffer.concat(parts))).toBe(true);
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it('keeps a whole source as a view instead of copying it', () => {
    const src = encoder.encode('{}\n');
    const sink = new ByteSink();
    sink.view(src);
    const rope = sink.finishRope();
    expect(rope.parts).toHaveLength(1);
    expect(rope.parts[0]).toBe(src);
    expect(text(rope.toBytes())).toBe('{}\n');
  });
});

describe('StringTable', () => {
  it('decodes every span as UTF-8 text and shares the string of repeated short ASCII spans', () => {
    const bytes = encoder.encode('aws_instance|aws_instance|caf\u00e9|caf\u00e9|' + 'x'.repeat(70) + '|');
    const t = new StringTable(bytes);
    const spans: [number, number][] = [];
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0x7c) {
        spans.push([start, i]);
        start = i + 1;
      }
    }
    expect(spans.map(([a, b]) => t.text(a, b))).toEqual(['aws_instance', 'aws_instance', 'caf\u00e9', 'caf\u00e9', 'x'.repeat(70)]);
    expect(t.text(0, 0)).toBe('');
  });

  it('never confuses different spans with the same hash bucket', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z_]{0,6}$/), { minLength: 1, maxLength: 40 }), (words) => {
        const joined = words.join('|');
        const bytes = encoder.encode(joined);
        const t = new StringTable(bytes);
        let at = 0;
        for (const w of words) {
          expect(t.text(at, at + w.length)).toBe(w);
          at += w.length + 1;
        }
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});

describe('SpanCache', () => {
  it('computes once per distinct byte sequence and returns that value for equal spans elsewhere', () => {
    const bytes = encoder.encode('["a","b"] ["a","b"] ["a","c"] ["a","b"]');
    const cache = new SpanCache<string>(bytes);
    const computed: string[] = [];
    const compute = (s: number, e: number): string => {
      const v = new TextDecoder().decode(bytes.subarray(s, e));
      computed.push(v);
      return v;
    };
    const got = [0, 10, 20, 30].map((s) => cache.get(s, s + 9, compute));
    expect(got).toEqual(['["a","b"]', '["a","b"]', '["a","c"]', '["a","b"]']);
    expect(computed).toEqual(['["a","b"]', '["a","c"]']);
  });
});

describe('decoded fields', () => {
  it('read like plain RawField and RawJson objects: the value and the span are the field itself', () => {
    const snap = loadFixture('v4-simple.tfstate');
    const inst = snap.resources[0].instances[0];
    const attrs = findField(inst.fields, 'attributes')!;
    expect(attrs.span.start).toBeLessThan(attrs.span.end);
    expect(attrs.bytes).toBe(snap.bytes);
    expect(attrs.framing).toBe(snap.framing);
    expect(attrs.depth).toBe(5);
    expect(rawText(attrs).startsWith('{')).toBe(true);
    for (const f of inst.fields) expect(f.value.span).toBe(f.value);
  });

  it('keep the file bytes and framing on a per-file prototype, so slices of two files never mix', () => {
    const a = rawSliceMaker(encoder.encode('[1]'), 'indent');
    const b = rawSliceMaker(encoder.encode('{"x":2}'), 'compact');
    const sa = new a('k', 0, 3, 1);
    const sb = new b('k', 0, 7, 1);
    expect([text(sa.bytes.subarray(sa.start, sa.end)), sa.framing]).toEqual(['[1]', 'indent']);
    expect([text(sb.bytes.subarray(sb.start, sb.end)), sb.framing]).toEqual(['{"x":2}', 'compact']);
  });
});

describe('byte-level value checks', () => {
  const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
  const state = (privateJson: string): Uint8Array =>
    encoder.encode(
      `{"version":4,"terraform_version":"1.11.4","serial":1,"lineage":"l","outputs":{},"resources":[{"mode":"managed","type":"t","name":"n","provider":"provider[\\"registry.terraform.io/hashicorp/null\\"]","instances":[{"schema_version":0,"attributes":{},"private":${privateJson}}]}]}`,
    );

  it('accept a "private" value exactly when it is padded base64, as the regular expression does', () => {
    const b64ish = fc.stringMatching(/^[A-Za-z0-9+/=é-]{0,13}$/);
    fc.assert(
      fc.property(b64ish, (s) => {
        const r = decodeState(state(JSON.stringify(s)), { location: 'p' });
        const refused = !r.ok && r.diags.some((d) => d.code === 'state.bad-private');
        expect(refused).toBe(!BASE64_RE.test(s));
      }),
      { numRuns: 2000, seed: 5 },
    );
  });

  it.each([
    ['"\\u0041\\u0041=="', true],
    ['"AA\\u003d="', true],
    ['null', true],
    ['12', false],
  ])('decodes escaped or non-string "private" %s like JSON.parse would (valid: %s)', (json, valid) => {
    const r = decodeState(state(json), { location: 'p' });
    expect(r.ok).toBe(valid);
  });

  it.each([
    ['0', '[0]'],
    ['7', '[7]'],
    ['123456789012345', '[123456789012345]'],
    ['1234567890123456789', '[1234567890123456800]'],
    ['2.0', '[2]'],
    ['-3', '[-3]'],
    ['"k"', '["k"]'],
    ['"\\u006b"', '["k"]'],
  ])('reads index_key %s as the instance key %s', (json, shown) => {
    const bytes = encoder.encode(
      `{"version":4,"terraform_version":"1.11.4","serial":1,"lineage":"l","outputs":{},"resources":[{"mode":"managed","type":"t","name":"n","provider":"provider[\\"registry.terraform.io/hashicorp/null\\"]","instances":[{"index_key":${json},"schema_version":0,"attributes":{}}]}]}`,
    );
    const r = decodeState(bytes, { location: 'k' });
    if (!r.ok) throw new Error(r.diags[0].detail);
    const key = r.value.resources[0].instances[0].key;
    expect(key.kind === 'int' ? `[${key.value}]` : key.kind === 'string' ? `["${key.value}"]` : '').toBe(shown);
    expect(text(encodeState(r.value))).toBe(text(bytes) + '\n');
  });
});
