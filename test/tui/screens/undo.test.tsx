import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDemo, stagingPath, type DemoApp } from '../support/app.js';
import { KEY, press, typeText, waitForFrame } from '../support/render.js';

let app: DemoApp | null = null;
afterEach(() => {
  app?.cleanup();
  app = null;
});

const disk = (path: string): { serial: number; resources: { type: string; name: string }[] } => JSON.parse(readFileSync(path, 'utf8'));
const names = (path: string): string[] => disk(path).resources.filter((r) => r.type === 'aws_s3_bucket').map((r) => r.name);
const backups = (path: string): string[] => readdirSync(dirname(path)).filter((x) => x.endsWith('.backup'));

async function rename(a: DemoApp, from: string, to: string): Promise<void> {
  await press(a.r.stdin, ':');
  await typeText(a.r.stdin, `mv ${from} ${to}`);
  await press(a.r.stdin, KEY.enter);
  await waitForFrame(a.r, (x) => x.includes(`Apply to staging: mv ${from} ${to}?`));
  await press(a.r.stdin, KEY.tab, KEY.enter);
  await waitForFrame(a.r, (x) => x.includes('Backup:'));
  await a.settle();
}

describe('undo', () => {
  it('restores the backup of the last edit after showing its diff, one edit at a time', async () => {
    app = await openDemo({ columns: 120, rows: 40 });
    const path = stagingPath(app.dir);
    await press(app.r.stdin, 'u');
    await waitForFrame(app.r, (x) => x.includes('Nothing to undo: no edit was made in this session.'));

    await rename(app, 'aws_s3_bucket.assets', 'aws_s3_bucket.static');
    await rename(app, 'aws_s3_bucket.static', 'aws_s3_bucket.files');
    expect(names(path)).toEqual(['files']);
    expect(disk(path).serial).toBe(89);

    await press(app.r.stdin, 'u');
    let f = await waitForFrame(app.r, (x) => x.includes('Apply to staging: undo mv aws_s3_bucket.static aws_s3_bucket.files'));
    expect(f).toContain('Would restore backup terraform.tfstate.');
    expect(f).toContain('+ aws_s3_bucket.static (added)');
    await press(app.r.stdin, KEY.tab, KEY.enter);
    f = await waitForFrame(app.r, (x) => x.includes('Undone.'));
    await app.settle();
    expect(names(path)).toEqual(['static']);
    expect(disk(path).serial).toBe(90);

    await press(app.r.stdin, 'u');
    await waitForFrame(app.r, (x) => x.includes('Apply to staging: undo mv aws_s3_bucket.assets aws_s3_bucket.static'));
    await press(app.r.stdin, KEY.tab, KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Undone.'));
    await app.settle();
    expect(names(path)).toEqual(['assets']);
    expect(disk(path).serial).toBe(91);
    expect(backups(path).length).toBeGreaterThanOrEqual(3);

    await press(app.r.stdin, 'u');
    await waitForFrame(app.r, (x) => x.includes('Nothing to undo: no edit was made in this session.'));
  });
});

describe('backups', () => {
  it('lists the backups and restores one after showing its diff against the current state', async () => {
    app = await openDemo({ columns: 120, rows: 40 });
    const path = stagingPath(app.dir);
    await rename(app, 'aws_s3_bucket.assets', 'aws_s3_bucket.static');
    await press(app.r.stdin, 'b');
    let f = await waitForFrame(app.r, (x) => x.includes('serial 87→88  tfstate mv aws_s3_bucket.assets aws_s3_bucket.static'));
    expect(f).toContain('Backups of');
    await press(app.r.stdin, KEY.enter);
    f = await waitForFrame(app.r, (x) => x.includes('Apply to staging: restore terraform.tfstate.'));
    expect(f).toContain('- aws_s3_bucket.static (removed)');
    await press(app.r.stdin, KEY.tab, KEY.enter);
    await waitForFrame(app.r, (x) => x.includes('Backup:'));
    await app.settle();
    expect(names(path)).toEqual(['assets']);
    expect(disk(path).serial).toBe(89);
  });
});
