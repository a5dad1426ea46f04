import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from '../../../src/core/statefile/index.js';
import { fixtureBytes, stateFixtures, text } from '../../support/state-fixtures.js';

describe('codec round trip', () => {
  const v4 = stateFixtures().filter((f) => (!/^v[123]-/.test(f) || f.includes('upgraded-by-terraform')) && f !== 'tofu-encrypted.tfstate');
  it.each(v4)('%s is written back byte-for-byte when nothing changed', (name) => {
    const bytes = fixtureBytes(name);
    const r = decodeState(bytes, { location: name });
    expect(r.ok ? [] : r.diags).toEqual([]);
    if (!r.ok) return;
    expect(text(encodeState(r.value))).toBe(text(bytes));
  });

  const terraformWritten = v4.filter((f) => !f.includes('needs-normalising.tfstate') && !f.includes('legacy-providers.tfstate'));
  it.each(terraformWritten)('%s is written back byte-for-byte when every resource is re-serialised', (name) => {
    const bytes = fixtureBytes(name);
    const r = decodeState(bytes, { location: name });
    if (!r.ok) throw new Error(r.diags[0].detail);
    const snap = r.value;
    const rebuilt = { ...snap, resources: snap.resources.map((e) => ({ ...e, origin: null, instances: e.instances.map((i) => ({ ...i, origin: null })) })) };
    expect(text(encodeState(rebuilt))).toBe(text(bytes));
  });
});
