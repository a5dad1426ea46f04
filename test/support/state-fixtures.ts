/**
 * Test helpers for reading fixtures and decoding them with the real codec.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeState } from '../../src/core/statefile/index.js';
import type { StateSnapshot } from '../../src/core/state/types.js';

/** Absolute path of the repository's fixtures directory. */
export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** Reads a fixture's bytes. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

/** Decodes a fixture, failing the test with the diagnostics when it does not decode. */
export function loadFixture(name: string): StateSnapshot {
  const r = decodeState(fixtureBytes(name), { location: name });
  if (!r.ok) throw new Error(`fixture ${name} did not decode:\n${r.diags.map((d) => d.detail).join('\n')}`);
  return r.value;
}

/** Top-level *.tfstate fixtures. */
export function stateFixtures(): string[] {
  return readdirSync(FIXTURES).filter((f) => f.endsWith('.tfstate')).sort();
}

/** Decodes bytes as text. */
export function text(b: Uint8Array): string {
  return new TextDecoder().decode(b);
}
