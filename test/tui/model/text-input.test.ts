import { describe, expect, it } from 'vitest';
import { completeText, editText, longestCommonPrefix, textInput, type TextEdit } from '../../../src/tui/model/text-input.js';

describe('editText', () => {
  it.each<[string, number, TextEdit, string, number]>([
    ['abc', 3, { op: 'insert', text: 'd' }, 'abcd', 4],
    ['abc', 1, { op: 'insert', text: 'X' }, 'aXbc', 2],
    ['abc', 3, { op: 'insert', text: 'x\ny' }, 'abcxy', 5],
    ['abc', 3, { op: 'backspace' }, 'ab', 2],
    ['abc', 0, { op: 'backspace' }, 'abc', 0],
    ['abc', 2, { op: 'left' }, 'abc', 1],
    ['abc', 0, { op: 'left' }, 'abc', 0],
    ['abc', 3, { op: 'right' }, 'abc', 3],
    ['abc', 2, { op: 'home' }, 'abc', 0],
    ['abc', 0, { op: 'end' }, 'abc', 3],
    ['abc', 2, { op: 'clear' }, '', 0],
  ])('%j at %i with %j gives %j at %i', (value, cursor, edit, want, wantCursor) => {
    expect(editText({ value, cursor }, edit)).toEqual({ value: want, cursor: wantCursor });
  });
});

describe('completeText', () => {
  const modules = ['module.app["web"].', 'module.app["worker"].', 'module.network.', 'module.database.'];

  it('completes a unique prefix to the candidate', () => {
    expect(completeText(textInput('module.n'), modules)).toEqual({ input: textInput('module.network.'), matches: [] });
  });

  it('grows to the common prefix and lists every match when several fit', () => {
    const c = completeText(textInput('module.a'), modules);
    expect(c.input.value).toBe('module.app["w');
    expect(c.matches).toEqual(['module.app["web"].', 'module.app["worker"].']);
  });

  it('lists the matches without changing the text when nothing more is common', () => {
    const c = completeText(textInput('module.'), modules);
    expect(c.input.value).toBe('module.');
    expect(c.matches).toHaveLength(4);
  });

  it('leaves the text alone when nothing matches', () => {
    expect(completeText(textInput('aws_'), modules)).toEqual({ input: textInput('aws_'), matches: [] });
  });

  it('keeps the text after the cursor', () => {
    expect(completeText({ value: 'module.n.aws_vpc.x', cursor: 8 }, ['module.network']).input).toEqual({ value: 'module.network.aws_vpc.x', cursor: 14 });
  });
});

describe('longestCommonPrefix', () => {
  it.each([
    [[], ''],
    [['abc'], 'abc'],
    [['abc', 'abd'], 'ab'],
    [['abc', 'xyz'], ''],
  ])('%j -> %j', (items, want) => {
    expect(longestCommonPrefix(items)).toBe(want);
  });
});
