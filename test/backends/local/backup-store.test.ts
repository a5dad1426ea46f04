import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../../src/backends/local/index.js';
import type { BackupMeta } from '../../../src/ports/backend.js';
import { stateBytes } from '../../conformance/suite.js';
import { perm, useTempDirs } from './tmp.js';

const at = (iso: string, operation = 'tfstate mv a b'): BackupMeta => ({ time: new Date(iso), operation, who: 'alice@host', serialBefore: '3', serialAfter: '4' });

describe('local backups', () => {
  const tempDir = useTempDirs();

  async function setup() {
    const dir = await tempDir();
    const file = path.join(dir, 'terraform.tfstate');
    return { dir, file, b: createLocalBackend(file) };
  }

  it("stores the exact bytes beside the state under Terraform's name, mode 0600, with an index", async () => {
    const { dir, b } = await setup();
    const rec = await b.backups.put(stateBytes(3), at('2026-11-28T17:26:20.757Z'));
    expect(rec).toEqual({
      id: 'terraform.tfstate.1795886780.backup',
      location: path.join(dir, 'terraform.tfstate.1795886780.backup'),
      time: '2026-11-28T17:26:20.757Z',
      operation: 'tfstate mv a b',
      who: 'alice@host',
      serialBefore: '3',
      serialAfter: '4',
      size: stateBytes(3).length,
    });
    expect((await readFile(rec.location)).equals(Buffer.from(stateBytes(3)))).toBe(true);
    expect(perm((await stat(rec.location)).mode)).toBe(0o600);
    const index = path.join(dir, '.terraform.tfstate.backups.jsonl');
    expect(perm((await stat(index)).mode)).toBe(0o600);
    expect(JSON.parse((await readFile(index, 'utf8')).trim())).toMatchObject({ id: rec.id, operation: 'tfstate mv a b' });
  });

  it('adds .1, .2 to backups taken in the same second, newest first', async () => {
    const { b } = await setup();
    const ids = [];
    for (const ms of ['100', '200', '300']) ids.push((await b.backups.put(stateBytes(1), at(`2026-11-28T17:26:20.${ms}Z`))).id);
    expect(ids).toEqual(['terraform.tfstate.1795886780.backup', 'terraform.tfstate.1795886780.1.backup', 'terraform.tfstate.1795886780.2.backup']);
    expect((await b.backups.list()).map((r) => r.id)).toEqual([...ids].reverse());
  });

  it('lists backups made by terraform, with the serial read from the file', async () => {
    const { dir, b } = await setup();
    const tfBackup = path.join(dir, 'terraform.tfstate.1795886720.backup');
    await writeFile(tfBackup, '{\n  "version": 4,\n  "terraform_version": "1.11.4",\n  "serial": 17,\n  "lineage": "x"\n}\n');
    const single = path.join(dir, 'terraform.tfstate.backup');
    await writeFile(single, '{"version":4,"serial":16}');
    await utimes(single, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    await writeFile(path.join(dir, 'other.tfstate.1795886720.backup'), 'not ours');
    const ours = await b.backups.put(stateBytes(1), at('2026-11-28T17:30:00.000Z'));
    expect(await b.backups.list()).toEqual([
      ours,
      {
        id: 'terraform.tfstate.1795886720.backup',
        location: tfBackup,
        time: '2026-11-28T17:25:20.000Z',
        operation: 'unknown (made by terraform?)',
        who: '',
        serialBefore: '17',
        serialAfter: '',
        size: (await stat(tfBackup)).size,
      },
      { id: 'terraform.tfstate.backup', location: single, time: '2026-01-01T00:00:00.000Z', operation: 'unknown (made by terraform?)', who: '', serialBefore: '16', serialAfter: '', size: 25 },
    ]);
  });

  it('a backup that cannot be staged still lets the edit go on to report the failure from commit', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'not-a-dir'), 'x');
    const b = createLocalBackend(path.join(dir, 'not-a-dir', 'terraform.tfstate'));
    const prepared = b.backups.prepare(stateBytes(1));
    await expect(prepared.started).resolves.toBeUndefined();
    await expect(prepared.commit(at('2026-11-28T17:26:20Z'))).rejects.toThrow(/ENOTDIR|not a directory/);
  });

  it('lists nothing when there is no directory yet', async () => {
    const { dir } = await setup();
    expect(await createLocalBackend(path.join(dir, 'missing', 'terraform.tfstate')).backups.list()).toEqual([]);
  });

  it.each([
    ['a name that is not a backup of this state', '../terraform.tfstate.1.backup', 'is not a backup of'],
    ['a backup of another state', 'other.tfstate.1795886720.backup', 'is not a backup of'],
    ['a backup that does not exist', 'terraform.tfstate.1.backup', 'does not exist (any more)'],
  ])('refuses to get %s', async (_what, id, text) => {
    const { b } = await setup();
    await expect(b.backups.get(id)).rejects.toThrow(text);
  });
});
