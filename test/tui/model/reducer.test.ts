import { describe, expect, it } from 'vitest';
import { reduce, initialState } from '../../../src/tui/model/reducer.js';
import { currentView, editTargets, keyContext, resourceRows, selectedAddress, viewLines } from '../../../src/tui/model/selectors.js';
import type { Dialog, PreviewModel, TuiState } from '../../../src/tui/model/types.js';
import { textInput } from '../../../src/tui/model/text-input.js';
import { bodyRows } from '../../../src/tui/model/layout.js';
import { keys, loadedState, type } from '../support/state.js';

const size = { columns: 80, rows: 24 };

describe('reduce: browsing', () => {
  it('starts on the resources view in tree mode with nothing loaded', () => {
    const s = initialState(size);
    expect(currentView(s)).toEqual({ kind: 'resources' });
    expect(s.mode).toBe('tree');
    expect(resourceRows(s)).toEqual([]);
  });

  it('moves the cursor with j/k and clamps at the ends', () => {
    const s = loadedState();
    expect(keys(s, 'cursor.up').cursor).toBe(0);
    expect(keys(s, 'cursor.down', 'cursor.down').cursor).toBe(2);
    const last = resourceRows(s).length - 1;
    const bottom = keys(s, 'cursor.bottom');
    expect(bottom.cursor).toBe(last);
    expect(bottom.scroll).toBe(last - bodyRows(size) + 1);
    expect(keys(bottom, 'cursor.down').cursor).toBe(last);
    expect(keys(bottom, 'cursor.top')).toMatchObject({ cursor: 0, scroll: 0 });
  });

  it('pages by the visible height', () => {
    const s = keys(loadedState(), 'page.down');
    expect(s.cursor).toBe(bodyRows(size));
    expect(keys(s, 'page.up').cursor).toBe(0);
  });

  it('folds and unfolds a module with enter', () => {
    let s = loadedState();
    const at = resourceRows(s).findIndex((r) => r.kind === 'module' && r.address === 'module.network');
    s = { ...s, cursor: at };
    const before = resourceRows(s).length;
    s = keys(s, 'open');
    expect(s.collapsed.has('module.network')).toBe(true);
    expect(resourceRows(s).length).toBe(before - 13);
    expect(resourceRows(keys(s, 'open')).length).toBe(before);
  });

  it('opens the instance under the cursor and esc comes back', () => {
    const s = keys(loadedState(), 'open');
    expect(currentView(s)).toEqual({ kind: 'detail', address: 'data.aws_caller_identity.current', reveal: false, cursor: 0, scroll: 0 });
    expect(currentView(keys(s, 'back'))).toEqual({ kind: 'resources' });
  });

  it('keeps the selected instance when switching between tree and flat', () => {
    let s = loadedState();
    const at = resourceRows(s).findIndex((r) => r.kind === 'instance' && r.label === 'aws_vpc.this');
    s = { ...s, cursor: at };
    expect(selectedAddress(s)).toBe('module.network.aws_vpc.this');
    s = keys(s, 'view.toggle');
    expect(s.mode).toBe('flat');
    expect(selectedAddress(s)).toBe('module.network.aws_vpc.this');
  });

  it('filters while typing, keeps the filter on enter and clears it on esc', () => {
    let s = keys(loadedState(), 'filter');
    expect(keyContext(s)).toBe('filter');
    s = type(s, 'aws_vpc');
    expect(resourceRows(s).map((r) => (r.kind === 'module' ? r.address : r.label))).toEqual(['module.network', 'aws_vpc.this']);
    s = keys(s, 'dialog.submit');
    expect(keyContext(s)).toBe('resources');
    expect(s.filter.value).toBe('aws_vpc');
    s = keys(s, 'back');
    expect(s.filter.value).toBe('');
  });

  it('marks with space, moving down, and esc clears the marks', () => {
    let s = loadedState('demo/envs/staging/terraform.tfstate', size);
    s = keys(s, 'view.toggle', 'mark', 'mark');
    expect([...s.marked]).toEqual(['data.aws_caller_identity.current', 'data.aws_region.current']);
    expect(s.cursor).toBe(2);
    expect(editTargets(s)).toEqual(['data.aws_caller_identity.current', 'data.aws_region.current']);
    s = keys(s, 'back');
    expect(s.marked.size).toBe(0);
  });

  it('marks every instance of a module when space is pressed on its header', () => {
    let s = loadedState();
    s = { ...s, cursor: resourceRows(s).findIndex((r) => r.kind === 'module' && r.address === 'module.database') };
    s = keys(s, 'mark');
    expect([...s.marked].sort()).toEqual(['module.database.aws_db_instance.this', 'module.database.aws_db_subnet_group.this', 'module.database.aws_security_group.db']);
  });

  it('opens help for the current context, and esc closes it', () => {
    const s = keys(loadedState(), 'help');
    expect(currentView(s)).toMatchObject({ kind: 'help', context: 'resources' });
    expect(viewLines(s)[0].text).toBe('Resources');
    expect(currentView(keys(s, 'back')).kind).toBe('resources');
  });
});

