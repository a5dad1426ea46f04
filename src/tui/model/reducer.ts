/**
 * The TUI reducer: `(state, action) -> state`, pure. Key commands that need
 * I/O (edits, reloads, quitting) are intercepted by the controller before
 * they get here; everything else (navigation, marks, filter, folding,
 * dialogs) happens here and is tested without rendering.
 */
import type { CommandId } from '../keymap/table.js';
import type { Action } from './actions.js';
import { reduceDialogKey, reduceFilterKey } from './dialog-reducer.js';
import { auditRows, bodyRows, moveCursor, type Move } from './layout.js';
import { MAX_GRAPH_DEPTH, MIN_GRAPH_DEPTH } from './graph-lines.js';
import { resolveInstance } from './state-index.js';
import { currentView, editTargets, keptEntries, keyContext, moduleCompletions, resourceRows, selectedFinding, selectedRow, stateIndex, viewLines } from './selectors.js';
import { textInput } from './text-input.js';
import type { TermSize, TuiState, View } from './types.js';

/** The state before anything is loaded. */
export function initialState(size: TermSize): TuiState {
  return {
    size,
    loaded: null,
    stack: [{ kind: 'resources' }],
    dialog: null,
    mode: 'tree',
    collapsed: new Set(),
    cursor: 0,
    scroll: 0,
    filter: textInput(''),
    filterEditing: false,
    marked: new Set(),
    status: null,
    busy: null,
    locked: false,
    undo: [],
    quitting: false,
  };
}

const MOVES: Partial<Record<CommandId, Move>> = {
  'cursor.down': 'down',
  'cursor.up': 'up',
  'cursor.top': 'top',
  'cursor.bottom': 'bottom',
  'page.down': 'pageDown',
  'page.up': 'pageUp',
};

/** The reducer. Never throws; unknown or inapplicable commands return the state unchanged. */
export function reduce(s: TuiState, a: Action): TuiState {
  switch (a.type) {
    case 'key':
      return reduceKey(s, a.command, a.text);
    case 'resize': {
      const next = { ...s, size: a.size };
      return { ...next, ...moveCursor(s, null, resourceRows(next).length, bodyRows(a.size)) };
    }
    case 'loaded':
      return reduceLoaded(s, a);
    case 'status':
      return { ...s, status: a.status };
    case 'busy':
      return { ...s, busy: a.label, locked: a.locked ?? false, ...(a.label ? { status: { tone: 'progress', text: a.label } } : {}) };
    case 'push':
      return { ...s, stack: [...s.stack, a.view] };
    case 'pop':
      return s.stack.length > 1 ? { ...s, stack: s.stack.slice(0, -1) } : s;
    case 'dialog':
      return { ...s, dialog: a.dialog };
    case 'backups-listed':
      return replaceTop(s, 'backups', (v) => ({ ...v, items: a.items, cursor: 0, scroll: 0 }));
    case 'envs-listed':
      return replaceTop(s, 'envs', (v) => ({ ...v, items: a.items }));
    case 'undo-push':
      return { ...s, undo: [...s.undo, a.entry] };
    case 'undo-pop':
      return { ...s, undo: s.undo.slice(0, -1) };
    case 'quitting':
      return { ...s, quitting: true };
  }
}

function replaceTop<K extends View['kind']>(s: TuiState, kind: K, f: (v: Extract<View, { kind: K }>) => View): TuiState {
  const i = s.stack.length - 1;
  const top = s.stack[i];
  if (top.kind !== kind) return s;
  return { ...s, stack: [...s.stack.slice(0, i), f(top as Extract<View, { kind: K }>)] };
}

function reduceLoaded(s: TuiState, a: Extract<Action, { type: 'loaded' }>): TuiState {
  const status = a.status ?? s.status;
  if (a.reset) {
    return { ...s, loaded: a.loaded, stack: [{ kind: 'resources' }], dialog: null, collapsed: new Set(), cursor: 0, scroll: 0, filter: textInput(''), filterEditing: false, marked: new Set(), status };
  }
  const next: TuiState = { ...s, loaded: a.loaded, status };
  const index = stateIndex(next)!;
  const marked = new Set([...s.marked].filter((m) => index.byAddress.has(m)));
  const withMarks = { ...next, marked };
  return { ...withMarks, ...moveCursor(s, null, resourceRows(withMarks).length, bodyRows(s.size)) };
}

