import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDemo, prodPath, type DemoApp } from '../support/app.js';
import { KEY, press, typeText, waitForFrame } from '../support/render.js';

let app: DemoApp | null = null;
afterEach(() => {
  app?.cleanup();
  app = null;
});

const serial = (path: string): number => JSON.parse(readFileSync(path, 'utf8')).serial;

describe('a protected environment', () => {
  it('is red and marked in the header', async () => {
    app = await openDemo({ columns: 80, rows: 24 }, { env: 'prod' });
    expect(app.r.lastFrame().split('\n')[0]).toBe('tfstate-tui   ⚠ prod (protected)   local envs/prod/terraform.tfstate');
  });

  it('refuses Apply until the environment name is typed', async () => {
    app = await openDemo({ columns: 120, rows: 40 }, { env: 'prod' });
    const path = prodPath(app.dir);
    await press(app.r.stdin, ':');
    await typeText(app.r.stdin, 'mv aws_iam_role.app aws_iam_role.application');
    await press(app.r.stdin, KEY.enter);
    let f = await waitForFrame(app.r, (x) => x.includes('Type prod to apply:'));
    expect(f).toContain('Apply to  prod (protected) : mv aws_iam_role.app aws_iam_role.application?');

    await press(app.r.stdin, KEY.tab, KEY.enter);
    f = await waitForFrame(app.r, (x) => x.includes('prod is protected: type its name to apply. Nothing was written.'));
    expect(serial(path)).toBe(412);

    await typeText(app.r.stdin, 'prd');
    await press(app.r.stdin, KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('prod is protected: type its name to apply.'));
    expect(serial(path)).toBe(412);

    await press(app.r.stdin, KEY.backspace, KEY.backspace);
    await typeText(app.r.stdin, 'rod');
    await waitForFrame(app.r, (x) => x.includes('Type prod to apply: prod'));
    await press(app.r.stdin, KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Backup:'));
    await app.settle();
    expect(serial(path)).toBe(413);
    expect(readdirSync(dirname(path)).filter((x) => x.endsWith('.backup'))).toHaveLength(1);
  });

  it("refuses an edit of an address the environment's protect patterns cover", async () => {
    app = await openDemo({ columns: 120, rows: 40 }, { env: 'prod' });
    const path = prodPath(app.dir);
    await press(app.r.stdin, ':');
    await typeText(app.r.stdin, 'rm module.database.aws_db_instance.this');
    await press(app.r.stdin, KEY.enter);
    const f = await waitForFrame(app.r, (x) => x.includes('Error: Protected addresses'));
    expect(f.replace(/\n/g, ' ')).toContain('module.database.aws_db_instance.this (protected by "module.database.*")');
    expect(serial(path)).toBe(412);
  });
});
