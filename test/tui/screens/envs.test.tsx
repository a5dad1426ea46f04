import { afterEach, describe, expect, it } from 'vitest';
import { openDemo, type DemoApp } from '../support/app.js';
import { KEY, press, waitForFrame } from '../support/render.js';

let app: DemoApp | null = null;
afterEach(() => {
  app?.cleanup();
  app = null;
});

describe('switching environment', () => {
  it('lists the configured environments and re-reads the chosen one', async () => {
    app = await openDemo({ columns: 80, rows: 24 });
    await press(app.r.stdin, 'e');
    let f = await waitForFrame(app.r, (x) => x.includes('prod (protected)'));
    expect(f).toContain('Switch environment');
    expect(f).toMatch(/❯ staging {2}\S*envs\/staging\/terraform\.tfstate/);
    // ink-select-input subscribes to keys in an effect after its first render.
    await new Promise((r) => setTimeout(r, 100));
    await press(app.r.stdin, 'j');
    await waitForFrame(app.r, (x) => /❯ prod/.test(x));
    await press(app.r.stdin, KEY.enter);
    f = await waitForFrame(app.r, (x) => x.includes('⚠ prod (protected)'));
    expect(f).toContain('serial 412');
    expect(f).toContain('Resources (tree) 40 instances');
    expect(f.replace(/\n/g, ' ')).toContain('Switched to prod');
  });

  it('goes back without switching on esc', async () => {
    app = await openDemo({ columns: 80, rows: 24 });
    await press(app.r.stdin, 'e');
    await waitForFrame(app.r, (x) => x.includes('prod (protected)'));
    await press(app.r.stdin, KEY.esc);
    const f = await waitForFrame(app.r, (x) => x.includes('Resources (tree)'));
    expect(f).toContain('serial 87');
  });
});

describe('starting without a location', () => {
  it('opens the environment picker when discovery finds no state but environments are configured', async () => {
    app = await openDemo({ columns: 80, rows: 24 }, {}, [], 0, 'Switch environment');
    const f = app.r.lastFrame();
    expect(f.split('\n')[0]).toBe('tfstate-tui no state loaded');
    expect(f).toContain('prod (protected)');
    expect(f.replace(/\n/g, ' ')).toMatch(/Error: /);
    await new Promise((r) => setTimeout(r, 100));
    await press(app.r.stdin, KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Resources (tree) 33 instances'));
  });
});
