import { describe, expect, it } from 'vitest';
import { planOperations, type Operation } from '../../../src/core/surgery/index.js';
import { allInstances } from '../../../src/core/state/query.js';
import { formatAbsResourceInstance } from '../../../src/core/addr/index.js';
import type { StateSnapshot } from '../../../src/core/state/types.js';
import { stateText, tfState } from '../../support/tf-state.js';
import { decodeState, encodeState } from '../../../src/core/statefile/index.js';

const plan = (s: StateSnapshot, ...ops: Operation[]) => planOperations(s, ops);
const list = (s: StateSnapshot): string[] => allInstances(s).map(formatAbsResourceInstance);
const errs = (r: ReturnType<typeof planOperations>): string[] => (r.ok ? [] : r.diags.map((d) => `${d.summary}: ${d.detail}`));

const state = tfState([
  { type: 'test_instance', name: 'foo', instances: [{}] },
  { module: 'module.child', type: 'test_instance', name: 'foo', instances: [{}] },
  { module: 'module.k["one"]', type: 'test_instance', name: 'x', instances: [{ index_key: 0 }, { index_key: 0, deposed: '00000001' }] },
  { type: 'data_only', name: 'd', mode: 'data', instances: [{}] },
]);

describe('rm', () => {
  it('removes the root resource but not the module one of the same name (TestStateRmNotChildModule)', () => {
    const r = plan(state, { op: 'rm', addresses: ['test_instance.foo'] });
    if (!r.ok) throw new Error(errs(r).join());
    expect(list(r.value.result)).toEqual(['data.data_only.d', 'module.child.test_instance.foo', 'module.k["one"].test_instance.x[0]']);
    expect(r.value.steps.map((s) => s.line)).toEqual(['Removed test_instance.foo']);
    expect(r.value.summary).toBe('Successfully removed 1 resource instance(s).');
  });

  it('matches keyed module instances with an unkeyed module address and drops deposed objects', () => {
    const r = plan(state, { op: 'rm', addresses: ['module.k'] });
    if (!r.ok) throw new Error(errs(r).join());
    expect(r.value.result.resources.some((e) => e.name === 'x')).toBe(false);
    expect(r.value.steps.map((s) => s.line)).toEqual(['Removed module.k["one"].test_instance.x[0]']);
  });

  it('keeps duplicates and counts them, as Terraform does', () => {
    const r = plan(state, { op: 'rm', addresses: ['test_instance.foo', 'test_instance.foo'] });
    if (!r.ok) throw new Error(errs(r).join());
    expect(r.value.summary).toBe('Successfully removed 2 resource instance(s).');
  });

  it('fails and writes nothing when nothing matches (our difference from Terraform)', () => {
    expect(errs(plan(state, { op: 'rm', addresses: ['test_instance.baz'] }))).toEqual([
      'Invalid target address: No matching objects found for test_instance.baz. To view the available instances, use "tfstate list". Please modify the address to reference a specific instance. Nothing was written.',
    ]);
  });

  it('ignores unknown addresses when another matched', () => {
    const r = plan(state, { op: 'rm', addresses: ['test_instance.baz', 'test_instance.foo'] });
    expect(r.ok).toBe(true);
  });
});

describe('taint and untaint', () => {
  it('marks the current object tainted with Terraform\'s message', () => {
    const r = plan(state, { op: 'taint', address: 'test_instance.foo' });
    if (!r.ok) throw new Error(errs(r).join());
    expect(r.value.steps[0].line).toBe('Resource instance test_instance.foo has been marked as tainted.');
    expect(r.value.result.resources.find((e) => e.name === 'foo' && e.module.length === 0)!.instances[0].status).toBe('tainted');
  });

  it('tainting a tainted instance changes nothing', () => {
    const r1 = plan(state, { op: 'taint', address: 'test_instance.foo' });
    if (!r1.ok) throw new Error();
    const r2 = plan(r1.value.result, { op: 'taint', address: 'test_instance.foo' });
    if (!r2.ok) throw new Error(errs(r2).join());
    expect(r2.value.changed).toBe(false);
  });

  it.each([
    [{ op: 'taint', address: 'data.data_only.d' } as Operation, 'Invalid resource instance address: Resource instance data.data_only.d cannot be tainted: only managed resources can be tainted.'],
    [{ op: 'untaint', address: 'test_instance.foo' } as Operation, 'Resource instance is not tainted: Resource instance test_instance.foo is not currently tainted, and so it cannot be untainted.'],
    [{ op: 'taint', address: 'test_instance.nope' } as Operation, 'No such resource instance: There is no resource instance in the state with the address test_instance.nope. If the resource configuration has just been added, you must run "terraform apply" first to create the object before using taint.'],
  ])('%o fails with a clear message', (op, message) => {
    expect(errs(plan(state, op))).toEqual([message]);
  });
});

