import { afterEach, describe, expect, it } from 'vitest';
import { viewLines } from '../../../src/tui/model/selectors.js';
import { openDemo, type DemoApp } from '../support/app.js';
import { KEY, press, waitForFrame } from '../support/render.js';

let app: DemoApp | null = null;
afterEach(() => {
  app?.cleanup();
  app = null;
});

describe('the audit screen', () => {
  it('groups findings by severity and jumps to the resource of one with enter', async () => {
    app = await openDemo({ columns: 120, rows: 40 });
    await press(app.r.stdin, 'a');
    const f = await waitForFrame(app.r, (x) => /Audit: \d+ findings/.test(x));
    expect(f).toMatch(/^Warnings \(\d+\)$/m);
    expect(f).toContain('TFS035  module.app["worker"].aws_instance.this[0]');
    const at = viewLines(app.store.getState()).findIndex((l) => l.text.includes('TFS035'));
    await press(app.r.stdin, ...Array<string>(at).fill('j'));
    await waitForFrame(app.r, (x) => x.includes('What to do: '));
    await press(app.r.stdin, KEY.enter);
    const d = await waitForFrame(app.r, (x) => x.includes('Resource module.app["worker"].aws_instance.this[0]'));
    expect(d).toContain('status        tainted');
    await press(app.r.stdin, KEY.esc);
    await waitForFrame(app.r, (x) => /Audit: \d+ findings/.test(x));
  });
});
