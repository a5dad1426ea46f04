/**
 * Terraform as the oracle for the address strings it normalises when it
 * rewrites a state file (§1.3, §1.4, §1.8.5): `provider` (legacy forms,
 * case folding, default namespace, ports), `module` (canonical quoting) and
 * `dependencies` (module keys dropped).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatAbsResource,
  formatModuleInstance,
  formatProviderConfig,
  parseConfigResourceDependency,
  parseModuleInstance,
  parseProviderConfig,
} from '../../src/core/addr/index.js';

const PROVIDERS = [
  'provider.aws',
  'provider.AWS',
  'provider.aws.west',
  'module.x.provider.aws.west',
  'provider.terraform',
  'provider. null',
  'provider["aws"]',
  'provider["registry.terraform.io/HashiCorp/T"]',
  'provider["registry.terraform.io/-/Foo"]',
  'provider["MÜNCHEN.de:443/ns/x"]',
  'provider["example.com:08080/ns/x"]',
  'module.a.module.b.provider["registry.terraform.io/hashicorp/aws"]  .  west',
];

const MODULES = ['module.a["\\u00e9"]', 'module.a [ 1 ]', 'module.b["$${x}"]', 'module.c["\\u200b"]', 'module.d["tab\\there"]'];

const DEPENDENCIES = ['module.a[0].t.other', 'module.b["k"].module.c[1].data.t.z', 'null_resource.plain', 'module.d.t.x'];

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tfstate-addr-normalize-'));
  writeFileSync(join(dir, 'empty.tfrc'), '');
  env = { ...process.env, TF_CLI_CONFIG_FILE: join(dir, 'empty.tfrc'), TF_IN_AUTOMATION: '1' };
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface WrittenResource {
  module?: string;
  name: string;
  provider: string;
  instances: { dependencies?: string[] }[];
}

/** Writes `resources` plus a dummy, removes the dummy with terraform, and returns what terraform wrote. */
function rewrite(resources: object[]): WrittenResource[] {
  const dummy = { mode: 'managed', type: 'null_resource', name: 'dummy', provider: 'provider.null', instances: [{ schema_version: 0, attributes: { id: 'd' } }] };
  const state = { version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'addr-normalize', outputs: {}, resources: [...resources, dummy], check_results: null };
  writeFileSync(join(dir, 'n.tfstate'), JSON.stringify(state));
  execFileSync('terraform', ['state', 'rm', '-no-color', '-state=n.tfstate', 'null_resource.dummy'], { cwd: dir, env, encoding: 'utf8' });
  return (JSON.parse(readFileSync(join(dir, 'n.tfstate'), 'utf8')) as { resources: WrittenResource[] }).resources;
}

describe('normalised address strings', () => {
  it('rewrites provider strings exactly as formatProviderConfig(parseProviderConfig(s)) does', () => {
    const written = rewrite(
      PROVIDERS.map((provider, i) => ({ mode: 'managed', type: 'null_resource', name: `p${i}`, provider, instances: [{ schema_version: 0, attributes: { id: String(i) } }] })),
    );
    const byName = new Map(written.map((r) => [r.name, r.provider]));
    const got = PROVIDERS.map((_, i) => byName.get(`p${i}`));
    const want = PROVIDERS.map((p) => {
      const r = parseProviderConfig(p);
      return r.ok ? formatProviderConfig(r.value.config) : `parse error: ${r.diags[0]!.detail}`;
    });
    expect(got).toEqual(want);
  });

  it('rewrites module strings exactly as formatModuleInstance(parseModuleInstance(s)) does', () => {
    const written = rewrite(
      MODULES.map((module, i) => ({ module, mode: 'managed', type: 'null_resource', name: `m${i}`, provider: 'provider.null', instances: [{ schema_version: 0, attributes: { id: String(i) } }] })),
    );
    const byName = new Map(written.map((r) => [r.name, r.module]));
    const got = MODULES.map((_, i) => byName.get(`m${i}`));
    const want = MODULES.map((m) => {
      const r = parseModuleInstance(m);
      return r.ok ? formatModuleInstance(r.value) : `parse error: ${r.diags[0]!.detail}`;
    });
    expect(got).toEqual(want);
  });

  it('drops module keys from dependencies exactly as parseConfigResourceDependency does', () => {
    const written = rewrite([
      { mode: 'managed', type: 'null_resource', name: 'dep', provider: 'provider.null', instances: [{ schema_version: 0, attributes: { id: 'x' }, dependencies: DEPENDENCIES }] },
    ]);
    const want = DEPENDENCIES.map((d) => {
      const r = parseConfigResourceDependency(d);
      return r.ok ? formatAbsResource(r.value) : `parse error: ${r.diags[0]!.detail}`;
    });
    expect(written.find((r) => r.name === 'dep')?.instances[0]?.dependencies).toEqual(want);
  });
});
