import { describe, expect, it } from 'vitest';
import { auditEnvironments, crossEnvironmentFindings } from '../../../src/core/audit/index.js';
import { buildSnapshot } from '../../support/snapshot-builder.js';
import { fixtureSnapshot } from '../../support/fixtures.js';

const envs = [
  { name: 'prod', snapshot: fixtureSnapshot('graph/audit/v4-prod.tfstate') },
  { name: 'staging', snapshot: fixtureSnapshot('graph/audit/v4-staging.tfstate') },
];

describe('crossEnvironmentFindings', () => {
  it('reports an object managed in two environments and values naming the other environment', () => {
    expect(crossEnvironmentFindings(envs).map((f) => [f.code, f.environment, f.address, f.message])).toEqual([
      [
        'TFS060',
        'prod',
        'aws_s3_bucket.shared',
        "The same aws_s3_bucket arn:aws:s3:::acme-shared-logs is managed in prod (aws_s3_bucket.shared) and staging (aws_s3_bucket.shared); an apply in one environment changes or destroys the other's object.",
      ],
      ['TFS061', 'staging', 'data.aws_vpc.prod', "staging: data.aws_vpc.prod refers to prod's aws_vpc.main (vpc-0prod1234567) in id."],
      ['TFS061', 'staging', 'aws_iam_policy.assume', "staging: aws_iam_policy.assume refers to prod's aws_iam_role.app (arn:aws:iam::111111111111:role/app) in policy."],
      ['TFS061', 'staging', 'aws_security_group.app', "staging: aws_security_group.app refers to prod's aws_vpc.main (vpc-0prod1234567) in vpc_id."],
    ]);
  });

  it('tells how to stop managing the shared object in the second environment', () => {
    expect(crossEnvironmentFindings(envs)[0]!.remedy).toBe(
      'Keep it in one environment and read it with a data source in the others. To stop managing it in staging (the object stays): tfstate rm aws_s3_bucket.shared --env staging',
    );
  });

  it('ignores short IDs, account numbers, non-remote providers and values both environments own', () => {
    const mk = (id: string, other: string) =>
      buildSnapshot({
        resources: [
          { type: 'aws_iam_role', name: 'r', instances: [{ attributes: { id, note: other } }] },
          { type: 'random_id', name: 'x', instances: [{ attributes: { id: 'samesame-random' } }] },
        ],
      });
    const findings = crossEnvironmentFindings([
      { name: 'a', snapshot: mk('app', '123456789012') },
      { name: 'b', snapshot: mk('123456789012', 'app') },
    ]);
    expect(findings).toEqual([]);
  });

  it('matches ARN prefixes and wildcards inside documents', () => {
    const owner = buildSnapshot({ resources: [{ type: 'aws_s3_bucket', name: 'b', instances: [{ attributes: { id: 'prod-bucket-1', arn: 'arn:aws:s3:::prod-bucket-1' } }] }] });
    const user = buildSnapshot({
      resources: [{ type: 'aws_iam_policy', name: 'p', instances: [{ attributes: { policy: '{"Resource":["arn:aws:s3:::prod-bucket-1/logs/*"]}' } }] }],
    });
    expect(crossEnvironmentFindings([{ name: 'prod', snapshot: owner }, { name: 'dev', snapshot: user }]).map((f) => f.message)).toEqual([
      "dev: aws_iam_policy.p refers to prod's aws_s3_bucket.b (arn:aws:s3:::prod-bucket-1) in policy.",
    ]);
  });
});

describe('auditEnvironments', () => {
  it('runs every per-state check with the environment name and adds the cross-environment ones', () => {
    const findings = auditEnvironments([{ ...envs[0]!, protected: true }, envs[1]!]);
    expect(findings.map((f) => `${f.severity} ${f.code} ${f.environment} ${f.address}`)).toEqual([
      'error TFS060 prod aws_s3_bucket.shared',
      'warning TFS061 staging aws_iam_policy.assume',
      'warning TFS061 staging aws_security_group.app',
      'warning TFS061 staging data.aws_vpc.prod',
    ]);
  });
});
