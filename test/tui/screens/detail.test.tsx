import { afterEach, describe, expect, it } from 'vitest';
import { openDemo, type DemoApp } from '../support/app.js';
import { KEY, press, typeText, waitForFrame } from '../support/render.js';

let app: DemoApp | null = null;
afterEach(() => {
  app?.cleanup();
  app = null;
});

async function openDatabase(a: DemoApp): Promise<void> {
  await press(a.r.stdin, '/');
  await typeText(a.r.stdin, 'aws_db_instance');
  await waitForFrame(a.r, (x) => x.includes('1 of 33 instances'));
  await press(a.r.stdin, KEY.enter, 'j', KEY.enter);
  await waitForFrame(a.r, (x) => x.includes('Resource module.database.aws_db_instance.this'));
}

describe('the detail screen', () => {
  it('masks sensitive values; revealing needs a confirmation that defaults to Cancel', async () => {
    app = await openDemo({ columns: 120, rows: 40 });
    await openDatabase(app);
    await press(app.r.stdin, 'G');
    let f = await waitForFrame(app.r, (x) => x.includes('password = (sensitive)'));
    expect(f).not.toContain('staging-Db-5c95aba582ed');

    await press(app.r.stdin, 's');
    f = await waitForFrame(app.r, (x) => x.includes('Reveal sensitive values of module.database.aws_db_instance.this?'));
    await press(app.r.stdin, KEY.enter);
    f = await waitForFrame(app.r, (x) => x.includes('Resource module.database.aws_db_instance.this'));
    expect(f).not.toContain('staging-Db-5c95aba582ed');

    await press(app.r.stdin, 's', KEY.tab, KEY.enter);
    f = await waitForFrame(app.r, (x) => x.includes('password = "staging-Db-5c95aba582ed"'));
    expect(f).toContain('[sensitive values shown]');
    await press(app.r.stdin, 's');
    await waitForFrame(app.r, (x) => x.includes('password = (sensitive)'));
  });

  it('lists dependencies and dependents and follows one with enter', async () => {
    app = await openDemo({ columns: 80, rows: 24 });
    await openDatabase(app);
    const f = app.r.lastFrame();
    expect(f).toContain('Depends on (2)');
    expect(f).toContain('  → module.database.aws_db_subnet_group.this');
    expect(f).toContain('Depended on by (1)');
    // Lines: provider, status, schema, blank, heading, first dependency.
    await press(app.r.stdin, 'j', 'j', 'j', 'j', 'j', KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Resource module.database.aws_db_subnet_group.this'));
    await press(app.r.stdin, KEY.esc);
    await waitForFrame(app.r, (x) => x.includes('Resource module.database.aws_db_instance.this'));
  });
});
