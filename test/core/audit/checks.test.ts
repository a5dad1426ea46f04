import { beforeAll, describe, expect, it } from 'vitest';
import { auditState, configCycleFindings, graphFindings, orphanFindings } from '../../../src/core/audit/index.js';
import type { ConfigTree } from '../../../src/core/config/index.js';
import { buildResourceGraph } from '../../../src/core/graph/index.js';
import { loadConfiguration } from '../../../src/session/config-loader.js';
import { fixtureSnapshot, FIXTURES_DIR } from '../../support/fixtures.js';

async function config(name: string): Promise<ConfigTree> {
  const r = await loadConfiguration(`${FIXTURES_DIR}/config/${name}`);
  if (!r.ok) throw new Error(r.diags[0]!.detail);
  return r.value;
}

let orphansConfig: ConfigTree;
let cyclesConfig: ConfigTree;
beforeAll(async () => {
  orphansConfig = await config('orphans');
  cyclesConfig = await config('cycles');
});

describe('graphFindings', () => {
  it('reports each cycle in path order, self-dependencies separately', () => {
    const findings = graphFindings(buildResourceGraph(fixtureSnapshot('graph/v4-cycles.tfstate')));
    expect(findings.map((f) => [f.code, f.address])).toEqual([
      ['TFS002', 'aws_iam_role.self'],
      ['TFS001', 'aws_security_group.a'],
      ['TFS001', 'null_resource.one'],
      ['TFS001', 'module.app.aws_instance.web'],
      ['TFS001', 'module.net.aws_route_table.r'],
    ]);
    expect(findings[2]!.message).toBe(
      'Recorded dependencies form a cycle: null_resource.one -> null_resource.two -> null_resource.three -> null_resource.one. Terraform cannot order a destroy of these resources.',
    );
    expect(findings[0]!.message).toBe('aws_iam_role.self lists itself in its recorded dependencies.');
  });

  it('names both ends of a dangling dependency', () => {
    const findings = graphFindings(buildResourceGraph(fixtureSnapshot('graph/v4-dangling.tfstate')));
    expect(findings.map((f) => f.message)).toEqual([
      'aws_instance.web depends on aws_security_group.gone, which is not in the state (named by aws_instance.web[0], aws_instance.web[1]).',
      'aws_instance.web depends on module.old.aws_s3_bucket.logs, which is not in the state (named by aws_instance.web[1]).',
      'module.app.aws_instance.web depends on aws_security_group.gone, which is not in the state (named by module.app[0].aws_instance.web).',
    ]);
    expect(findings.every((f) => f.code === 'TFS003' && f.severity === 'warning')).toBe(true);
  });
});

describe('orphanFindings', () => {
  it('reports what Terraform would destroy, move, forget, re-key, create and skip', () => {
    const findings = orphanFindings(fixtureSnapshot('config/orphans.tfstate'), orphansConfig);
    expect(findings.map((f) => `${f.severity} ${f.code} ${f.address}`)).toEqual([
      'info TFS011 data.aws_ami.stale',
      'info TFS013 aws_iam_user.gone',
      'info TFS012 aws_instance.old',
      'error TFS010 aws_s3_bucket.legacy',
      'info TFS012 module.legacy_net.aws_subnet.this',
      'error TFS010 module.old.aws_instance.x',
      'info TFS013 module.retired.aws_s3_bucket.logs',
      'warning TFS014 aws_eip.ip["a"]',
      'warning TFS015 aws_sns_topic.alerts',
      'info TFS015 module.net.module.flow.aws_cloudwatch_log_group.flow',
      'info TFS016 module.vpc',
    ]);
  });

  it('pins the destroy, moved and import messages and remedies', () => {
    const byAddress = new Map(orphanFindings(fixtureSnapshot('config/orphans.tfstate'), orphansConfig).map((f) => [f.address, f]));
    expect(byAddress.get('module.old.aws_instance.x')).toEqual({
      code: 'TFS010',
      severity: 'error',
      address: 'module.old.aws_instance.x',
      message: 'module.old.aws_instance.x: its module call module.old is not in the configuration; the next apply destroys it.',
      remedy:
        'Restore its block, or add a moved block if it was renamed. To keep the object but stop managing it, add\nremoved {\n  from = module.old\n  lifecycle {\n    destroy = false\n  }\n}\nor run: tfstate rm module.old.aws_instance.x',
    });
    expect(byAddress.get('module.legacy_net.aws_subnet.this')!.remedy).toBe(
      `Nothing to do; the next apply records the move. To record it in the state now, run: tfstate mv module.legacy_net 'module.net["a"]'`,
    );
    expect(byAddress.get('aws_sns_topic.alerts')!.remedy).toBe(
      'If the object already exists, import it by adding this block and running "terraform apply":\nimport {\n  to = aws_sns_topic.alerts\n  id = "ID of the existing aws_sns_topic"\n}\n',
    );
  });
});

describe('configCycleFindings', () => {
  it('reports each configuration cycle with the file and line of its references', () => {
    const findings = configCycleFindings(cyclesConfig);
    expect(findings.map((f) => [f.address, f.location])).toEqual([
      ['aws_iam_role.r', { file: 'main.tf', line: 47 }],
      ['aws_instance.i', { file: 'main.tf', line: 30 }],
      ['aws_s3_bucket.self', { file: 'main.tf', line: 43 }],
      ['aws_security_group.a', { file: 'main.tf', line: 9 }],
    ]);
    expect(findings[0]!.message).toBe(
      'Configuration references form a cycle that Terraform reports when it plans: aws_iam_role.r -> module.role.output.role_name (main.tf:47); module.role.output.role_name -> module.role.var.role_arn (modules/role/main.tf:10); module.role.var.role_arn -> aws_iam_role.r (main.tf:52).',
    );
    expect(findings[2]!.message).toBe('aws_s3_bucket.self refers to itself at main.tf:43; Terraform refuses to plan it.');
  });
});

describe('auditState', () => {
  it('sorts findings by severity, then code, then address, and tags the environment', () => {
    const findings = auditState(fixtureSnapshot('config/orphans.tfstate'), { config: orphansConfig, environment: 'dev' });
    expect(findings.map((f) => f.severity)).toEqual([...findings.map((f) => f.severity)].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)));
    expect(findings.slice(0, 2).map((f) => `${f.code} ${f.address}`)).toEqual(['TFS010 aws_s3_bucket.legacy', 'TFS010 module.old.aws_instance.x']);
    expect(findings.every((f) => f.environment === 'dev')).toBe(true);
  });

  it('finds nothing in a clean state without configuration', () => {
    expect(auditState(fixtureSnapshot('graph/audit/v4-prod.tfstate'))).toEqual([]);
  });
});
