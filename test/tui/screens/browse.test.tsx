import { afterEach, describe, expect, it } from 'vitest';
import { openDemo, type DemoApp } from '../support/app.js';
import { KEY, press, waitForFrame } from '../support/render.js';

let app: DemoApp | null = null;
afterEach(() => {
  app?.cleanup();
  app = null;
});

describe('resources screen at 80×24', () => {
  it('shows the header, the module tree with counts, the footer hints and exactly 23 rows', async () => {
    app = await openDemo({ columns: 80, rows: 24 });
    const f = app.r.lastFrame();
    const rows = f.split('\n');
    expect(rows).toHaveLength(23);
    expect(rows.every((r) => r.length <= 80)).toBe(true);
    expect(rows[0]).toBe('tfstate-tui  staging  local envs/staging/terraform.tfstate');
    expect(rows[1]).toBe('serial 87  lineage f6500690  lock unlocked  terraform 1.11.4');
    expect(rows[2]).toBe('Resources (tree) 33 instances in 4 modules');
    expect(f).toContain('▾ module.app["web"] (6)');
    expect(rows[22]).toMatch(/^enter open {2}\/ filter {2}space mark .* \? help$/);
  });

  it('moves with j/k, opens with enter and comes back with esc', async () => {
    app = await openDemo({ columns: 80, rows: 24 });
    await press(app.r.stdin, 'j', 'j', KEY.enter);
    let f = await waitForFrame(app.r, (x) => x.includes('Resource aws_iam_role.app'));
    expect(f).toContain('provider      provider["registry.terraform.io/hashicorp/aws"]');
    await press(app.r.stdin, KEY.esc);
    f = await waitForFrame(app.r, (x) => x.includes('Resources (tree)'));
    expect(f).toContain('aws_iam_role.app');
  });

  it('folds a module with enter and switches to the flat list with tab', async () => {
    app = await openDemo({ columns: 80, rows: 24 });
    await press(app.r.stdin, 'G');
    await waitForFrame(app.r, (x) => x.includes('aws_vpc.this'));
    await press(app.r.stdin, KEY.tab);
    let f = await waitForFrame(app.r, (x) => x.includes('Resources (flat)'));
    expect(f).toContain('module.network.aws_vpc.this');
    await press(app.r.stdin, KEY.tab, 'g');
    f = await waitForFrame(app.r, (x) => x.includes('Resources (tree)'));
    // The first module header is the 7th row of the tree.
    await press(app.r.stdin, 'j', 'j', 'j', 'j', 'j', 'j', KEY.enter);
    f = await waitForFrame(app.r, (x) => x.includes('▸ module.app["web"] (6)'));
    expect(f).not.toContain('aws_instance.this[1]');
  });

  it('lists every key in the help screen, generated from the keymap', async () => {
    app = await openDemo({ columns: 80, rows: 24 });
    await press(app.r.stdin, '?');
    const f = await waitForFrame(app.r, (x) => x.includes('Help: every key'));
    expect(f).toContain('Resources');
    expect(f).toMatch(/\/ {16}Filter by address, type, id or attribute value/);
    await press(app.r.stdin, KEY.esc);
    await waitForFrame(app.r, (x) => x.includes('Resources (tree)'));
  });

  it('quits with q and with ctrl-c', async () => {
    app = await openDemo({ columns: 80, rows: 24 });
    await press(app.r.stdin, 'q');
    expect(app.exited()).toBe(true);
    const again = await openDemo({ columns: 80, rows: 24 });
    try {
      await press(again.r.stdin, KEY.ctrlC);
      expect(again.exited()).toBe(true);
    } finally {
      again.cleanup();
    }
  });
});

describe('resources screen at 120×40', () => {
  it('uses the extra room: more rows and an id column', async () => {
    app = await openDemo({ columns: 120, rows: 40 });
    const f = app.r.lastFrame();
    const rows = f.split('\n');
    expect(rows).toHaveLength(39);
    expect(f).toContain('module.network (13)');
    expect(f).toMatch(/aws_iam_role\.app +staging-app/);
  });
});
