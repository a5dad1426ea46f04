/**
 * Terraform as the oracle for state surgery: the same command through
 * `terraform state …` and through our planner on copies of the same
 * Terraform-written fixture must give the same bytes, except for our
 * documented difference (dependencies are rewritten, not cleared).
 */
import { describe, expect, it } from 'vitest';
import type { Operation } from '../../src/core/surgery/index.js';
import { applyToFixture, withoutDependencies } from '../support/apply-ops.js';
import { cleanup, copyFixture, readText, terraform } from '../support/terraform.js';

interface Case {
  readonly fixture: string;
  readonly tf: string[];
  readonly op: Operation;
}

const cases: Case[] = [
  { fixture: 'v4-simple.tfstate', tf: ['state', 'mv', 'aws_s3_bucket.assets', 'aws_s3_bucket.static'], op: { op: 'mv', from: 'aws_s3_bucket.assets', to: 'aws_s3_bucket.static' } },
  { fixture: 'v4-simple.tfstate', tf: ['state', 'mv', 'aws_instance.web', 'aws_instance.app'], op: { op: 'mv', from: 'aws_instance.web', to: 'aws_instance.app' } },
  { fixture: 'v4-simple.tfstate', tf: ['state', 'mv', 'aws_instance.web[1]', 'aws_instance.web[5]'], op: { op: 'mv', from: 'aws_instance.web[1]', to: 'aws_instance.web[5]' } },
  { fixture: 'v4-simple.tfstate', tf: ['state', 'mv', 'aws_s3_bucket.assets', 'aws_s3_bucket.assets[0]'], op: { op: 'mv', from: 'aws_s3_bucket.assets', to: 'aws_s3_bucket.assets[0]' } },
  { fixture: 'v4-simple.tfstate', tf: ['state', 'mv', 'aws_s3_bucket.assets', 'module.storage.aws_s3_bucket.assets'], op: { op: 'mv', from: 'aws_s3_bucket.assets', to: 'module.storage.aws_s3_bucket.assets' } },
  { fixture: 'v4-simple.tfstate', tf: ['state', 'mv', 'aws_instance.web[0]', 'module.x["k"].aws_instance.web'], op: { op: 'mv', from: 'aws_instance.web[0]', to: 'module.x["k"].aws_instance.web' } },
  { fixture: 'v4-modules-foreach.tfstate', tf: ['state', 'mv', 'module.network', 'module.net'], op: { op: 'mv', from: 'module.network', to: 'module.net' } },
  { fixture: 'v4-modules-foreach.tfstate', tf: ['state', 'mv', 'module.app["blue"]', 'module.app["red"]'], op: { op: 'mv', from: 'module.app["blue"]', to: 'module.app["red"]' } },
  { fixture: 'v4-modules-foreach.tfstate', tf: ['state', 'mv', 'module.worker[1]', 'module.worker[7]'], op: { op: 'mv', from: 'module.worker[1]', to: 'module.worker[7]' } },
  { fixture: 'v4-modules-foreach.tfstate', tf: ['state', 'mv', 'aws_ssm_parameter.config["quote\\"d"]', 'aws_ssm_parameter.config["plain"]'], op: { op: 'mv', from: 'aws_ssm_parameter.config["quote\\"d"]', to: 'aws_ssm_parameter.config["plain"]' } },
  { fixture: 'v4-tainted-deposed.tfstate', tf: ['state', 'mv', 'aws_autoscaling_group.pool["blue"]', 'aws_autoscaling_group.pool["cyan"]'], op: { op: 'mv', from: 'aws_autoscaling_group.pool["blue"]', to: 'aws_autoscaling_group.pool["cyan"]' } },
  { fixture: 'v4-tainted-deposed.tfstate', tf: ['state', 'mv', 'aws_instance.worker', 'aws_instance.runner'], op: { op: 'mv', from: 'aws_instance.worker', to: 'aws_instance.runner' } },
  { fixture: 'v4-simple.tfstate', tf: ['state', 'rm', 'aws_instance.web[0]'], op: { op: 'rm', addresses: ['aws_instance.web[0]'] } },
  { fixture: 'v4-simple.tfstate', tf: ['state', 'rm', 'aws_instance.web', 'random_id.suffix'], op: { op: 'rm', addresses: ['aws_instance.web', 'random_id.suffix'] } },
  { fixture: 'v4-modules-foreach.tfstate', tf: ['state', 'rm', 'module.app'], op: { op: 'rm', addresses: ['module.app'] } },
  { fixture: 'v4-modules-foreach.tfstate', tf: ['state', 'rm', 'module.app["green"].module.db'], op: { op: 'rm', addresses: ['module.app["green"].module.db'] } },
  { fixture: 'v4-tainted-deposed.tfstate', tf: ['state', 'rm', 'aws_autoscaling_group.pool["green"]'], op: { op: 'rm', addresses: ['aws_autoscaling_group.pool["green"]'] } },
  { fixture: 'v4-simple.tfstate', tf: ['taint', '-state=terraform.tfstate', 'aws_instance.web[1]'], op: { op: 'taint', address: 'aws_instance.web[1]' } },
  { fixture: 'v4-tainted-deposed.tfstate', tf: ['untaint', '-state=terraform.tfstate', 'aws_instance.api'], op: { op: 'untaint', address: 'aws_instance.api' } },
  { fixture: 'v4-simple.tfstate', tf: ['state', 'replace-provider', '-auto-approve', 'hashicorp/aws', 'example.com/acme/aws'], op: { op: 'replace-provider', from: 'hashicorp/aws', to: 'example.com/acme/aws' } },
];

function tfArgs(c: Case): string[] {
  if (c.tf[0] === 'state') return [c.tf[0], c.tf[1], '-state=terraform.tfstate', ...c.tf.slice(2)];
  return c.tf;
}

describe('surgery matches terraform byte for byte', () => {
  it.each(cases.map((c) => ({ ...c, name: c.tf.join(' ') })))('$name', (c) => {
    const dir = copyFixture(c.fixture);
    try {
      const tf = terraform(tfArgs(c), dir);
      expect(tf.stderr).toBe('');
      expect(tf.status).toBe(0);
      const theirs = readText(`${dir}/terraform.tfstate`);
      const ours = applyToFixture(c.fixture, [c.op]);
      if (!ours.ok) throw new Error(ours.errors.join('\n'));
      expect(withoutDependencies(ours.text)).toBe(withoutDependencies(theirs));
    } finally {
      cleanup(dir);
    }
  });
});
