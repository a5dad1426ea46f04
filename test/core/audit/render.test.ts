/**
 * The SARIF test validates against the published SARIF 2.1.0 schema
 * (test/support/sarif-2.1.0-rtm.5.json, copied unchanged from the npm
 * package @microsoft/jest-sarif@1.0.0-beta.0, MIT) with ajv's draft-04
 * validator.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  auditEnvironments,
  auditState,
  auditToSarif,
  renderAuditJson,
  renderAuditText,
  shellArg,
  shouldFail,
  type Finding,
} from '../../../src/core/audit/index.js';
import { fixtureSnapshot } from '../../support/fixtures.js';

const sample: Finding[] = [
  { code: 'TFS001', severity: 'error', address: 'aws_eip.a', message: 'Cycle: a -> b -> a.', remedy: 'Break it.' },
  { code: 'TFS015', severity: 'warning', address: 'aws_sns_topic.t', message: 'Absent.', remedy: 'Import:\nimport {\n  to = x\n}\n', location: { file: 'main.tf', line: 4 } },
  { code: 'TFS030', severity: 'info', address: '', message: 'Old format.', remedy: 'Write it.', environment: 'prod' },
];

describe('renderAuditText', () => {
  it('groups findings by severity with code, address, message, location and remedy', () => {
    expect(renderAuditText(sample)).toBe(
      [
        'Errors (1)',
        '',
        '  TFS001 aws_eip.a',
        '    Cycle: a -> b -> a.',
        '    Fix: Break it.',
        '',
        'Warnings (1)',
        '',
        '  TFS015 aws_sns_topic.t',
        '    Absent.',
        '    at main.tf:4',
        '    Fix: Import:',
        '    import {',
        '      to = x',
        '    }',
        '',
        'Info (1)',
        '',
        '  TFS030 [prod] (state)',
        '    Old format.',
        '    Fix: Write it.',
        '',
        '1 error, 1 warning, 1 info',
        '',
      ].join('\n'),
    );
  });

  it('says so when there is nothing to report', () => {
    expect(renderAuditText([])).toBe('No findings.\n');
  });
});

describe('renderAuditJson', () => {
  it('is one document with a summary and the findings', () => {
    expect(JSON.parse(renderAuditJson(sample))).toEqual({ version: 1, summary: { error: 1, warning: 1, info: 1 }, findings: sample });
  });
});

describe('auditToSarif', () => {
  const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../support/sarif-2.1.0-rtm.5.json', import.meta.url)), 'utf8'));
  // The schema's language pattern is not valid with the u flag; ajv must compile patterns without it.
  // Both packages are CommonJS with the class/plugin on `default`.
  const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv);
  const validate = ajv.compile(schema);

  it.each([
    ['a single state with configuration findings', () => sample],
    [
      'every finding kind of the fixtures',
      () => [
        ...auditState(fixtureSnapshot('graph/audit/v4-upgrade-readiness.tfstate', { formatVersion: 3 }), { protected: true, targetVersion: '1.11.4' }),
        ...auditEnvironments([
          { name: 'prod', snapshot: fixtureSnapshot('graph/audit/v4-prod.tfstate') },
          { name: 'staging', snapshot: fixtureSnapshot('graph/audit/v4-staging.tfstate') },
        ]),
      ],
    ],
    ['no findings', () => []],
  ])('is valid SARIF 2.1.0 for %s', (_name, findings) => {
    const log = auditToSarif(findings(), { toolVersion: '0.1.0', informationUri: 'https://example.com/tfstate', stateUris: { '': 'terraform.tfstate', prod: 's3://b/prod.tfstate' } });
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is checked by a validator that rejects a log without its version', () => {
    const log = auditToSarif(sample, { toolVersion: '0.1.0' });
    delete (log as Record<string, unknown>)['version'];
    expect(validate(log)).toBe(false);
  });

  it('maps severities to levels and carries locations, rule indexes and fingerprints', () => {
    const log = auditToSarif(sample, { toolVersion: '0.1.0', stateUris: { prod: 'envs/prod.tfstate' }, configUriPrefix: 'infra/' }) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: Record<string, unknown>[] }[];
    };
    const [run] = log.runs;
    expect(run!.results.map((r) => r['level'])).toEqual(['error', 'warning', 'note']);
    expect(run!.results[1]).toMatchObject({
      ruleId: 'TFS015',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'infra/main.tf' }, region: { startLine: 4 } }, logicalLocations: [{ fullyQualifiedName: 'aws_sns_topic.t', kind: 'resource' }] }],
    });
    expect(run!.results[2]).toMatchObject({ locations: [{ physicalLocation: { artifactLocation: { uri: 'envs/prod.tfstate' } } }], properties: { environment: 'prod' } });
    expect(run!.results[0]!['locations']).toEqual([{ logicalLocations: [{ fullyQualifiedName: 'aws_eip.a', kind: 'resource' }] }]);
    const ruleIndex = run!.results[0]!['ruleIndex'] as number;
    expect(run!.tool.driver.rules[ruleIndex]!.id).toBe('TFS001');
    expect(run!.results[0]!['partialFingerprints']).toEqual({ 'tfstateFinding/v1': expect.stringMatching(/^[0-9a-f]{8}$/) });
  });
});

describe('shouldFail', () => {
  const error = [sample[0]!];
  const warning = [sample[1]!];
  const info = [sample[2]!];
  it.each([
    ['error', error, true],
    ['error', warning, false],
    ['warning', warning, true],
    ['warning', error, true],
    ['warning', info, false],
    ['never', error, false],
    ['error', [], false],
  ] as const)('--fail-on %s with %j findings -> %s', (level, findings, expected) => {
    expect(shouldFail(findings, level)).toBe(expected);
  });
});

describe('shellArg', () => {
  it.each([
    ['aws_instance.web', 'aws_instance.web'],
    ['aws_instance.web[0]', `'aws_instance.web[0]'`],
    [`module.a["it's"]`, `'module.a["it'\\''s"]'`],
    ['registry.terraform.io/-/aws', 'registry.terraform.io/-/aws'],
  ])('quotes %s as %s', (input, expected) => {
    expect(shellArg(input)).toBe(expected);
  });
});
