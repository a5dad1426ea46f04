/**
 * Decoded instance objects build their fields on first use; to everything
 * that reads them (property access, spreads, deep comparison, JSON) they
 * are ordinary immutable objects with all their fields in file order.
 */
import { describe, expect, it } from 'vitest';
import type { InstanceObject } from '../../../src/core/state/types.js';
import { rebuildInstance, rebuildResource } from '../../../src/core/surgery/rebuild.js';
import { loadFixture, stateFixtures } from '../../support/state-fixtures.js';

const snap = loadFixture('v4-tainted-deposed.tfstate');
const objects = snap.resources.flatMap((r) => r.instances);

/** The keys of an instance's own JSON object, in file order. */
function jsonKeys(o: InstanceObject): string[] {
  const text = new TextDecoder().decode(o.origin!.bytes.subarray(o.origin!.span.start, o.origin!.span.end));
  return Object.keys(JSON.parse(text) as object);
}

describe('decoded instance objects', () => {
  it('have their fields in file order, the same array on every read', () => {
    expect(objects.length).toBeGreaterThan(2);
    for (const o of objects) {
      const keys = o.fields.map((f) => f.key);
      expect(keys).toContain('attributes');
      expect(keys).toEqual(jsonKeys(o));
      expect(o.fields).toBe(o.fields);
    }
  });

  it('keep their fields through a spread, a rebuild and JSON, and deep-equal a plain copy', () => {
    for (const o of objects) {
      const plain = { ...o };
      expect(Object.getOwnPropertyDescriptor(plain, 'fields')?.value).toBe(o.fields);
      expect(rebuildInstance(o, { status: 'tainted' }).fields).toBe(o.fields);
      expect(o).toEqual(plain);
      expect(JSON.parse(JSON.stringify({ n: o.fields.length, ...o })).fields).toHaveLength(o.fields.length);
    }
  });

  it('resources too: fields in file order, kept through a spread and a rebuild, deep-equal to a plain copy', () => {
    for (const r of snap.resources) {
      const text = new TextDecoder().decode(r.origin!.bytes.subarray(r.origin!.span.start, r.origin!.span.end));
      expect(r.fields.map((f) => f.key)).toEqual(Object.keys(JSON.parse(text) as object));
      expect(r.fields).toBe(r.fields);
      const plain = { ...r };
      expect(Object.getOwnPropertyDescriptor(plain, 'fields')?.value).toBe(r.fields);
      expect(rebuildResource(r, { instances: [] }).fields).toBe(r.fields);
      expect(r).toEqual(plain);
    }
  });

  it('holds for every fixture: each instance lists exactly the keys its JSON object has', () => {
    for (const name of stateFixtures()) {
      let s;
      try {
        s = loadFixture(name);
      } catch {
        continue; // fixtures that are refused on purpose
      }
      for (const r of s.resources) {
        for (const o of r.instances) expect(o.fields.map((f) => f.key), name).toEqual(jsonKeys(o));
        expect(r.fields.map((f) => f.key), name).toEqual(jsonKeys(r as unknown as InstanceObject));
      }
    }
  });
});