function reduceKey(s: TuiState, command: CommandId, text?: string): TuiState {
  if (s.dialog) return reduceDialogKey(s, command, text);
  if (keyContext(s) === 'filter') return reduceFilterKey(s, command, text);
  const v = currentView(s);
  const move = MOVES[command];
  switch (command) {
    case 'back':
      if (v.kind === 'resources') {
        if (s.filter.value !== '') return { ...s, filter: textInput(''), cursor: 0, scroll: 0 };
        if (s.marked.size > 0) return { ...s, marked: new Set(), status: { tone: 'info', text: 'Marks cleared.' } };
        return s;
      }
      return { ...s, stack: s.stack.slice(0, -1) };
    case 'help':
      return v.kind === 'help' ? s : { ...s, stack: [...s.stack, { kind: 'help', context: keyContext(s), scroll: 0 }] };
    case 'audit':
      if (!s.loaded) return noState(s);
      return v.kind === 'audit' ? s : { ...s, stack: [...s.stack, { kind: 'audit', cursor: 0, scroll: 0 }] };
    case 'command-line':
      return openPrompt(s, 'command', 'Command (the CLI grammar):', 'mv A B · rm A… · import A ID · taint A · untaint A · replace-provider F T · apply-batch FILE · q', '', [], moduleCompletions(s, false));
    case 'edit.import':
      if (!s.loaded) return noState(s);
      return openPrompt(s, 'import', 'Import ADDRESS ID [--provider P]:', 'Adds an instance holding only its id; Terraform fills the rest on the next refresh.', '', [], moduleCompletions(s, false));
    case 'edit.move':
      return openMove(s);
    default:
      break;
  }
  if (move) return reduceMove(s, v, move);
  if (v.kind === 'resources') return reduceResourcesKey(s, command);
  if (v.kind === 'detail') return reduceDetailKey(s, v, command);
  if (v.kind === 'graph') return reduceGraphKey(s, v, command);
  if (v.kind === 'audit' && command === 'open') return openFinding(s);
  return s;
}

function noState(s: TuiState): TuiState {
  return { ...s, status: { tone: 'warning', text: 'No state is loaded: press e to pick an environment.' } };
}

function reduceMove(s: TuiState, v: View, move: Move): TuiState {
  switch (v.kind) {
    case 'resources':
      return { ...s, ...moveCursor(s, move, resourceRows(s).length, bodyRows(s.size)) };
    case 'detail':
    case 'graph':
    case 'backups':
      return replaceTop(s, v.kind, (x) => ({ ...x, ...moveCursor(x as { cursor: number; scroll: number }, move, viewLines(s, v).length, bodyRows(s.size)) }));
    case 'audit':
      return replaceTop(s, 'audit', (x) => ({ ...x, ...moveCursor(x, move, viewLines(s, v).length, auditRows(s.size)) }));
    case 'help': {
      const h = bodyRows(s.size);
      const at = moveCursor({ cursor: move === 'down' ? v.scroll + h - 1 : v.scroll, scroll: v.scroll }, move, viewLines(s, v).length, h);
      return replaceTop(s, 'help', (x) => ({ ...x, scroll: at.scroll }));
    }
    default:
      return s;
  }
}

function reduceResourcesKey(s: TuiState, command: CommandId): TuiState {
  const index = stateIndex(s);
  const row = selectedRow(s);
  switch (command) {
    case 'filter':
      return s.loaded ? { ...s, filterEditing: true } : noState(s);
    case 'view.toggle': {
      const mode = s.mode === 'tree' ? 'flat' : 'tree';
      const next = { ...s, mode } as TuiState;
      const rows = resourceRows(next);
      const keep = row?.kind === 'instance' ? rows.findIndex((r) => r.kind === 'instance' && r.entry === row.entry) : -1;
      return { ...next, ...moveCursor({ cursor: Math.max(0, keep), scroll: s.scroll }, null, rows.length, bodyRows(s.size)) };
    }
    case 'open':
      if (!row || !index) return s;
      if (row.kind === 'module') {
        const collapsed = new Set(s.collapsed);
        if (collapsed.has(row.address)) collapsed.delete(row.address);
        else collapsed.add(row.address);
        return { ...s, collapsed };
      }
      return { ...s, stack: [...s.stack, { kind: 'detail', address: index.entries[row.entry].address, reveal: false, cursor: 0, scroll: 0 }] };
    case 'mark': {
      if (!row || !index) return s;
      const marked = new Set(s.marked);
      const addrs = row.kind === 'instance' ? [index.entries[row.entry].address] : resourceRowsUnder(s, row.address);
      const all = addrs.every((a) => marked.has(a));
      for (const a of addrs) (all ? marked.delete(a) : marked.add(a));
      const moved = moveCursor(s, 'down', resourceRows(s).length, bodyRows(s.size));
      return { ...s, marked, ...moved, status: { tone: 'info', text: `${marked.size} marked` } };
    }
    case 'graph':
      if (!row || !index) return s;
      if (row.kind === 'module') return { ...s, stack: [...s.stack, { kind: 'graph', focus: '', depth: 2, overview: true, cursor: 0, scroll: 0 }] };
      return { ...s, stack: [...s.stack, { kind: 'graph', focus: index.entries[row.entry].configKey, depth: 2, overview: false, cursor: 0, scroll: 0 }] };
    default:
      return s;
  }
}

