import { describe, expect, it } from 'vitest';
import { buildRows, rowAddress } from '../../../src/tui/model/rows.js';
import { indexState } from '../../../src/tui/model/state-index.js';
import { loadFixture, STAGING } from '../support/state.js';
import { fixtureText } from '../../support/fixtures.js';

const index = indexState(loadFixture(STAGING));
const all = index.entries.map((_, i) => i);

describe('indexState', () => {
  it('lists every instance in terraform state list order', () => {
    const want = fixtureText(`${STAGING}.list`).trim().split('\n');
    expect(index.entries.map((e) => e.address)).toEqual(want);
  });

  it('records tainted instances and module prefixes', () => {
    const e = index.entries[index.byAddress.get('module.app["web"].aws_instance.this[1]')!];
    expect(e.modules).toEqual(['module.app["web"]']);
    expect(index.entries.filter((x) => x.tainted).map((x) => x.address)).toHaveLength(1);
  });

  it('is cached per snapshot', () => {
    expect(indexState(index.snapshot)).toBe(index);
  });
});

describe('buildRows', () => {
  it('flat mode has one row per instance with its full address', () => {
    const rows = buildRows(index, all, 'flat', new Set());
    expect(rows).toHaveLength(index.entries.length);
    expect(rows.map((r) => rowAddress(index, r))).toEqual(index.entries.map((e) => e.address));
  });

  it('tree mode puts a header with the instance count before each module', () => {
    const rows = buildRows(index, all, 'tree', new Set());
    const headers = rows.filter((r) => r.kind === 'module').map((r) => (r.kind === 'module' ? `${r.address} (${r.count})` : ''));
    expect(headers).toEqual(['module.app["web"] (6)', 'module.app["worker"] (5)', 'module.database (3)', 'module.network (13)']);
    const web = rows.findIndex((r) => r.kind === 'module' && r.address === 'module.app["web"]');
    expect(rows[web + 1]).toMatchObject({ kind: 'instance', depth: 1, label: 'aws_instance.this[0]' });
  });

  it('hides the instances of a collapsed module but keeps its header and count', () => {
    const rows = buildRows(index, all, 'tree', new Set(['module.network']));
    expect(rows.some((r) => r.kind === 'instance' && index.entries[r.entry].modules.includes('module.network'))).toBe(false);
    expect(rows.find((r) => r.kind === 'module' && r.address === 'module.network')).toMatchObject({ collapsed: true, count: 13 });
  });

  it('counts only the instances the filter kept', () => {
    const kept = all.filter((i) => index.entries[i].address.includes('aws_subnet.'));
    const rows = buildRows(index, kept, 'tree', new Set());
    expect(rows.map((r) => (r.kind === 'module' ? `${r.address} (${r.count})` : r.label))).toEqual([
      'module.network (6)',
      'aws_subnet.private["eu-west-1a"]',
      'aws_subnet.private["eu-west-1b"]',
      'aws_subnet.private["eu-west-1c"]',
      'aws_subnet.public["eu-west-1a"]',
      'aws_subnet.public["eu-west-1b"]',
      'aws_subnet.public["eu-west-1c"]',
    ]);
  });
});
