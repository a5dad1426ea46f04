import { describe, expect, it } from 'vitest';
import { detailLines } from '../../../src/tui/model/detail.js';
import { graphLines, moduleOverviewLines } from '../../../src/tui/model/graph-lines.js';
import { auditLines, findingsOf } from '../../../src/tui/model/audit-lines.js';
import { diffLines } from '../../../src/tui/model/lines.js';
import { indexState } from '../../../src/tui/model/state-index.js';
import { loadFixture, STAGING } from '../support/state.js';

const staging = indexState(loadFixture(STAGING));
const cycles = indexState(loadFixture('graph/v4-cycles.tfstate'));

describe('detailLines', () => {
  it('masks sensitive attributes unless revealed', () => {
    const masked = detailLines(staging, 'module.database.aws_db_instance.this', false).map((l) => l.text);
    expect(masked).toContain('      password = (sensitive)');
    expect(masked.join('\n')).not.toContain('staging-Db-5c95aba582ed');
    expect(detailLines(staging, 'module.database.aws_db_instance.this', true).map((l) => l.text)).toContain('      password = "staging-Db-5c95aba582ed"');
  });

  it('links dependencies and dependents to an instance to open', () => {
    const links = detailLines(staging, 'module.database.aws_db_instance.this', false).filter((l) => l.link);
    expect(links.map((l) => [l.text, l.link])).toEqual([
      ['  → module.database.aws_db_subnet_group.this', 'module.database.aws_db_subnet_group.this'],
      ['  → module.database.aws_security_group.db', 'module.database.aws_security_group.db'],
      ['  ← module.database.aws_security_group.db', 'module.database.aws_security_group.db'],
    ]);
  });

  it('shows a tainted status', () => {
    const tainted = staging.entries.find((e) => e.tainted)!;
    expect(detailLines(staging, tainted.address, false)[1]).toEqual({ text: '  status        tainted', tone: 'warn' });
  });

  it('says when the instance is gone', () => {
    expect(detailLines(staging, 'aws_instance.gone', false)[0].text).toBe('aws_instance.gone is no longer in the state.');
  });
});

describe('graphLines', () => {
  it('draws both neighbourhoods with cycle edges marked and toned', () => {
    const lines = graphLines(cycles, 'aws_security_group.a', 2);
    expect(lines.map((l) => l.text)).toEqual([
      'aws_security_group.a  (1 instance)',
      'Depends on (upstream):',
      '  ├── aws_security_group.b [cycle]',
      '  │   └── aws_security_group.a [cycle] (shown above)',
      '  └── aws_vpc.main',
      'Depended on by (downstream):',
      '  └── aws_security_group.b [cycle]',
      '      └── aws_security_group.a [cycle] (shown above)',
      '',
      'On 1 dependency cycle:',
      '  aws_security_group.a → aws_security_group.b → aws_security_group.a',
    ]);
    expect(lines[2].tone).toBe('cycle');
    expect(lines[4]).toEqual({ text: '  └── aws_vpc.main', tone: 'plain', link: 'aws_vpc.main' });
  });

  it('cuts the tree at the depth limit and says how many were left out', () => {
    expect(graphLines(cycles, 'null_resource.one', 1).map((l) => l.text)).toContain('  └── null_resource.two [cycle] (+1 beyond depth 1)');
  });

  it('lists modules with counts and every cycle in the overview', () => {
    const text = moduleOverviewLines(cycles).map((l) => l.text);
    expect(text).toContain('├── module.app  1 resource, 1 instance');
    expect(text).toContain('Dependency cycles (5)');
  });
});

describe('auditLines', () => {
  it('groups findings under a heading per severity', () => {
    const f = findingsOf(cycles.snapshot, null, false);
    const { lines, findingAt } = auditLines(f);
    expect(lines[0].text).toMatch(/^Errors \(\d+\)$/);
    expect(findingAt[0]).toBeNull();
    expect(lines[1].text).toMatch(/^ {2}TFS00\d {2}/);
  });
});

describe('diffLines', () => {
  it('tones a unified diff by its first characters', () => {
    expect(diffLines('--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n z\n').map((l) => l.tone)).toEqual(['dim', 'dim', 'hunk', 'remove', 'add', 'plain']);
  });
});
