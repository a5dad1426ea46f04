import { beforeAll, describe, expect, it } from 'vitest';
import { compareStateWithConfig, type ConfigTree, type StateConfigComparison } from '../../../src/core/config/index.js';
import { loadConfiguration } from '../../../src/session/config-loader.js';
import { buildSnapshot } from '../../support/snapshot-builder.js';
import { fixtureSnapshot, FIXTURES_DIR } from '../../support/fixtures.js';

let tree: ConfigTree;
let cmp: StateConfigComparison;
beforeAll(async () => {
  const r = await loadConfiguration(`${FIXTURES_DIR}/config/orphans`);
  if (!r.ok) throw new Error(r.diags[0]!.detail);
  tree = r.value;
  cmp = compareStateWithConfig(fixtureSnapshot('config/orphans.tfstate'), tree);
});

describe('compareStateWithConfig', () => {
  it('finds resources with no block and what accounts for them, in state order', () => {
    expect(cmp.orphans.map((o) => [o.address, o.missing, o.missingModule, o.disposition.kind, o.instances])).toEqual([
      ['data.aws_ami.stale', 'resource', null, 'destroy', ['data.aws_ami.stale']],
      ['aws_iam_user.gone', 'resource', null, 'removed', ['aws_iam_user.gone']],
      ['aws_instance.old', 'resource', null, 'moved', ['aws_instance.old']],
      ['aws_s3_bucket.legacy', 'resource', null, 'destroy', ['aws_s3_bucket.legacy']],
      ['module.legacy_net.aws_subnet.this', 'module', 'module.legacy_net', 'moved', ['module.legacy_net.aws_subnet.this["x"]']],
      ['module.old.aws_instance.x', 'module', 'module.old', 'destroy', ['module.old.aws_instance.x']],
      ['module.retired.aws_s3_bucket.logs', 'module', 'module.retired', 'removed', ['module.retired.aws_s3_bucket.logs']],
    ]);
  });

  it('records the block behind each disposition', () => {
    const byAddress = Object.fromEntries(cmp.orphans.map((o) => [o.address, o.disposition]));
    expect(byAddress['aws_instance.old']).toEqual({ kind: 'moved', from: 'aws_instance.old', to: 'aws_instance.web', location: { file: 'main.tf', line: 49 } });
    expect(byAddress['module.legacy_net.aws_subnet.this']).toEqual({ kind: 'moved', from: 'module.legacy_net', to: 'module.net["a"]', location: { file: 'main.tf', line: 54 } });
    expect(byAddress['aws_iam_user.gone']).toEqual({ kind: 'removed', destroy: false, location: { file: 'main.tf', line: 59 } });
    expect(byAddress['module.retired.aws_s3_bucket.logs']).toEqual({ kind: 'removed', destroy: true, location: { file: 'main.tf', line: 66 } });
  });

  it('reports instance keys that do not fit count or for_each', () => {
    expect(cmp.keyMismatches).toEqual([{ address: 'aws_eip.ip["a"]', expects: 'count', location: { file: 'main.tf', line: 19 } }]);
  });

  it('lists configuration resources absent from state, with import skeletons, skipping import and moved targets', () => {
    expect(cmp.importCandidates).toEqual([
      {
        address: 'aws_sns_topic.alerts',
        location: { file: 'main.tf', line: 24 },
        repeated: false,
        skeleton: 'import {\n  to = aws_sns_topic.alerts\n  id = "ID of the existing aws_sns_topic"\n}\n',
      },
      {
        address: 'module.net.module.flow.aws_cloudwatch_log_group.flow',
        location: { file: 'modules/net/flow-logs/main.tf', line: 5 },
        repeated: true,
        skeleton: 'import {\n  to = module.net["KEY"].module.flow.aws_cloudwatch_log_group.flow\n  id = "ID of the existing aws_cloudwatch_log_group"\n}\n',
      },
    ]);
  });

  it('reports remote modules as not checked, with the state resources under them', () => {
    expect(cmp.unchecked).toEqual([
      { address: 'module.vpc', source: 'terraform-aws-modules/vpc/aws', location: { file: 'main.tf', line: 44 }, reason: 'its source is not a local path', stateResources: 2 },
    ]);
  });

  it.each([
    ['no key under count', undefined, 'count', true],
    ['[0] without count', 0, 'none', true],
    ['[1] without count', 1, 'none', false],
    ['a string key under count', 'a', 'count', false],
    ['an int key under for_each', 0, 'for_each', false],
    ['a string key under for_each', 'a', 'for_each', true],
  ] as const)('accepts or flags %s', (_name, key, meta, fits) => {
    const t: ConfigTree = {
      ...tree,
      root: {
        ...tree.root,
        children: new Map(),
        module: { ...tree.root.module, resources: [{ mode: 'managed', type: 'aws_eip', name: 'x', location: { file: 'main.tf', line: 1 }, count: meta === 'count', forEach: meta === 'for_each', references: [] }] },
      },
    };
    const r = compareStateWithConfig(buildSnapshot({ resources: [{ type: 'aws_eip', name: 'x', instances: [key === undefined ? {} : { key }] }] }), t);
    expect(r.keyMismatches.length === 0).toBe(fits);
    expect(r.orphans).toEqual([]);
  });
});
