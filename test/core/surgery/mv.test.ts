import { describe, expect, it } from 'vitest';
import { planOperations, type Operation } from '../../../src/core/surgery/index.js';
import { allInstances } from '../../../src/core/state/query.js';
import { formatAbsResourceInstance } from '../../../src/core/addr/index.js';
import type { StateSnapshot } from '../../../src/core/state/types.js';
import { stateText, tfState, tfStateText, type R } from '../../support/tf-state.js';

function mv(s: StateSnapshot, from: string, to: string) {
  return planOperations(s, [{ op: 'mv', from, to }]);
}
function list(s: StateSnapshot): string[] {
  return allInstances(s).map(formatAbsResourceInstance);
}
function errorsOf(r: ReturnType<typeof planOperations>): string[] {
  return r.ok ? [] : r.diags.map((d) => `${d.summary}: ${d.detail}`);
}

const foo: R = { type: 'test_instance', name: 'foo', instances: [{ attributes: { id: 'bar' } }] };
const baz: R = { type: 'test_instance', name: 'baz', instances: [{ attributes: { id: 'foo' }, dependencies: ['test_instance.foo'] }] };

describe('mv (Terraform state_mv_test cases)', () => {
  it('renames a resource and rewrites the dependent instead of clearing it (TestStateMv)', () => {
    const s = tfState([baz, foo]);
    const r = mv(s, 'test_instance.foo', 'test_instance.bar');
    expect(errorsOf(r)).toEqual([]);
    if (!r.ok) return;
    expect(list(r.value.result)).toEqual(['test_instance.bar', 'test_instance.baz']);
    expect(r.value.steps.map((x) => x.line)).toEqual(['Move "test_instance.foo" to "test_instance.bar"']);
    expect(r.value.summary).toBe('Successfully moved 1 object(s).');
    const baz2 = r.value.result.resources.find((e) => e.name === 'baz')!;
    expect(baz2.instances[0].dependencies).toEqual(['test_instance.bar']);
  });

  it('walks no-key -> [0] -> ["baz"] -> no-key and ends with only that key kind each time', () => {
    let s = tfState([foo]);
    for (const [from, to, want] of [
      ['test_instance.foo', 'test_instance.bar[0]', 'test_instance.bar[0]'],
      ['test_instance.bar[0]', 'test_instance.bar["baz"]', 'test_instance.bar["baz"]'],
      ['test_instance.bar["baz"]', 'test_instance.bar', 'test_instance.bar'],
    ]) {
      const r = mv(s, from, to);
      expect(errorsOf(r)).toEqual([]);
      if (!r.ok) return;
      s = r.value.result;
      expect(list(s)).toEqual([want]);
    }
  });

  it('moves a no-key resource into an existing empty resource as [0] (TestStateMv_resourceToInstance)', () => {
    const s = tfState([{ type: 'test_instance', name: 'bar', instances: [] }, foo]);
    const r = mv(s, 'test_instance.foo', 'test_instance.bar[0]');
    expect(errorsOf(r)).toEqual([]);
    if (r.ok) expect(list(r.value.result)).toEqual(['test_instance.bar[0]']);
  });

  it('refuses a whole counted resource onto an instance with Terraform\'s exact message (TestStateMv_resourceToInstanceErr)', () => {
    const s = tfState([{ type: 'test_instance', name: 'foo', instances: [{ index_key: 0 }] }]);
    expect(errorsOf(mv(s, 'test_instance.foo', 'test_instance.bar[0]'))).toEqual([
      'Invalid target address: Cannot move test_instance.foo to test_instance.bar[0]: the source is a whole resource (not a resource instance) so the target must also be a whole resource.',
    ]);
  });

  it('moves an instance to a no-key resource (TestStateMv_instanceToResource)', () => {
    const s = tfState([{ type: 'test_instance', name: 'foo', instances: [{ index_key: 0 }] }]);
    const r = mv(s, 'test_instance.foo[0]', 'test_instance.bar');
    if (r.ok) expect(list(r.value.result)).toEqual(['test_instance.bar']);
    expect(errorsOf(r)).toEqual([]);
  });

  it('creates new resources and modules for instance moves (TestStateMv_instanceToNewResource)', () => {
    const s = tfState([{ type: 'test_instance', name: 'foo', instances: [{ index_key: 0 }] }]);
    const r1 = mv(s, 'test_instance.foo[0]', 'test_instance.bar["new"]');
    if (!r1.ok) throw new Error(errorsOf(r1).join());
    const r2 = mv(r1.value.result, 'test_instance.bar["new"]', 'module.test.test_instance.baz["new"]');
    if (!r2.ok) throw new Error(errorsOf(r2).join());
    expect(list(r2.value.result)).toEqual(['module.test.test_instance.baz["new"]']);
    expect(r2.value.result.resources[0].provider).toBe('provider["registry.terraform.io/hashicorp/test"]');
  });

  it('reports both mode and type mismatch together', () => {
    const s = tfState([foo]);
    expect(errorsOf(mv(s, 'test_instance.foo', 'data.test_network.bar'))).toEqual([
      'Invalid state move request: Cannot move test_instance.foo to data.test_network.bar: a managed resource can be moved only to another managed resource address.',
      "Invalid state move request: Cannot move test_instance.foo to data.test_network.bar: resource types don't match.",
    ]);
  });

  it('refuses a source that matches nothing, with Terraform\'s message (TestStateMvInvalidSourceAddress)', () => {
    const s = tfState([foo]);
    expect(errorsOf(mv(s, 'foo.bar1', 'foo.bar2'))).toEqual(['Invalid source address: Cannot move foo.bar1: does not match anything in the current state.']);
  });

  it('refuses an existing destination resource and instance', () => {
    const s = tfState([{ type: 'test_instance', name: 'bar', instances: [{ index_key: 0 }] }, { type: 'test_instance', name: 'foo', instances: [{ index_key: 0 }] }]);
    expect(errorsOf(mv(s, 'test_instance.foo', 'test_instance.bar'))).toEqual(['Invalid target address: Cannot move to test_instance.bar: there is already a resource at that address in the current state.']);
    expect(errorsOf(mv(s, 'test_instance.foo[0]', 'test_instance.bar[0]'))).toEqual(['Invalid target address: Cannot move to test_instance.bar[0]: there is already a resource instance at that address in the current state.']);
  });

  it('renames the only resource in a keyed module without trouble (TestStateMv_onlyResourceInModule)', () => {
    const s = tfState([{ module: 'module.foo[0]', type: 'test_instance', name: 'foo', instances: [{ index_key: 0 }] }]);
    const r = mv(s, 'module.foo[0].test_instance.foo', 'module.foo[0].test_instance.bar');
    if (!r.ok) throw new Error(errorsOf(r).join());
    expect(list(r.value.result)).toEqual(['module.foo[0].test_instance.bar[0]']);
  });

  it('moves a module with its descendants, one line per module, counting each', () => {
    const s = tfState([
      { module: 'module.foo.module.child1', type: 'test_instance', name: 'a', instances: [{}] },
      { module: 'module.foo.module.child2', type: 'test_instance', name: 'b', instances: [{}] },
    ]);
    const r = mv(s, 'module.foo', 'module.bar');
    if (!r.ok) throw new Error(errorsOf(r).join());
    expect(list(r.value.result)).toEqual(['module.bar.module.child1.test_instance.a', 'module.bar.module.child2.test_instance.b']);
    expect(r.value.steps.map((x) => x.line)).toEqual(['Move "module.foo.module.child1" to "module.bar.module.child1"', 'Move "module.foo.module.child2" to "module.bar.module.child2"']);
    expect(r.value.summary).toBe('Successfully moved 2 object(s).');
  });

  it('does not let an unkeyed module match its keyed instances', () => {
    const s = tfState([{ module: 'module.k["one"]', type: 'test_instance', name: 'x', instances: [{}] }]);
    expect(errorsOf(mv(s, 'module.k', 'module.j'))).toEqual(['Invalid source address: Cannot move module.k: does not match anything in the current state.']);
  });

  it('refuses an existing destination module', () => {
    const s = tfState([
      { module: 'module.a', type: 'test_instance', name: 'x', instances: [{}] },
      { module: 'module.b', type: 'test_instance', name: 'y', instances: [{}] },
    ]);
    expect(errorsOf(mv(s, 'module.a', 'module.b'))[0]).toMatch(/^Destination module already exists: Cannot move to module.b/);
  });

  it('refuses the mixed-key quirk Terraform accepts (§5.6) and explains it', () => {
    const s = tfState([
      { type: 'null_resource', name: 'a', instances: [{}] },
      { type: 'null_resource', name: 'b', instances: [{ index_key: 0 }, { index_key: 1 }] },
    ]);
    const e = errorsOf(mv(s, 'null_resource.a', 'null_resource.b'));
    expect(e[0]).toMatch(/^Move would mix keyed and unkeyed instances: Moving null_resource.a to null_resource.b would leave null_resource.b with both/);
  });

  it('refuses moving a module onto keyed siblings (§5.6)', () => {
    const s = tfState([
      { module: 'module.k["one"]', type: 'null_resource', name: 'x', instances: [{}] },
      { module: 'module.m', type: 'null_resource', name: 'x', instances: [{}] },
    ]);
    expect(errorsOf(mv(s, 'module.m', 'module.k'))[0]).toMatch(/^Move would mix keyed and unkeyed module instances: Moving module.m to module.k would put it beside existing instances of the same module call \(module.k\["one"\]\)/);
  });

  it('moves deposed objects and keeps tainted status with the instance', () => {
    const s = tfState([{ type: 'null_resource', name: 'fe', instances: [{ index_key: 'y', status: 'tainted' }, { index_key: 'y', deposed: '00000001' }] }]);
    const r = mv(s, 'null_resource.fe["y"]', 'null_resource.fe["z"]');
    if (!r.ok) throw new Error(errorsOf(r).join());
    const e = r.value.result.resources[0];
    expect(e.instances.map((o) => [o.key, o.status, o.deposed])).toEqual([
      [{ kind: 'string', value: 'z' }, 'tainted', ''],
      [{ kind: 'string', value: 'z' }, 'ready', '00000001'],
    ]);
  });

  it('prints the destination exactly as typed for instance moves, Go-quoted', () => {
    const s = tfState([{ type: 'null_resource', name: 'fe', instances: [{ index_key: 'x' }] }]);
    const r = mv(s, 'null_resource.fe["x"]', 'null_resource.fe["new\\"quote"]');
    if (!r.ok) throw new Error(errorsOf(r).join());
    expect(r.value.steps[0].dryLine).toBe('Would move "null_resource.fe[\\"x\\"]" to "null_resource.fe[\\"new\\\\\\"quote\\"]"');
  });

  it('keeps an old dependency when other instances of the source remain', () => {
    const s = tfState([
      { type: 'test_instance', name: 'dep', instances: [{ dependencies: ['test_instance.foo'] }] },
      { type: 'test_instance', name: 'foo', instances: [{ index_key: 0 }, { index_key: 1 }] },
    ]);
    const r = mv(s, 'test_instance.foo[1]', 'test_instance.bar[1]');
    if (!r.ok) throw new Error(errorsOf(r).join());
    expect(r.value.result.resources.find((e) => e.name === 'dep')!.instances[0].dependencies).toEqual(['test_instance.foo', 'test_instance.bar']);
  });

  it('rewrites dependencies into a renamed module', () => {
    const s = tfState([
      { type: 'test_instance', name: 'dep', instances: [{ dependencies: ['module.a.test_instance.x'] }] },
      { module: 'module.a', type: 'test_instance', name: 'x', instances: [{}] },
    ]);
    const r = mv(s, 'module.a', 'module.b');
    if (!r.ok) throw new Error(errorsOf(r).join());
    expect(r.value.result.resources.find((e) => e.name === 'dep')!.instances[0].dependencies).toEqual(['module.b.test_instance.x']);
  });

  it('inserts a moved resource where Terraform sorts it, so an untouched file stays byte-identical elsewhere', () => {
    const resources: R[] = [
      { type: 'a_thing', name: 'one', instances: [{}] },
      { type: 'm_thing', name: 'two', instances: [{}] },
      { type: 'z_thing', name: 'three', instances: [{}] },
    ];
    const s = tfState(resources);
    const r = mv(s, 'a_thing.one', 'a_thing.zzz');
    if (!r.ok) throw new Error(errorsOf(r).join());
    expect(stateText({ ...r.value.result, meta: { ...r.value.result.meta, serial: 2n } })).toBe(
      tfStateText([{ type: 'a_thing', name: 'zzz', instances: [{ attributes: { id: 'a_thing-one-' } }] }, resources[1], resources[2]], 2),
    );
  });
});

