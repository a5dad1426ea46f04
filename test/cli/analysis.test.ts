/**
 * `tfstate graph` and `tfstate audit` as a user runs them: every format,
 * exit codes for --fail-on, SARIF valid against the published schema,
 * cross-environment checks on the demo, configuration orphans, and an S3
 * prefix audited concurrently.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { drop, scratch, tfstate, tfstateAsync } from '../support/cli.js';
import { FIXTURES } from '../support/state-fixtures.js';
import { startS3Env } from '../support/s3-env.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(drop));
const withState = (f: string): string => {
  const d = scratch({ 'terraform.tfstate': f });
  dirs.push(d);
  return d;
};

describe('tfstate graph', () => {
  const d = withState('graph/v4-cycles.tfstate');
  it('prints the module tree with counts and the cycles in path order', () => {
    const r = tfstate(['graph'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('null_resource.one -> null_resource.two -> null_resource.three -> null_resource.one');
    expect(r.stdout).toContain('aws_iam_role.self -> aws_iam_role.self (depends on itself)');
  });
  it('focuses on one resource with a depth limit', () => {
    const r = tfstate(['graph', '--focus', 'null_resource.one', '--depth', '1'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('null_resource.two');
  });
  it.each([
    ['dot', /^digraph /],
    ['mermaid', /^(flowchart|graph) /],
    ['svg', /<svg[\s\S]*<\/svg>\s*$/],
  ])('exports %s', (format, shape) => {
    const r = tfstate(['graph', '--format', format], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(shape);
  });
  it('exports JSON with the cycles as data', () => {
    const j = JSON.parse(tfstate(['graph', '--format', 'json'], d).stdout);
    expect(JSON.stringify(j)).toContain('null_resource.three');
  });
  it('refuses an unknown focus with exit 1 and a clear message', () => {
    const r = tfstate(['graph', '--focus', 'aws_nope.x'], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: /);
  });
});

describe('tfstate audit', () => {
  it('exits 5 when findings reach --fail-on, 0 with --fail-on never', () => {
    const d = withState('graph/v4-cycles.tfstate');
    const r = tfstate(['audit'], d);
    expect(r.code).toBe(5);
    expect(r.stdout).toContain('TFS001 aws_security_group.a');
    expect(tfstate(['audit', '--fail-on', 'never'], d).code).toBe(0);
  });

  it('writes SARIF 2.1.0 that validates against the published schema', () => {
    const d = withState('graph/v4-cycles.tfstate');
    const r = tfstate(['audit', '--format', 'sarif', '--fail-on', 'never'], d);
    const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../support/sarif-2.1.0-rtm.5.json', import.meta.url)), 'utf8'));
    const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
    ajvFormats.default(ajv);
    const validate = ajv.compile(schema);
    const log = JSON.parse(r.stdout);
    expect(validate(log)).toBe(true);
    expect(log.runs[0].results.length).toBeGreaterThan(0);
  });

  it('reports a staging resource that names a prod object, with --all-envs on the demo', () => {
    const d = scratch({ '.': 'demo' });
    dirs.push(d);
    const r = tfstate(['audit', '--all-envs', '--format', 'json', '--fail-on', 'never'], d);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { findings: Array<{ code: string; environment?: string; address: string }> };
    expect(j.findings).toContainEqual(expect.objectContaining({ code: 'TFS061', environment: 'staging', address: 'aws_security_group.bastion' }));
  });

  it('finds orphans and import candidates against a configuration directory', () => {
    const d = withState('config/orphans.tfstate');
    const r = tfstate(['audit', '--config-dir', join(FIXTURES, 'config/orphans'), '--format', 'json', '--fail-on', 'never'], d);
    expect(r.code).toBe(0);
    const codes = new Set((JSON.parse(r.stdout) as { findings: Array<{ code: string }> }).findings.map((f) => f.code));
    expect([...codes].some((c) => c.startsWith('TFS01'))).toBe(true);
  });

  it('refuses an empty --config-dir instead of auditing without the configuration', () => {
    const d = withState('config/orphans.tfstate');
    const r = tfstate(['audit', '--config-dir', ''], d);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("Error: Configuration directory not found\n\nAn empty path is not a directory. Give --config-dir the directory holding the root module's .tf files.\n");
  });

  it.each(['', 'acme-tfstate/teams'])('refuses --all %j as a usage error instead of auditing the local state', (prefix) => {
    const d = withState('config/orphans.tfstate');
    const r = tfstate(['audit', '--all', prefix], d);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`Error: Invalid S3 prefix\n\n${JSON.stringify(prefix)} is not of the form s3://bucket/prefix.\n`);
  });

  it('audits every state under an S3 prefix concurrently, with a per-state summary', async () => {
    const e = await startS3Env();
    try {
      const { PutObjectCommand } = await import('@aws-sdk/client-s3');
      const client = e.s3.client();
      for (const [key, f] of [['teams/a/terraform.tfstate', 'graph/v4-cycles.tfstate'], ['teams/b/terraform.tfstate', 'v4-simple.tfstate']]) {
        await client.send(new PutObjectCommand({ Bucket: e.bucket, Key: key, Body: readFileSync(join(FIXTURES, f)) }));
      }
      const env = { ...e.env, AWS_ENDPOINT_URL_S3: e.s3.endpoint };
      const r = await tfstateAsync(['audit', '--all', `s3://${e.bucket}/teams/`, '--fail-on', 'never'], e.dir, { env });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/STATE\s+RESOURCES/);
      expect(r.stdout).toContain('teams/a/terraform.tfstate');
      expect(r.stdout).toContain('teams/b/terraform.tfstate');
    } finally {
      await e.stop();
    }
  });
});
