import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { tooSmallLines } from '../../../src/tui/model/layout.js';
import { openDemo, stagingPath, type DemoApp } from '../support/app.js';
import { KEY, press, waitForFrame } from '../support/render.js';
import { readFileSync } from 'node:fs';

let app: DemoApp | null = null;
afterEach(() => {
  app?.cleanup();
  app = null;
});

/** The frames drawn since frame `from`, without colours, the empty ones (Ink clearing the screen) left out. */
const framesSince = (a: DemoApp, from: number): string[] =>
  a.r
    .rawFrames()
    .slice(from)
    .map((f) => stripVTControlCharacters(f))
    .filter((f) => f.trim() !== '');
const widest = (frame: string): number => Math.max(...frame.split('\n').map((l) => l.length));

describe('resizing the terminal', () => {
  it('redraws at the new width straight away, never the previous, wider frame first', async () => {
    app = await openDemo({ columns: 120, rows: 40 });
    for (const size of [{ columns: 80, rows: 24 }, { columns: 50, rows: 14 }]) {
      const from = app.r.rawFrames().length;
      app.r.resize(size);
      await app.settle();
      const frames = framesSince(app, from);
      expect(frames.length).toBeGreaterThan(0);
      for (const f of frames) {
        expect(widest(f)).toBeLessThanOrEqual(size.columns);
        expect(f.split('\n').length).toBeLessThan(size.rows);
      }
      expect(frames.at(-1)!.split('\n')[0]).toMatch(/^tfstate-tui {2}staging/);
    }
  });

  it('below 40x12 shows only a notice that fits, takes no key but q, and the app comes back when it grows again', async () => {
    app = await openDemo({ columns: 80, rows: 24 });
    app.r.resize({ columns: 20, rows: 5 });
    await app.settle();
    expect(app.r.lastFrame()).toBe('tfstate-tui needs\n40x12; this terminal\nis 20x5. Press q to\nquit, or enlarge it.');
    // Keys pressed blind do nothing: no dialog opens, nothing is removed.
    const before = readFileSync(stagingPath(app.dir));
    await press(app.r.stdin, 'j', 'd', KEY.tab, KEY.enter, KEY.enter);
    app.r.resize({ columns: 80, rows: 24 });
    await waitForFrame(app.r, (f) => f.startsWith('tfstate-tui  staging'));
    expect(app.r.lastFrame()).not.toContain('Remove');
    expect(readFileSync(stagingPath(app.dir)).equals(before)).toBe(true);
    app.r.resize({ columns: 1, rows: 1 });
    await app.settle();
    expect(app.r.lastFrame()).toBe('t');
    await press(app.r.stdin, 'q');
    await app.settle();
    expect(app.exited()).toBe(true);
  });
});

describe('tooSmallLines', () => {
  it.each([
    [20, 5],
    [39, 40],
    [80, 11],
    [1, 1],
    [3, 2],
    [12, 30],
  ])('at %ix%i fits the terminal: no line wider, at least one row, and a row fewer than it has when it has several', (columns, rows) => {
    const lines = tooSmallLines({ columns, rows });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(Math.max(1, rows - 1));
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(columns);
  });

  it('says what size it needs, what it has, and how to quit, when there is room', () => {
    expect(tooSmallLines({ columns: 39, rows: 40 })).toEqual(['tfstate-tui needs 40x12; this terminal', 'is 39x40. Press q to quit, or enlarge', 'it.']);
  });
});