describe('import', () => {
  it('adds an object holding only its id, with an inferred provider', () => {
    const r = plan(state, { op: 'import', address: 'aws_instance.web[0]', id: 'i-0abc' });
    if (!r.ok) throw new Error(errs(r).join());
    const text = stateText(r.value.result);
    expect(text).toContain(`{
      "mode": "managed",
      "type": "aws_instance",
      "name": "web",
      "provider": "provider[\\"registry.terraform.io/hashicorp/aws\\"]",
      "instances": [
        {
          "index_key": 0,
          "schema_version": 0,
          "attributes": {
            "id": "i-0abc"
          },
          "sensitive_attributes": []
        }
      ]
    }`);
  });

  it.each([
    ['example.com/acme/thing', 'provider["example.com/acme/thing"]'],
    ['registry.example.com/acme/thing.eu', 'provider["registry.example.com/acme/thing"].eu'],
    ['hashicorp/aws.west', 'provider["registry.terraform.io/hashicorp/aws"].west'],
    ['aws', 'provider["registry.terraform.io/hashicorp/aws"]'],
  ])('reads --provider %s as %s, and the result decodes', (given, written) => {
    const r = plan(state, { op: 'import', address: 'aws_instance.web', id: 'i-1', provider: given });
    if (!r.ok) throw new Error(errs(r).join());
    expect(r.value.result.resources.find((x) => x.type === 'aws_instance')?.provider).toBe(written);
    expect(decodeState(encodeState(r.value.result), { location: 'result' }).ok).toBe(true);
  });

  it.each(['hashicorp/aws.1x', 'aws.west.east', 'example.com/acme/thing.', 'aws. x'])('refuses --provider %s, whose alias is not a name', (given) => {
    const r = plan(state, { op: 'import', address: 'aws_instance.web', id: 'i-1', provider: given });
    expect(r.ok ? '' : r.diags[0].code).toBe('addr.invalid-provider-config');
  });

  it('refuses an address that already has an object, unless it is the same id', () => {
    expect(errs(plan(state, { op: 'import', address: 'test_instance.foo', id: 'other' }))[0]).toMatch(/^Resource already managed by Terraform: Terraform is already managing a remote object for test_instance.foo/);
    const same = plan(state, { op: 'import', address: 'test_instance.foo', id: 'test_instance-foo-' });
    expect(same.ok && same.value.changed).toBe(false);
  });
});

describe('replace-provider', () => {
  it('reports no match without changing anything', () => {
    const r = plan(state, { op: 'replace-provider', from: 'hashicorp/aws', to: 'acme/aws' });
    if (!r.ok) throw new Error(errs(r).join());
    expect(r.value.changed).toBe(false);
    expect(r.value.summary).toBe('No matching resources found.');
  });

  it('keeps the module path and alias of the provider config', () => {
    const s = tfState([{ module: 'module.m', type: 'null_resource', name: 'a', provider: 'module.m.provider["registry.terraform.io/hashicorp/null"].alias1', instances: [{}] }]);
    const r = plan(s, { op: 'replace-provider', from: 'hashicorp/null', to: 'registry.example.com/acme/null' });
    if (!r.ok) throw new Error(errs(r).join());
    expect(r.value.result.resources[0].provider).toBe('module.m.provider["registry.example.com/acme/null"].alias1');
    expect(r.value.summary).toBe('Successfully replaced provider for 1 resources.');
  });
});