/** The instances the filter keeps inside `module` (at any depth), in list order. */
function resourceRowsUnder(s: TuiState, module: string): string[] {
  const index = stateIndex(s);
  if (!index) return [];
  return keptEntries(s)
    .map((i) => index.entries[i])
    .filter((e) => e.modules.includes(module))
    .map((e) => e.address);
}

function reduceDetailKey(s: TuiState, v: Extract<View, { kind: 'detail' }>, command: CommandId): TuiState {
  const index = stateIndex(s);
  if (!index) return s;
  if (command === 'open') {
    const target = viewLines(s, v)[v.cursor]?.link;
    const address = target === undefined ? undefined : resolveInstance(index, target);
    if (address === undefined) return s;
    return { ...s, stack: [...s.stack, { kind: 'detail', address, reveal: false, cursor: 0, scroll: 0 }] };
  }
  if (command === 'reveal') {
    if (v.reveal) return { ...replaceTop(s, 'detail', (x) => ({ ...x, reveal: false })), status: { tone: 'info', text: 'Sensitive values masked again.' } };
    return { ...s, dialog: { kind: 'reveal', address: v.address, focus: 'cancel' } };
  }
  if (command === 'graph') {
    const at = index.byAddress.get(v.address);
    if (at === undefined) return s;
    return { ...s, stack: [...s.stack, { kind: 'graph', focus: index.entries[at].configKey, depth: 2, overview: false, cursor: 0, scroll: 0 }] };
  }
  return s;
}

function reduceGraphKey(s: TuiState, v: Extract<View, { kind: 'graph' }>, command: CommandId): TuiState {
  switch (command) {
    case 'open': {
      const link = viewLines(s, v)[v.cursor]?.link;
      if (link === undefined) return s;
      return replaceTop(s, 'graph', (x) => ({ ...x, focus: link, overview: false, cursor: 0, scroll: 0 }));
    }
    case 'graph.deeper':
      return replaceTop(s, 'graph', (x) => ({ ...x, depth: Math.min(MAX_GRAPH_DEPTH, x.depth + 1) }));
    case 'graph.shallower':
      return replaceTop(s, 'graph', (x) => ({ ...x, depth: Math.max(MIN_GRAPH_DEPTH, x.depth - 1), cursor: 0, scroll: 0 }));
    case 'graph.overview':
      if (!v.overview || v.focus !== '') return replaceTop(s, 'graph', (x) => ({ ...x, overview: !x.overview, cursor: 0, scroll: 0 }));
      return s;
    default:
      return s;
  }
}

function openFinding(s: TuiState): TuiState {
  const f = selectedFinding(s);
  const index = stateIndex(s);
  if (!f || !index) return s;
  const address = resolveInstance(index, f.address) ?? (f.related ?? []).map((r) => resolveInstance(index, r)).find((x) => x !== undefined);
  if (address === undefined) return { ...s, status: { tone: 'warning', text: `${f.address || 'This finding'} is not a resource instance in this state; nothing to open.` } };
  return { ...s, stack: [...s.stack, { kind: 'detail', address, reveal: false, cursor: 0, scroll: 0 }] };
}

function openMove(s: TuiState): TuiState {
  if (!s.loaded) return noState(s);
  const v = currentView(s);
  if (v.kind !== 'resources' && v.kind !== 'detail') return s;
  const targets = editTargets(s);
  if (targets.length === 0) return s;
  if (v.kind === 'resources' && s.marked.size > 0) {
    return openPrompt(s, 'bulk-move', `Move ${targets.length} marked resource${targets.length === 1 ? '' : 's'} into module:`, 'Each marked address gets this module prefix (module.NAME). tab completes module paths.', 'module.', targets, moduleCompletions(s, true));
  }
  return openPrompt(s, 'move', `Move ${targets[0]} to:`, 'Type the destination address. tab completes module paths; ctrl+u clears.', targets[0], targets, moduleCompletions(s, false));
}

function openPrompt(s: TuiState, purpose: 'move' | 'bulk-move' | 'import' | 'command', title: string, hint: string, value: string, targets: readonly string[], completions: readonly string[]): TuiState {
  return { ...s, dialog: { kind: 'prompt', purpose, title, hint, input: textInput(value), completions, matches: [], targets } };
}
