/**
 * Test helpers for the TUI model: fixture states decoded with the real
 * codec, and a state with something loaded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeState } from '../../../src/core/statefile/index.js';
import type { StateSnapshot } from '../../../src/core/state/types.js';
import { reduce, initialState } from '../../../src/tui/model/reducer.js';
import type { Action } from '../../../src/tui/model/actions.js';
import type { CommandId } from '../../../src/tui/keymap/table.js';
import type { LocationInfo, TermSize, TuiState } from '../../../src/tui/model/types.js';
import { FIXTURES_DIR } from '../../support/fixtures.js';

/** `fixtures/<relative>` decoded with the codec. */
export function loadFixture(relative: string): StateSnapshot {
  const r = decodeState(readFileSync(join(FIXTURES_DIR, relative)), { location: relative });
  if (!r.ok) throw new Error(`fixture ${relative}: ${r.diags.map((d) => d.detail).join('; ')}`);
  return r.value;
}

/** The demo's staging state. */
export const STAGING = 'demo/envs/staging/terraform.tfstate';

/** A location for headers. */
export function location(over: Partial<LocationInfo> = {}): LocationInfo {
  return { envName: 'staging', protected: false, kind: 'local', display: '/demo/envs/staging/terraform.tfstate', short: 'envs/staging/terraform.tfstate', workspace: 'default', ...over };
}

/** A model state with `fixture` loaded at `size`. */
export function loadedState(fixture = STAGING, size: TermSize = { columns: 80, rows: 24 }, over: Partial<LocationInfo> = {}): TuiState {
  return reduce(initialState(size), { type: 'loaded', loaded: { location: location(over), snapshot: loadFixture(fixture), lock: 'unlocked' }, reset: true });
}

/** Applies key commands in order (`text.insert` entries as `['text.insert', 'abc']`). */
export function keys(s: TuiState, ...cmds: (CommandId | [CommandId, string])[]): TuiState {
  return cmds.reduce<TuiState>((st, c) => reduce(st, (Array.isArray(c) ? { type: 'key', command: c[0], text: c[1] } : { type: 'key', command: c }) as Action), s);
}

/** Types each character of `text` into the focused field. */
export function type(s: TuiState, text: string): TuiState {
  return [...text].reduce<TuiState>((st, ch) => reduce(st, { type: 'key', command: 'text.insert', text: ch }), s);
}
