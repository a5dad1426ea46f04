/**
 * An instance object whose only change is its dependency list is written as
 * its original bytes with the new list in place: byte for byte what encoding
 * the whole object gives on every Terraform-written fixture, and the rest of
 * a hand-formatted object kept as it was.
 */
import { describe, expect, it } from 'vitest';
import type { InstanceObject, ResourceEntry, StateSnapshot } from '../../../src/core/state/types.js';
import { decodeState, encodeState } from '../../../src/core/statefile/index.js';
import { rebuildInstance, rebuildResource } from '../../../src/core/surgery/rebuild.js';
import { fixtureBytes, stateFixtures, text } from '../../support/state-fixtures.js';

const NEW_DEP = 'aws_added.dependency';

/** `snap` with NEW_DEP added to every instance that has dependencies, through surgery's rebuild (patchable) or as plain copies (encoded in full). */
function withNewDependency(snap: StateSnapshot, viaRebuild: boolean): StateSnapshot {
  const change = (o: InstanceObject): InstanceObject => {
    if (o.dependencies.length === 0) return o;
    const dependencies = [...o.dependencies, NEW_DEP];
    return viaRebuild ? rebuildInstance(o, { dependencies }) : { ...o, dependencies, origin: null };
  };
  const resources = snap.resources.map((r): ResourceEntry => (r.instances.some((o) => o.dependencies.length > 0) ? rebuildResource(r, { instances: r.instances.map(change) }) : r));
  return { ...snap, resources };
}

const v4 = stateFixtures().filter((f) => f.startsWith('v4-') && !f.includes('needs-normalising.tfstate') && !f.includes('legacy-providers.tfstate'));

describe('rewriting only the dependencies of instance objects', () => {
  it('the fixtures have instances with dependencies to rewrite', () => {
    const count = v4.reduce((n, name) => {
      const r = decodeState(fixtureBytes(name), { location: name });
      return n + (r.ok ? r.value.resources.flatMap((x) => x.instances).filter((o) => o.dependencies.length > 0).length : 0);
    }, 0);
    expect(count).toBeGreaterThan(3);
  });

  it.each(v4)('%s: patching the old bytes gives exactly what encoding the objects in full gives', (name) => {
    const r = decodeState(fixtureBytes(name), { location: name });
    if (!r.ok) throw new Error(r.diags[0]!.detail);
    const patched = text(encodeState(withNewDependency(r.value, true)));
    const full = text(encodeState(withNewDependency(r.value, false)));
    expect(patched).toBe(full);
    if (r.value.resources.some((x) => x.instances.some((o) => o.dependencies.length > 0))) expect(patched).toContain(NEW_DEP);
  });

  it('keeps the rest of a hand-formatted object as it was, where a full encoding would reorder it', () => {
    const state = `{
  "version": 4,
  "terraform_version": "1.11.4",
  "serial": 1,
  "lineage": "00000000-0000-0000-0000-000000000000",
  "outputs": {},
  "resources": [
    {
      "mode": "managed",
      "type": "aws_instance",
      "name": "web",
      "provider": "provider[\\"registry.terraform.io/hashicorp/aws\\"]",
      "instances": [
        {
          "attributes": {"id":"i-1"},
          "schema_version": 1,
          "dependencies": [
            "aws_vpc.main"
          ],
          "sensitive_attributes": []
        }
      ]
    }
  ],
  "check_results": null
}
`;
    const r = decodeState(new TextEncoder().encode(state), { location: 'hand.tfstate' });
    if (!r.ok) throw new Error(r.diags[0]!.detail);
    const out = text(encodeState(withNewDependency(r.value, true)));
    expect(out).toBe(state.replace('"aws_vpc.main"\n', `"aws_vpc.main",\n            "${NEW_DEP}"\n`));
  });

  it('keeps the bytes of a list rebuilt with the same names (escapes and all), and writes a list shared by many dependents the same in each', () => {
    const instance = (key: number, dependencies: string[]) => ({ index_key: key, schema_version: 0, attributes: { id: `i-${key}` }, sensitive_attributes: [], dependencies });
    const doc = {
      version: 4,
      terraform_version: '1.11.4',
      serial: 1,
      lineage: 'l',
      outputs: {},
      resources: [
        {
          mode: 'managed',
          type: 'aws_instance',
          name: 'web',
          provider: 'provider["registry.terraform.io/hashicorp/aws"]',
          instances: [instance(0, ['aws_vpc.main']), instance(1, ['aws_vpc.main', 'aws_subnet.a']), instance(2, ['aws_vpc.main', 'aws_subnet.a'])],
        },
      ],
      check_results: null,
    };
    // Terraform's layout, with one name spelled with an escape.
    const state = (JSON.stringify(doc, null, 2) + '\n').replace('"aws_vpc.main"', '"\\u0061ws_vpc.main"');
    const r = decodeState(new TextEncoder().encode(state), { location: 'escaped.tfstate' });
    if (!r.ok) throw new Error(r.diags[0]!.detail);
    const [first, second, third] = r.value.resources[0]!.instances;
    const renamed = Object.freeze(['aws_vpc.renamed', 'aws_subnet.a']);
    const instances = [
      rebuildInstance(first!, { dependencies: [...first!.dependencies] }),
      rebuildInstance(second!, { dependencies: renamed }),
      rebuildInstance(third!, { dependencies: renamed }),
    ];
    const out = text(encodeState({ ...r.value, resources: [rebuildResource(r.value.resources[0]!, { instances })] }));
    const renamedDoc = { ...doc, resources: [{ ...doc.resources[0]!, instances: [instance(0, ['aws_vpc.main']), instance(1, [...renamed]), instance(2, [...renamed])] }] };
    expect(out).toBe((JSON.stringify(renamedDoc, null, 2) + '\n').replace('"aws_vpc.main"', '"\\u0061ws_vpc.main"'));
  });
});