describe('mv with a wildcard', () => {
  it('refuses with a diagnostic, instead of recursing until the stack overflows, when a matched address itself holds a "*" (a resource type the state calls "*")', () => {
    const s = tfState([{ type: '*', name: 'public', instances: [{ index_key: 0, attributes: { id: 'x' } }] }, foo]);
    const r = mv(s, '*.public[0]', 'test_instance.public[0]');
    expect(errorsOf(r)).toEqual(['Variable name required: Must begin with a variable name.']);
  });
});

describe('mv then the inverse move', () => {
  const ops: Array<[string, string]> = [
    ['test_instance.foo', 'test_instance.bar'],
    ['test_instance.foo', 'module.m.test_instance.foo'],
    ['test_instance.foo', 'test_instance.foo[0]'],
  ];
  it.each(ops)('%s -> %s and back gives the original bytes', (a, b) => {
    const s = tfState([foo]);
    const r1 = mv(s, a, b);
    if (!r1.ok) throw new Error(errorsOf(r1).join());
    const r2 = mv(r1.value.result, b, a);
    if (!r2.ok) throw new Error(errorsOf(r2).join());
    expect(stateText(r2.value.result)).toBe(stateText(s));
  });
});

export type { Operation };

describe('dependency renames in a batch', () => {
  it('apply in order: a later move onto an old name does not chain through an earlier rename', () => {
    const s = tfState([
      { type: 'test_instance', name: 'a', instances: [{}] },
      { type: 'test_instance', name: 'c', instances: [{}] },
      { type: 'test_instance', name: 'dep', instances: [{ dependencies: ['test_instance.a', 'test_instance.c'] }] },
    ]);
    const r = planOperations(s, [
      { op: 'mv', from: 'test_instance.a', to: 'test_instance.b' },
      { op: 'mv', from: 'test_instance.c', to: 'test_instance.a' },
    ]);
    if (!r.ok) throw new Error(errorsOf(r).join());
    expect(r.value.result.resources.find((e) => e.name === 'dep')!.instances[0].dependencies).toEqual(['test_instance.b', 'test_instance.a']);
  });
});
