import { afterEach, describe, expect, it } from 'vitest';
import { openDemo, type DemoApp } from '../support/app.js';
import { KEY, press, typeText, waitForFrame } from '../support/render.js';

let app: DemoApp | null = null;
afterEach(() => {
  app?.cleanup();
  app = null;
});

describe('the graph screen', () => {
  it('draws the neighbourhood with the cycle marked, changes depth and shows the module overview', async () => {
    app = await openDemo({ columns: 120, rows: 40 }, { state: 'v4-cycles.tfstate' }, ['graph/v4-cycles.tfstate']);
    await press(app.r.stdin, '/');
    await typeText(app.r.stdin, 'null_resource.one');
    await waitForFrame(app.r, (x) => x.includes('1 of 14 instances'));
    await press(app.r.stdin, KEY.enter, 'v');
    let f = await waitForFrame(app.r, (x) => x.includes('Graph of null_resource.one  depth 2 (+/-)'));
    expect(f).toContain('  └── null_resource.two [cycle]');
    expect(f).toContain('      └── null_resource.three [cycle] (+1 beyond depth 2)');
    expect(f).toContain('  null_resource.one → null_resource.two → null_resource.three → null_resource.one');

    await press(app.r.stdin, '+');
    f = await waitForFrame(app.r, (x) => x.includes('depth 3 (+/-)'));
    expect(f).toContain('          └── null_resource.one [cycle] (shown above)');

    await press(app.r.stdin, KEY.tab);
    f = await waitForFrame(app.r, (x) => x.includes('Graph: module overview'));
    expect(f).toContain('Dependency cycles (5)');
    expect(f).toContain('│   └── module.replica  1 resource, 1 instance');
  });

  it('re-focuses on the resource under the cursor with enter', async () => {
    app = await openDemo({ columns: 80, rows: 24 }, { state: 'v4-cycles.tfstate' }, ['graph/v4-cycles.tfstate']);
    await press(app.r.stdin, '/');
    await typeText(app.r.stdin, 'aws_security_group.a');
    await press(app.r.stdin, KEY.enter, 'v');
    await waitForFrame(app.r, (x) => x.includes('Graph of aws_security_group.a'));
    await press(app.r.stdin, 'j', 'j', 'j', 'j', KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Graph of aws_vpc.main'));
  });
});
