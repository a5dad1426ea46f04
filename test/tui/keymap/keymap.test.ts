import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { helpSections, hintLine, hintsFor, KEYMAP, keyName, resolveKey, splitKeys, type KeyContext } from '../../../src/tui/keymap/index.js';

const k = (over: Partial<Key> = {}): Partial<Key> => over;

describe('keyName', () => {
  it.each<[string, Partial<Key>, string | null]>([
    ['j', k(), 'j'],
    ['G', k({ shift: true }), 'G'],
    ['', k({ upArrow: true }), 'up'],
    ['\r', k({ return: true }), 'enter'],
    ['', k({ escape: true, meta: true }), 'esc'],
    ['\t', k({ tab: true }), 'tab'],
    ['', k({ delete: true }), 'backspace'],
    ['c', k({ ctrl: true }), 'ctrl+c'],
    [' ', k(), 'space'],
    ['', k(), null],
  ])('%j %j -> %j', (input, key, want) => {
    expect(keyName(input, key)).toBe(want);
  });
});

describe('resolveKey', () => {
  it.each<[KeyContext, string, Partial<Key>, unknown]>([
    ['resources', 'j', k(), { command: 'cursor.down' }],
    ['resources', 'm', k(), { command: 'edit.move' }],
    ['resources', ' ', k(), { command: 'mark' }],
    ['resources', '\t', k({ tab: true }), { command: 'view.toggle' }],
    ['graph', '\t', k({ tab: true }), { command: 'graph.overview' }],
    ['detail', 's', k(), { command: 'reveal' }],
    ['resources', 's', k(), null],
    ['filter', 'j', k(), { command: 'text.insert', text: 'j' }],
    ['filter', 'q', k(), { command: 'text.insert', text: 'q' }],
    ['prompt', '\t', k({ tab: true }), { command: 'prompt.complete' }],
    ['confirm', 'j', k(), { command: 'dialog.scroll-down' }],
    ['confirm', 'q', k(), null],
    ['confirm-typed', 'j', k(), { command: 'text.insert', text: 'j' }],
    ['confirm-typed', 'c', k({ ctrl: true }), { command: 'quit' }],
    ['reveal', 'y', k(), null],
    ['help', '?', k(), { command: 'back' }],
  ])('in %s, %j %j -> %j', (context, input, key, want) => {
    expect(resolveKey(context, input, key)).toEqual(want);
  });
});

describe('hints and help', () => {
  it('generates the footer from the table, view keys first and help kept at the end', () => {
    const line = hintLine(hintsFor('resources'), 80);
    expect(line.startsWith('enter open  / filter  space mark')).toBe(true);
    expect(line.endsWith('? help')).toBe(true);
    expect(line.length).toBeLessThanOrEqual(80);
  });

  it('documents every binding in the help screen', () => {
    const documented = helpSections().flatMap((s) => s.rows.map((r) => r.description));
    expect(documented).toEqual(expect.arrayContaining(KEYMAP.map((b) => b.description)));
    expect(documented).toHaveLength(KEYMAP.length);
  });

  it('never binds one key twice in a context', () => {
    const seen = new Set<string>();
    for (const b of KEYMAP) for (const key of b.keys) {
      const id = `${b.context}:${key}`;
      expect(seen.has(id), id).toBe(false);
      seen.add(id);
    }
  });
});

describe('splitKeys', () => {
  it('splits a chunk of typed keys into single presses', () => {
    expect(splitKeys('/ab\r', {})).toEqual([
      ['/', {}],
      ['a', {}],
      ['b', {}],
      ['', { return: true }],
    ]);
    expect(splitKeys('G\t\u007f\u0015', {})).toEqual([
      ['G', { shift: true }],
      ['', { tab: true }],
      ['', { backspace: true }],
      ['u', { ctrl: true }],
    ]);
  });

  it('leaves single keys and named keys alone', () => {
    expect(splitKeys('j', {})).toEqual([['j', {}]]);
    expect(splitKeys('', { upArrow: true })).toEqual([['', { upArrow: true }]]);
  });
});
