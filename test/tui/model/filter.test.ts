import { describe, expect, it } from 'vitest';
import { entryId, filterEntries, scanPairs } from '../../../src/tui/model/filter.js';
import { indexState } from '../../../src/tui/model/state-index.js';
import { loadFixture, STAGING } from '../support/state.js';

const index = indexState(loadFixture(STAGING));
const matches = (q: string): string[] => filterEntries(index, q).map((i) => index.entries[i].address);

describe('filterEntries', () => {
  it('keeps everything for an empty or blank query', () => {
    expect(matches('')).toHaveLength(index.entries.length);
    expect(matches('   ')).toHaveLength(index.entries.length);
  });

  it('matches addresses fuzzily and keeps state list order', () => {
    expect(matches('aws_vpc')).toEqual(['module.network.aws_vpc.this']);
    expect(matches('natgw')).toEqual(['module.network.aws_nat_gateway.this[0]']);
    expect(matches('qqq')).toEqual([]);
    expect(matches('nat_gateway')).toEqual(['module.network.aws_nat_gateway.this[0]']);
  });

  it('matches the id attribute', () => {
    const vpc = index.entries.find((e) => e.address === 'module.network.aws_vpc.this')!;
    expect(matches(entryId(vpc))).toContain('module.network.aws_vpc.this');
  });

  it('matches attribute values by substring', () => {
    expect(matches('c5e88379a122')).toEqual(['module.database.aws_db_instance.this']);
  });

  it('never matches a sensitive value', () => {
    expect(matches('staging-Db-5c95aba582ed')).toEqual([]);
  });
});

describe('entryId', () => {
  it('reads the id of the current object', () => {
    const db = index.entries.find((e) => e.address === 'module.database.aws_db_instance.this')!;
    expect(entryId(db)).toBe('db-54D23749202B862B3D3B5EC699');
  });
});

describe('scanPairs', () => {
  const pairs = (text: string, limit?: number): [string, string][] => {
    const bytes = new TextEncoder().encode(text);
    const out: [string, string][] = [];
    scanPairs(bytes, 0, Math.min(limit ?? bytes.length, bytes.length), (k, v) => out.push([k, v]));
    return out;
  };

  it('finds string pairs at any depth and skips other values', () => {
    expect(pairs('{"a": "x", "n": 1, "l": ["p", "q"], "o": {"b": "y"}}')).toEqual([
      ['a', 'x'],
      ['b', 'y'],
    ]);
  });

  it('decodes escapes and non-ASCII text', () => {
    expect(pairs('{"k\\"1": "a\\u003cb", "é": "ü"}')).toEqual([
      ['k"1', 'a<b'],
      ['é', 'ü'],
    ]);
  });

  it('stops at a string cut by the scan limit', () => {
    expect(pairs('{"a": "x", "b": "long value"}', 22)).toEqual([['a', 'x']]);
  });
});
