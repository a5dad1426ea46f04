import { describe, expect, it } from 'vitest';
import { compareVersions, parseVersion, upgradeFindings, type Finding } from '../../../src/core/audit/index.js';
import { buildSnapshot } from '../../support/snapshot-builder.js';
import { fixtureSnapshot } from '../../support/fixtures.js';

const snapshot = fixtureSnapshot('graph/audit/v4-upgrade-readiness.tfstate', { formatVersion: 3, upgraded: true });

function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.code} ${f.address}`);
}

describe('upgradeFindings', () => {
  it('reports format, legacy providers, flatmap, taint, deposed, empty resources and an old Terraform version', () => {
    expect(codes(upgradeFindings(snapshot, '1.11.4'))).toEqual([
      'TFS030 ',
      'TFS031 provider["registry.terraform.io/-/aws"]',
      'TFS031 provider["registry.terraform.io/-/random"]',
      'TFS031 module.legacy.provider["registry.terraform.io/-/null"]',
      'TFS035 aws_instance.web[0]',
      'TFS036 aws_instance.web[0]',
      'TFS037 null_resource.empty',
      'TFS032 module.legacy.null_resource.old',
      'TFS033 ',
    ]);
  });

  it('gives the exact replace-provider command for each legacy provider', () => {
    const aws = upgradeFindings(snapshot).find((f) => f.address === 'provider["registry.terraform.io/-/aws"]')!;
    expect(aws).toEqual({
      code: 'TFS031',
      severity: 'warning',
      address: 'provider["registry.terraform.io/-/aws"]',
      message:
        '2 resources use the legacy provider address registry.terraform.io/-/aws, which Terraform 0.13 and later cannot install: aws_db_instance.main, aws_dynamodb_table.locks.',
      remedy:
        "Run: tfstate replace-provider registry.terraform.io/-/aws registry.terraform.io/hashicorp/aws\n(use the provider's real namespace instead of hashicorp if it is a partner or community provider)",
      related: ['aws_db_instance.main', 'aws_dynamodb_table.locks'],
    });
  });

  it('leaves the built-in terraform provider alone', () => {
    expect(upgradeFindings(snapshot).some((f) => f.message.includes('terraform_remote_state'))).toBe(false);
  });

  it.each([
    ['0.11.14', '1.11.4', 'TFS033', 'Upgrade in steps: run Terraform 0.12 (its 0.12upgrade guide), then 0.13, then 1.11.4.'],
    ['0.12.31', '1.11.4', 'TFS033', 'Run Terraform 0.13 once (it rewrites provider addresses in the state), then 1.11.4.'],
    ['1.5.7', '1.11.4', 'TFS033', 'Terraform 1.11.4 reads this state; its next write records the new version. Keep a backup ("tfstate pull > before-upgrade.tfstate").'],
    ['1.12.0', '1.11.4', 'TFS034', 'Use Terraform 1.12.0 or later with this state, or accept the downgrade knowingly.'],
  ])('compares terraform_version %s with the target %s', (have, target, code, remedy) => {
    const f = upgradeFindings(buildSnapshot({ terraformVersion: have, resources: [] }), target);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code, remedy });
  });

  it.each([
    ['the same version', '1.11.4', '1.11.4'],
    ['an unparseable target', '1.11.4', 'latest'],
  ])('says nothing about the version for %s', (_name, have, target) => {
    expect(upgradeFindings(buildSnapshot({ terraformVersion: have, resources: [] }), target)).toEqual([]);
  });
});

describe('compareVersions', () => {
  it.each([
    ['1.2.3', '1.2.4', -1],
    ['1.10.0', '1.9.9', 1],
    ['1.15.0-dev', '1.15.0', -1],
    ['v1.0.0', '1.0.0', 0],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(parseVersion(a)!, parseVersion(b)!))).toBe(sign);
  });
});
