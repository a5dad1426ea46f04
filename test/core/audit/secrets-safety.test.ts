import { describe, expect, it } from 'vitest';
import {
  auditState,
  formatSensitivePath,
  renderAuditJson,
  renderAuditSarif,
  renderAuditText,
  safetyFindings,
  secretFindings,
  type ProtectionRule,
} from '../../../src/core/audit/index.js';
import { buildSnapshot } from '../../support/snapshot-builder.js';
import { fixtureSnapshot } from '../../support/fixtures.js';

const snapshot = fixtureSnapshot('graph/audit/v4-upgrade-readiness.tfstate');

describe('secretFindings', () => {
  it('counts sensitive outputs and attribute values with their paths, skipping null values', () => {
    expect(secretFindings(snapshot).map((f) => [f.code, f.address, f.message])).toEqual([
      ['TFS040', 'output.db_password', 'Output db_password is marked sensitive, yet its value is stored in plain text in the state file.'],
      ['TFS041', 'aws_db_instance.main', 'aws_db_instance.main: 1 sensitive value in 1 instance object stored in plain text, at password.'],
      ['TFS041', 'random_password.db', 'random_password.db: 1 sensitive value in 1 instance object stored in plain text, at result.'],
    ]);
  });

  it('skips malformed sensitive paths (null, numbers or lists as steps) instead of crashing', () => {
    const s = buildSnapshot({
      resources: [{ type: 'aws_db_instance', name: 'x', instances: [{ attributes: { password: 'p' }, sensitiveAttributes: [[null], [1], [[]], [{ type: 'get_attr', value: 'password' }]] }] }],
    });
    expect(secretFindings(s).map((f) => f.message)).toEqual(['aws_db_instance.x: 1 sensitive value in 1 instance object stored in plain text, at password.']);
  });

  it('never prints a secret value in any output format', () => {
    const findings = auditState(snapshot, { protected: true, environment: 'prod', targetVersion: '1.11.4' });
    for (const text of [renderAuditText(findings), renderAuditJson(findings), renderAuditSarif(findings, { toolVersion: '0.1.0' })]) {
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('s3cr3t!');
    }
  });

  it.each([
    [[{ type: 'get_attr', value: 'password' }], 'password'],
    [[{ type: 'get_attr', value: 'tags' }, { type: 'index', value: { value: 'db', type: 'string' } }], 'tags["db"]'],
    [[{ type: 'get_attr', value: 'ingress' }, { type: 'index', value: { value: 0, type: 'number' } }, { type: 'get_attr', value: 'cidr' }], 'ingress[0].cidr'],
  ])('formats the sensitive path %j as %s', (path, expected) => {
    expect(formatSensitivePath(path)).toBe(expected);
  });
});

describe('safetyFindings', () => {
  it('flags stateful resources whose recorded protection is off, per rule, and nothing when unknown', () => {
    expect(safetyFindings(snapshot, 'prod').map((f) => [f.address, f.message, f.remedy])).toEqual([
      [
        'aws_db_instance.main',
        'aws_db_instance.main in the protected environment prod has deletion protection off (deletion_protection = false).',
        'Set deletion_protection = true in its configuration and apply.',
      ],
      [
        'aws_instance.web[0]',
        'aws_instance.web[0] in the protected environment prod has termination protection off (disable_api_termination = false).',
        'Set disable_api_termination = true in its configuration and apply.',
      ],
      [
        'aws_s3_bucket.logs',
        'aws_s3_bucket.logs in the protected environment prod has protection against deleting a non-empty bucket off (force_destroy = true).',
        'Set force_destroy = false in its configuration and apply.',
      ],
    ]);
  });

  it('runs only for protected environments', () => {
    expect(auditState(snapshot).some((f) => f.code === 'TFS050')).toBe(false);
    expect(auditState(snapshot, { protected: true }).filter((f) => f.code === 'TFS050')).toHaveLength(3);
  });

  it('takes an extended rule table', () => {
    const rules: ProtectionRule[] = [{ type: 'aws_efs_file_system', attribute: 'prevent_destroy_tag', unsafe: false, protects: 'a custom guard' }];
    const s = buildSnapshot({ resources: [{ type: 'aws_efs_file_system', name: 'fs', instances: [{ attributes: { prevent_destroy_tag: false } }] }] });
    expect(safetyFindings(s, 'prod', rules).map((f) => f.address)).toEqual(['aws_efs_file_system.fs']);
  });
});
