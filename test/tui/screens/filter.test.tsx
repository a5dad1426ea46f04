import { afterEach, describe, expect, it } from 'vitest';
import { openDemo, type DemoApp } from '../support/app.js';
import { KEY, press, typeText, waitForFrame } from '../support/render.js';

let app: DemoApp | null = null;
afterEach(() => {
  app?.cleanup();
  app = null;
});

describe('the / filter', () => {
  it('narrows the list while typing, keeps it on enter and clears it with esc', async () => {
    app = await openDemo({ columns: 80, rows: 24 });
    await press(app.r.stdin, '/');
    await typeText(app.r.stdin, 'subnet.pub');
    let f = await waitForFrame(app.r, (x) => x.includes('3 of 33 instances'));
    expect(f).toContain('/subnet.pub');
    expect(f).toContain('aws_subnet.public["eu-west-1a"]');
    expect(f).not.toContain('aws_vpc.this');
    expect(f.split('\n').at(-1)).toMatch(/^enter done {2}esc clear/);
    await press(app.r.stdin, KEY.enter);
    f = await waitForFrame(app.r, (x) => x.split('\n').at(-1)!.startsWith('enter open'));
    expect(f).toContain('3 of 33 instances');
    await press(app.r.stdin, KEY.esc);
    f = await waitForFrame(app.r, (x) => x.includes('Resources (tree) 33 instances'));
    expect(f).not.toContain('/subnet.pub');
  });

  it('finds an instance by an attribute value at 120×40', async () => {
    app = await openDemo({ columns: 120, rows: 40 });
    await press(app.r.stdin, '/');
    await typeText(app.r.stdin, 'c5e88379a122');
    const f = await waitForFrame(app.r, (x) => x.includes('1 of 33 instances'));
    expect(f).toContain('aws_db_instance.this');
  });

  it('says when nothing matches', async () => {
    app = await openDemo({ columns: 80, rows: 24 });
    await press(app.r.stdin, '/');
    await typeText(app.r.stdin, 'qqq');
    await waitForFrame(app.r, (x) => x.includes('Nothing matches /qqq (esc clears the filter).'));
  });
});

describe('keys arriving in one chunk', () => {
  it('are handled one by one: / opens the filter and the rest is typed into it', async () => {
    app = await openDemo({ columns: 80, rows: 24 });
    app.r.stdin.write('/aws_vpc');
    const f = await waitForFrame(app.r, (x) => x.includes('1 of 33 instances'));
    expect(f).toContain('/aws_vpc');
  });
});
