/**
 * Selectors: what the screens and the controller read from the state.
 * Expensive ones are memoised on the identity of their inputs (the state is
 * immutable, so identity equality means nothing changed).
 */
import type { KeyContext } from '../keymap/table.js';
import { helpSections } from '../keymap/hints.js';
import { auditLines, findingsOf } from './audit-lines.js';
import { detailLines } from './detail.js';
import { filterEntries } from './filter.js';
import { graphLines, moduleOverviewLines } from './graph-lines.js';
import { line, type Line } from './lines.js';
import { buildRows, rowAddress, type Row } from './rows.js';
import { indexState, type StateIndex } from './state-index.js';
import type { TuiState, View } from './types.js';

/** Caches the last result of `fn` for arguments equal by identity. */
export function memoLast<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let lastArgs: A | null = null;
  let last: R;
  return (...args: A): R => {
    if (lastArgs && lastArgs.length === args.length && lastArgs.every((a, i) => a === args[i])) return last;
    last = fn(...args);
    lastArgs = args;
    return last;
  };
}

/** The view on top of the stack. */
export function currentView(s: TuiState): View {
  return s.stack[s.stack.length - 1];
}

/** The index of the loaded state, or null when nothing is loaded. */
export function stateIndex(s: TuiState): StateIndex | null {
  return s.loaded ? indexState(s.loaded.snapshot) : null;
}

const filtered = memoLast((index: StateIndex, query: string) => filterEntries(index, query));
const rowsMemo = memoLast((index: StateIndex, entries: readonly number[], mode: TuiState['mode'], collapsed: TuiState['collapsed']) => buildRows(index, entries, mode, collapsed));

/** Positions (in `index.entries`) of the instances the filter keeps. */
export function keptEntries(s: TuiState): readonly number[] {
  const index = stateIndex(s);
  return index ? filtered(index, s.filter.value) : [];
}

/** The rows of the resources view. */
export function resourceRows(s: TuiState): readonly Row[] {
  const index = stateIndex(s);
  return index ? rowsMemo(index, keptEntries(s), s.mode, s.collapsed) : [];
}

/** The row under the resources cursor. */
export function selectedRow(s: TuiState): Row | undefined {
  return resourceRows(s)[s.cursor];
}

/**
 * The address the current view acts on: the row under the cursor in the
 * resources view (an instance or module address), the shown instance in the
 * detail view, the focused resource in the graph. Undefined otherwise.
 */
export function selectedAddress(s: TuiState): string | undefined {
  const v = currentView(s);
  const index = stateIndex(s);
  if (!index) return undefined;
  if (v.kind === 'resources') {
    const row = selectedRow(s);
    return row ? rowAddress(index, row) : undefined;
  }
  if (v.kind === 'detail') return v.address;
  if (v.kind === 'graph') return v.focus;
  return undefined;
}

/** What an edit key acts on: the marked addresses in the resources view when any, else the selected one. */
export function editTargets(s: TuiState): string[] {
  const v = currentView(s);
  if (v.kind === 'resources' && s.marked.size > 0) {
    const index = stateIndex(s);
    // Marked addresses in list order.
    return index ? index.entries.filter((e) => s.marked.has(e.address)).map((e) => e.address) : [];
  }
  const a = selectedAddress(s);
  return a === undefined ? [] : [a];
}

const detailMemo = memoLast((index: StateIndex, address: string, reveal: boolean) => detailLines(index, address, reveal));
const graphMemo = memoLast((index: StateIndex, focus: string, depth: number, overview: boolean) => (overview ? moduleOverviewLines(index) : graphLines(index, focus, depth)));
const auditMemo = memoLast((index: StateIndex, env: string | null, prot: boolean) => auditLines(findingsOf(index.snapshot, env, prot)));
const helpMemo = memoLast((context: string) => {
  const out: Line[] = [];
  for (const sec of helpSections(context as KeyContext)) {
    out.push(line(sec.title, 'heading'));
    for (const r of sec.rows) out.push(line(`  ${r.keys.padEnd(16)} ${r.description}`));
    out.push(line(''));
  }
  return out;
});

/** The findings of the loaded state (audit view). */
export function findings(s: TuiState) {
  const index = stateIndex(s);
  return index && s.loaded ? findingsOf(index.snapshot, s.loaded.location.envName, s.loaded.location.protected) : [];
}

/** The lines of a text view (detail, graph, audit, help, backups); empty for the others. */
export function viewLines(s: TuiState, v: View = currentView(s)): readonly Line[] {
  const index = stateIndex(s);
  switch (v.kind) {
    case 'help':
      return helpMemo(v.context);
    case 'detail':
      return index ? detailMemo(index, v.address, v.reveal) : [];
    case 'graph':
      return index ? graphMemo(index, v.focus, v.depth, v.overview) : [];
    case 'audit':
      return index && s.loaded ? auditMemo(index, s.loaded.location.envName, s.loaded.location.protected).lines : [];
    case 'backups':
      return (v.items ?? []).map((b) => line(`${b.time}  serial ${b.serialBefore}→${b.serialAfter}  ${b.operation || '(unknown operation)'}  ${b.who}`, 'plain', b.id));
    default:
      return [];
  }
}

/** The finding under the audit cursor, if the cursor is on one. */
export function selectedFinding(s: TuiState) {
  const v = currentView(s);
  const index = stateIndex(s);
  if (v.kind !== 'audit' || !index || !s.loaded) return undefined;
  const { findingAt } = auditMemo(index, s.loaded.location.envName, s.loaded.location.protected);
  const i = findingAt[v.cursor];
  return i === null || i === undefined ? undefined : findings(s)[i];
}

/** The keymap context of the current state: the dialog's, the filter field's, or the view's. */
export function keyContext(s: TuiState): KeyContext {
  const d = s.dialog;
  if (d) {
    if (d.kind === 'prompt') return 'prompt';
    if (d.kind === 'reveal') return 'reveal';
    if (d.kind === 'message') return 'message';
    return d.protected ? 'confirm-typed' : 'confirm';
  }
  const v = currentView(s);
  if (v.kind === 'resources' && s.filterEditing) return 'filter';
  return v.kind;
}

/** Module addresses for tab completion: each followed by `.` (single moves) or bare (bulk moves). */
export function moduleCompletions(s: TuiState, bare: boolean): string[] {
  const index = stateIndex(s);
  if (!index) return [];
  return index.modules.map((m) => (bare ? m : `${m}.`));
}
