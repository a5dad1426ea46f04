import { describe, expect, it } from 'vitest';
import { backupFileName, backupIndexPath, journalPath, lockInfoPath } from '../../../src/backends/local/paths.js';

describe('local sidecar paths', () => {
  it.each([
    ['terraform.tfstate', '.terraform.tfstate.lock.info', '.terraform.tfstate-journal', '.terraform.tfstate.backups.jsonl'],
    ['dir/prod.tfstate', 'dir/.prod.tfstate.lock.info', 'dir/.prod.tfstate-journal', 'dir/.prod.tfstate.backups.jsonl'],
    ['/abs/.hidden.tfstate', '/abs/.hidden.tfstate.lock.info', '/abs/.hidden.tfstate-journal', '/abs/.hidden.tfstate.backups.jsonl'],
  ])('places the sidecars of %s as Terraform names its lock info', (state, info, journal, index) => {
    expect(lockInfoPath(state)).toBe(info);
    expect(journalPath(state)).toBe(journal);
    expect(backupIndexPath(state)).toBe(index);
  });

  it.each([
    [0, 'terraform.tfstate.1795886720.backup'],
    [1, 'terraform.tfstate.1795886720.1.backup'],
    [2, 'terraform.tfstate.1795886720.2.backup'],
  ])('names backup attempt %i like Terraform, with a numbered suffix on clashes', (attempt, name) => {
    expect(backupFileName('/x/terraform.tfstate', new Date(1795886720_999), attempt)).toBe(name);
  });
});
