/**
 * Reading the repository's fixture files in tests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { StateSnapshot } from '../../src/core/state/types.js';
import { snapshotFromStateJson } from './snapshot-builder.js';

/** Absolute path of the repository's `fixtures/` folder. */
export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');

/** The text of `fixtures/<relative>`. */
export function fixtureText(relative: string): string {
  return readFileSync(join(FIXTURES_DIR, relative), 'utf8');
}

/** A hand-written fixture state read with the test builder (not the codec). */
export function fixtureSnapshot(relative: string, options: { formatVersion?: number; upgraded?: boolean } = {}): StateSnapshot {
  return snapshotFromStateJson(fixtureText(relative), options);
}
