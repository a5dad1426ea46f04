/**
 * The browsing index names every instance exactly as `tfstate list` does, in
 * the same order, with Terraform's resource and configuration addresses and
 * each module prefix, on every fixture state.
 */
import { describe, expect, it } from 'vitest';
import { formatAbsResource, formatAbsResourceInstance, formatModuleInstance } from '../../../src/core/addr/index.js';
import { configResourceKey } from '../../../src/core/graph/index.js';
import { listInstances } from '../../../src/core/state/query.js';
import { decodeState } from '../../../src/core/statefile/index.js';
import { indexState } from '../../../src/tui/model/state-index.js';
import { fixtureBytes, stateFixtures } from '../../support/state-fixtures.js';

const decodable = stateFixtures().flatMap((name) => {
  const r = decodeState(fixtureBytes(name), { location: name });
  return r.ok ? [{ name, snap: r.value }] : [];
});

describe('the resource list indexes every instance under its Terraform address', () => {
  it('covers more than a handful of fixtures, modules and keys included', () => {
    expect(decodable.length).toBeGreaterThan(10);
    expect(decodable.some(({ snap }) => indexState(snap).entries.some((e) => e.modules.length > 1))).toBe(true);
  });

  it.each(decodable)('$name: addresses and order are those of tfstate list; resource, configuration and module strings are Terraform\'s', ({ snap }) => {
    const index = indexState(snap);
    const listed = listInstances(snap, [], undefined);
    expect(index.entries.map((e) => e.address)).toEqual(listed.instances.map((i) => formatAbsResourceInstance(i)));
    for (const [i, e] of index.entries.entries()) {
      const addr = { module: e.resource.module, resource: { mode: e.resource.mode, type: e.resource.type, name: e.resource.name } };
      expect(e.address).toBe(formatAbsResourceInstance({ ...addr, key: e.key }));
      expect(e.resourceAddress).toBe(formatAbsResource(addr));
      expect(e.configKey).toBe(configResourceKey(addr.module, addr.resource));
      expect(e.modules).toEqual(addr.module.map((_, n) => formatModuleInstance(addr.module.slice(0, n + 1))));
      expect(index.byAddress.get(e.address)).toBe(i);
    }
  });
});
