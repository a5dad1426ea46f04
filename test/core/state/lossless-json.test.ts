import { describe, expect, it } from 'vitest';
import { MAX_DISPLAY_DEPTH, parseLossless, printJson, TOO_DEEP_LABEL } from '../../../src/core/state/lossless-json.js';

const nest = (n: number, inner: string): string => '['.repeat(n) + inner + ']'.repeat(n);

describe('the display tree of a value', () => {
  it('keeps values up to the depth limit exactly', () => {
    const text = nest(MAX_DISPLAY_DEPTH, '1.0');
    expect(printJson(parseLossless(text)).replace(/\s/g, '')).toBe(text);
  });

  it('shows a value nested deeper than the limit as a label instead of overflowing the stack', () => {
    const node = parseLossless(`{"deep": ${nest(100_000, '1')}, "next": "x"}`);
    let n = node;
    let levels = 0;
    while (n.t === 'obj' || n.t === 'arr') {
      n = n.t === 'obj' ? n.entries[0][1] : n.items[0];
      levels++;
    }
    expect(n).toEqual({ t: 'masked', label: TOO_DEEP_LABEL });
    expect(levels).toBe(MAX_DISPLAY_DEPTH);
    expect(node.t === 'obj' ? node.entries.map(([k]) => k) : []).toEqual(['deep', 'next']);
  });

  it('skips strings with brackets and escaped quotes inside a value that is too deep', () => {
    const node = parseLossless(`[${nest(MAX_DISPLAY_DEPTH, '"]]\\"[{"')}, "after"]`);
    expect(node.t === 'arr' ? node.items[1] : null).toEqual({ t: 'str', v: 'after' });
  });
});
