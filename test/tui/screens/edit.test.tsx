import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDemo, stagingPath, type DemoApp } from '../support/app.js';
import { KEY, press, typeText, waitForFrame } from '../support/render.js';

let app: DemoApp | null = null;
afterEach(() => {
  app?.cleanup();
  app = null;
});

interface Disk {
  serial: number;
  resources: { module?: string; type: string; name: string; instances: { status?: string }[] }[];
}
const disk = (path: string): Disk => JSON.parse(readFileSync(path, 'utf8'));
const backupsOf = (path: string): string[] => readdirSync(dirname(path)).filter((f) => f.endsWith('.backup'));
const has = (d: Disk, type: string, name: string, module?: string): boolean => d.resources.some((r) => r.type === type && r.name === name && r.module === module);

async function selectRole(a: DemoApp): Promise<void> {
  await press(a.r.stdin, '/');
  await typeText(a.r.stdin, 'aws_iam_role');
  await waitForFrame(a.r, (x) => x.includes('1 of 33 instances'));
  await press(a.r.stdin, KEY.enter);
}

describe('moving a resource', () => {
  it('previews the plan and diff, cancels by default, and applies after choosing Apply', async () => {
    app = await openDemo({ columns: 120, rows: 40 });
    const path = stagingPath(app.dir);
    await selectRole(app);
    await press(app.r.stdin, 'm');
    await waitForFrame(app.r, (x) => x.includes('Move aws_iam_role.app to:'));
    await press(app.r.stdin, KEY.ctrlU);
    await typeText(app.r.stdin, 'module.d');
    await press(app.r.stdin, KEY.tab);
    await waitForFrame(app.r, (x) => x.includes('> module.database.'));
    await typeText(app.r.stdin, 'aws_iam_role.app');
    await press(app.r.stdin, KEY.enter);
    let f = await waitForFrame(app.r, (x) => x.includes('Apply to staging: mv aws_iam_role.app module.database.aws_iam_role.app?'));
    expect(f).toContain('Would move "aws_iam_role.app" to "module.database.aws_iam_role.app"');
    expect(f).toContain('serial 87 → 88; 5 resources change');
    expect(f).toContain('- aws_iam_role.app (removed)');
    expect(f).toContain('+ module.database.aws_iam_role.app (added)');

    // Enter on the default (Cancel) writes nothing.
    await press(app.r.stdin, KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Cancelled: nothing was written.'));
    expect(disk(path).serial).toBe(87);
    expect(backupsOf(path)).toEqual([]);

    await press(app.r.stdin, 'm', KEY.ctrlU);
    await typeText(app.r.stdin, 'module.database.aws_iam_role.app');
    await press(app.r.stdin, KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Apply to staging'));
    await press(app.r.stdin, KEY.tab, KEY.enter);
    f = await waitForFrame(app.r, (x) => x.includes('Backup:'));
    await app.settle();
    const after = disk(path);
    expect(after.serial).toBe(88);
    expect(has(after, 'aws_iam_role', 'app', 'module.database')).toBe(true);
    expect(has(after, 'aws_iam_role', 'app')).toBe(false);
    const backups = backupsOf(path);
    expect(backups).toHaveLength(1);
    expect(disk(join(dirname(path), backups[0])).serial).toBe(87);
    expect(f.replace(/\n/g, ' ')).toContain(`Successfully moved 1 object(s). Serial 87 → 88. Backup: envs/staging/${backups[0]}. u undoes it.`);
    expect(f).toContain('serial 88');
  });

  it('moves every marked resource into a module in one transaction', async () => {
    app = await openDemo({ columns: 120, rows: 40 });
    const path = stagingPath(app.dir);
    await press(app.r.stdin, KEY.tab, 'j', 'j', KEY.space, KEY.space, KEY.space);
    await waitForFrame(app.r, (x) => x.includes('3 marked'));
    await press(app.r.stdin, 'm');
    await waitForFrame(app.r, (x) => x.includes('Move 3 marked resources into module:'));
    await typeText(app.r.stdin, 'storage');
    await press(app.r.stdin, KEY.enter);
    const f = await waitForFrame(app.r, (x) => x.includes('Apply to staging: 3 operations (mv)?'));
    expect(f).toContain('Would move "aws_s3_bucket.assets" to "module.storage.aws_s3_bucket.assets"');
    await press(app.r.stdin, KEY.tab, KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Backup:'));
    await app.settle();
    const after = disk(path);
    expect(after.serial).toBe(88);
    for (const [t, n] of [['aws_iam_role', 'app'], ['aws_s3_bucket', 'assets'], ['aws_s3_bucket_policy', 'assets']]) expect(has(after, t, n, 'module.storage')).toBe(true);
    expect(backupsOf(path)).toHaveLength(1);
  });
});

describe('other edits', () => {
  it('removes every marked resource in one rm', async () => {
    app = await openDemo({ columns: 80, rows: 24 });
    const path = stagingPath(app.dir);
    await press(app.r.stdin, KEY.tab, 'j', 'j', 'j', KEY.space, KEY.space);
    await waitForFrame(app.r, (x) => x.includes('2 marked'));
    await press(app.r.stdin, 'd');
    await waitForFrame(app.r, (x) => x.includes('Apply to staging: rm aws_s3_bucket.assets aws_s3_bucket_policy.assets?'));
    await press(app.r.stdin, KEY.tab, KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Successfully removed 2 resource instance(s).'));
    await app.settle();
    const after = disk(path);
    expect(has(after, 'aws_s3_bucket', 'assets')).toBe(false);
    expect(has(after, 'aws_s3_bucket_policy', 'assets')).toBe(false);
    expect(after.serial).toBe(88);
  });

  it('taints with t and removes with d, each after confirmation', async () => {
    app = await openDemo({ columns: 80, rows: 24 });
    const path = stagingPath(app.dir);
    await selectRole(app);
    await press(app.r.stdin, 't');
    await waitForFrame(app.r, (x) => x.includes('Apply to staging: taint aws_iam_role.app?'));
    await press(app.r.stdin, KEY.tab, KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Backup:'));
    await app.settle();
    expect(disk(path).resources.find((r) => r.type === 'aws_iam_role')!.instances[0].status).toBe('tainted');
    await waitForFrame(app.r, (x) => x.includes('aws_iam_role.app') && x.includes('tainted'));

    await press(app.r.stdin, 'd');
    await waitForFrame(app.r, (x) => x.includes('Apply to staging: rm aws_iam_role.app?'));
    await press(app.r.stdin, KEY.tab, KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Successfully removed 1 resource instance(s).'));
    await app.settle();
    expect(has(disk(path), 'aws_iam_role', 'app')).toBe(false);
    expect(disk(path).serial).toBe(89);
  });

  it('runs the CLI grammar from the : command line, including apply-batch', async () => {
    app = await openDemo({ columns: 120, rows: 40 });
    const path = stagingPath(app.dir);
    await press(app.r.stdin, ':');
    await typeText(app.r.stdin, 'mv aws_s3_bucket.assets aws_s3_bucket.static');
    await press(app.r.stdin, KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Apply to staging: mv aws_s3_bucket.assets aws_s3_bucket.static?'));
    await press(app.r.stdin, KEY.esc);
    await waitForFrame(app.r, (x) => x.includes('Cancelled: nothing was written.'));

    writeFileSync(join(app.dir, 'ops.txt'), '# tidy up\nmv aws_s3_bucket.assets aws_s3_bucket.static\nrm aws_security_group.bastion\n');
    await press(app.r.stdin, ':');
    await typeText(app.r.stdin, 'apply-batch ops.txt');
    await press(app.r.stdin, KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Apply to staging: apply-batch ops.txt: 2 operations (mv, rm)?'));
    await press(app.r.stdin, KEY.tab, KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Backup:'));
    await app.settle();
    const after = disk(path);
    expect(after.serial).toBe(88);
    expect(has(after, 'aws_s3_bucket', 'static')).toBe(true);
    expect(has(after, 'aws_security_group', 'bastion')).toBe(false);
  });

  it('reports a plan error in the status line and writes nothing', async () => {
    app = await openDemo({ columns: 80, rows: 24 });
    const path = stagingPath(app.dir);
    await press(app.r.stdin, ':');
    await typeText(app.r.stdin, 'rm aws_instance.nope');
    await press(app.r.stdin, KEY.enter);
    await waitForFrame(app.r, (x) => /Error: .*aws_instance\.nope/.test(x.replace(/\n/g, ' ')));
    expect(disk(path).serial).toBe(87);
  });

  it('notices the state changed on disk since it was loaded and plans on the new one', async () => {
    app = await openDemo({ columns: 120, rows: 40 });
    const path = stagingPath(app.dir);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"serial": 87,', '"serial": 90,'));
    await selectRole(app);
    await press(app.r.stdin, 'd');
    const f = await waitForFrame(app.r, (x) => x.includes('Apply to staging: rm aws_iam_role.app?'));
    expect(f).toContain('The state changed since it was loaded (serial 87 → 90); it was re-read and this plan uses the new state.');
    expect(f).toContain('serial 90 → 91');
    expect(existsSync(path)).toBe(true);
  });
});

describe('import and stale previews', () => {
  it('imports an object with i and the CLI grammar', async () => {
    app = await openDemo({ columns: 120, rows: 40 });
    const path = stagingPath(app.dir);
    await press(app.r.stdin, 'i');
    await waitForFrame(app.r, (x) => x.includes('Import ADDRESS ID [--provider P]:'));
    await typeText(app.r.stdin, 'aws_s3_bucket.logs acme-staging-logs');
    await press(app.r.stdin, KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Apply to staging: import aws_s3_bucket.logs acme-staging-logs?'));
    await press(app.r.stdin, KEY.tab, KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Backup:'));
    await app.settle();
    expect(has(disk(path), 'aws_s3_bucket', 'logs')).toBe(true);
  });

  it('writes nothing when the state changed while the preview was open, and shows the new plan', async () => {
    app = await openDemo({ columns: 120, rows: 40 });
    const path = stagingPath(app.dir);
    await selectRole(app);
    await press(app.r.stdin, 'd');
    await waitForFrame(app.r, (x) => x.includes('Apply to staging: rm aws_iam_role.app?'));
    writeFileSync(path, readFileSync(path, 'utf8').replace('"serial": 87,', '"serial": 95,'));
    await press(app.r.stdin, KEY.tab, KEY.enter);
    const f = await waitForFrame(app.r, (x) => x.includes('The state changed while you were reviewing: nothing was written.'));
    expect(f).toContain('serial 95 → 96');
    expect(disk(path).serial).toBe(95);
    expect(backupsOf(path)).toEqual([]);
    await press(app.r.stdin, KEY.tab, KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Backup:'));
    await app.settle();
    expect(disk(path).serial).toBe(96);
  });
});
