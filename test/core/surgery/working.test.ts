/**
 * The working copy answers lookups by scanning for a single operation's few
 * and from its maps for a batch's many: both give the same answers, before
 * and after edits, for every address of the fixtures and for addresses that
 * differ only in a module key, a mode, a type or a name.
 */
import { describe, expect, it } from 'vitest';
import type { AbsResource } from '../../../src/core/addr/types.js';
import { intKey, stringKey } from '../../../src/core/addr/index.js';
import { addrOf, WorkingState } from '../../../src/core/surgery/working.js';
import { loadFixture } from '../../support/state-fixtures.js';

/** The resource addresses of a state, and near misses of each. */
function probes(w: WorkingState): AbsResource[] {
  const out: AbsResource[] = [];
  for (const e of w.resources) {
    const a = addrOf(e);
    out.push(a, { ...a, resource: { ...a.resource, name: a.resource.name + 'x' } }, { ...a, resource: { ...a.resource, mode: a.resource.mode === 'managed' ? 'data' : 'managed' } });
    if (a.module.length > 0) {
      const last = a.module[a.module.length - 1]!;
      const rekeyed = last.key.kind === 'int' ? stringKey(String(last.key.value)) : intKey(7);
      out.push({ ...a, module: [...a.module.slice(0, -1), { name: last.name, key: rekeyed }] });
      out.push({ ...a, module: a.module.slice(0, -1) });
      out.push({ ...a, module: [...a.module.slice(0, -1), { name: last.name + 'x', key: last.key }] });
    }
  }
  return out;
}

/** What a fresh working copy (scanning) and one past its scanned lookups (maps) answer for `addr`. */
function bothWays(fresh: () => WorkingState, addr: AbsResource, warm: WorkingState) {
  const scanning = fresh();
  return {
    scanned: [scanning.find(addr), fresh().hasConfigAddress(addr)],
    mapped: [warm.find(addr), warm.hasConfigAddress(addr)],
  };
}

describe('the working copy of a state', () => {
  it.each(['v4-modules-foreach.tfstate', 'v4-tainted-deposed.tfstate', 'v4-simple.tfstate'])('finds the same resources by scanning and by its maps: %s', (name) => {
    const snap = loadFixture(name);
    const warm = new WorkingState(snap);
    const all = probes(warm);
    for (const a of all.slice(0, 40)) {
      warm.find(a);
      warm.hasConfigAddress(a);
    }
    let found = 0;
    for (const a of all) {
      const { scanned, mapped } = bothWays(() => new WorkingState(snap), a, warm);
      expect(scanned).toEqual(mapped);
      if (scanned[0] !== undefined) found++;
    }
    expect(found).toBe(warm.resources.length);
  });

  it('keeps both ways in step through removals and inserts', () => {
    const snap = loadFixture('v4-modules-foreach.tfstate');
    const scanning = new WorkingState(snap);
    const mapped = new WorkingState(snap);
    const all = probes(mapped);
    for (const a of all.slice(0, 40)) mapped.find(a);
    const victim = addrOf(scanning.resources[1]!);
    const removedA = scanning.remove(victim);
    mapped.remove(victim);
    expect(scanning.find(victim)).toBeUndefined();
    scanning.insert(removedA);
    mapped.insert(removedA);
    expect(scanning.resources).toEqual(mapped.resources);
    for (const a of all.slice(0, 12)) expect(scanning.find(a)).toBe(mapped.find(a));
  });
});