describe('reduce: detail and graph', () => {
  const db = (): TuiState => {
    const s = loadedState();
    return reduce(s, { type: 'push', view: { kind: 'detail', address: 'module.database.aws_db_instance.this', reveal: false, cursor: 0, scroll: 0 } });
  };

  it('asks before revealing sensitive values, Cancel first', () => {
    let s = keys(db(), 'reveal');
    expect(s.dialog).toEqual({ kind: 'reveal', address: 'module.database.aws_db_instance.this', focus: 'cancel' });
    s = keys(s, 'dialog.submit');
    expect(s.dialog).toBeNull();
    expect(currentView(s)).toMatchObject({ reveal: false });
    s = keys(s, 'reveal', 'dialog.switch', 'dialog.submit');
    expect(currentView(s)).toMatchObject({ reveal: true });
    expect(viewLines(s).some((l) => l.text.includes('staging-Db-5c95aba582ed'))).toBe(true);
    expect(currentView(keys(s, 'reveal'))).toMatchObject({ reveal: false });
  });

  it('follows a dependency with enter', () => {
    let s = db();
    const at = viewLines(s).findIndex((l) => l.link === 'module.database.aws_db_subnet_group.this');
    s = reduce(s, { type: 'push', view: { ...(currentView(s) as Extract<ReturnType<typeof currentView>, { kind: 'detail' }>), cursor: at } });
    s = keys(s, 'open');
    expect(currentView(s)).toMatchObject({ kind: 'detail', address: 'module.database.aws_db_subnet_group.this' });
  });

  it('opens the graph with a depth that + and - change within bounds', () => {
    let s = keys(db(), 'graph');
    expect(currentView(s)).toMatchObject({ kind: 'graph', focus: 'module.database.aws_db_instance.this', depth: 2 });
    s = keys(s, 'graph.deeper');
    expect(currentView(s)).toMatchObject({ depth: 3 });
    s = keys(s, 'graph.shallower', 'graph.shallower', 'graph.shallower', 'graph.shallower');
    expect(currentView(s)).toMatchObject({ depth: 1 });
    s = keys(s, 'graph.overview');
    expect(viewLines(s)[0].text).toMatch(/^Modules: /);
  });
});

describe('reduce: dialogs', () => {
  const preview: PreviewModel = { steps: ['Would move "a" to "b"'], diffs: [{ address: 'a', kind: 'removed', patch: '-x\n' }], serialBefore: '1', serialAfter: '2', warnings: [] };
  const confirm = (prot: boolean): Dialog => ({
    kind: 'confirm',
    title: 'mv a b',
    job: { kind: 'edit', operations: [], commandLine: 'tfstate mv a b', lockOperation: 'tfstate mv' },
    preview,
    envName: prot ? 'prod' : 'staging',
    protected: prot,
    typed: textInput(''),
    focus: 'cancel',
    scroll: 0,
    note: '',
    refusal: '',
  });

  it('cancels on enter because Cancel has the focus', () => {
    const s = keys(reduce(loadedState(), { type: 'dialog', dialog: confirm(false) }), 'dialog.submit');
    expect(s.dialog).toBeNull();
    expect(s.status).toEqual({ tone: 'info', text: 'Cancelled: nothing was written.' });
  });

  it('refuses Apply in a protected environment until its name is typed', () => {
    let s = reduce(loadedState(), { type: 'dialog', dialog: confirm(true) });
    expect(keyContext(s)).toBe('confirm-typed');
    s = keys(s, 'dialog.switch', 'dialog.submit');
    expect(s.dialog).toMatchObject({ refusal: 'prod is protected: type its name to apply. Nothing was written.' });
    s = type(s, 'prod');
    expect(s.dialog).toMatchObject({ typed: { value: 'prod' }, refusal: '' });
  });

  it('opens the move prompt on the selection with module completion', () => {
    let s = loadedState();
    s = { ...s, cursor: resourceRows(s).findIndex((r) => r.kind === 'instance' && r.label === 'aws_iam_role.app') };
    s = keys(s, 'edit.move');
    expect(s.dialog).toMatchObject({ kind: 'prompt', purpose: 'move', input: { value: 'aws_iam_role.app' }, targets: ['aws_iam_role.app'] });
    s = keys(s, 'text.clear');
    s = type(s, 'module.d');
    s = keys(s, 'prompt.complete');
    expect(s.dialog).toMatchObject({ input: { value: 'module.database.' } });
    expect(keys(s, 'dialog.cancel').dialog).toBeNull();
  });

  it('opens a bulk-move prompt when resources are marked', () => {
    const s = keys(loadedState(), 'view.toggle', 'mark', 'mark', 'edit.move');
    expect(s.dialog).toMatchObject({ kind: 'prompt', purpose: 'bulk-move', input: { value: 'module.' }, targets: ['data.aws_caller_identity.current', 'data.aws_region.current'] });
  });
});

describe('reduce: loading', () => {
  it('keeps cursor and marks that still exist when the same location is re-read', () => {
    let s = keys(loadedState(), 'view.toggle', 'mark', 'cursor.down', 'cursor.down');
    const loaded = s.loaded!;
    s = reduce(s, { type: 'loaded', loaded, reset: false });
    expect(s.cursor).toBe(3);
    expect(s.marked.size).toBe(1);
  });

  it('starts afresh when a different location is loaded', () => {
    let s = keys(loadedState(), 'view.toggle', 'mark', 'open');
    s = reduce(s, { type: 'loaded', loaded: s.loaded!, reset: true });
    expect(s).toMatchObject({ cursor: 0, scroll: 0, stack: [{ kind: 'resources' }] });
    expect(s.marked.size).toBe(0);
  });
});
