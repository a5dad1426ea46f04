/**
 * Terraform as the oracle for address printing, `state list` order, module
 * target matching and the state file's resource/instance order.
 *
 * Each test writes a state file by hand (resources deliberately out of
 * order, keys that need HCL escapes, non-ASCII text where UTF-8 and UTF-16
 * orders differ), runs `terraform state list` / `state rm` on it, and
 * compares with what `core/addr` computes from the same file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compareAbsResourceInstance,
  compareStateFileInstanceKeys,
  compareStateFileResources,
  formatAbsResourceInstance,
  formatModuleInstance,
  intKey,
  NO_KEY,
  parseModuleInstance,
  parseTarget,
  stringKey,
  targetMatchesInstance,
  type AbsResourceInstance,
  type InstanceKey,
} from '../../src/core/addr/index.js';

type IndexKey = number | string | undefined;
interface FixtureResource {
  module?: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  keys: IndexKey[];
}

/** Resources in a scrambled order; module strings written by hand, as Terraform would. */
const RESOURCES: FixtureResource[] = [
  { module: 'module.a.module.b', mode: 'managed', type: 'null_resource', name: 'x', keys: [undefined] },
  { mode: 'managed', type: 'null_resource', name: 'k', keys: [10, 9, 2, 0, 1] },
  { module: 'module.a["x"]', mode: 'managed', type: 'null_resource', name: 'x', keys: [undefined] },
  { mode: 'managed', type: 'null_resource', name: 's', keys: ['b', 'B', 'a"b', '${x}', '%{y}', 'line\nbreak', '\u00a0nbsp', 'zero\u200bwidth', 'tab\there', '\uff5e', '😀', 'é', '', '0', '10', '9'] },
  { module: 'module.a[10]', mode: 'managed', type: 'null_resource', name: 'x', keys: [undefined] },
  { mode: 'data', type: 'null_data_source', name: 'd', keys: [undefined] },
  { module: 'module.a[0].module.b.module.c', mode: 'managed', type: 'null_resource', name: 'x', keys: [undefined] },
  { module: 'module.a[9]', mode: 'managed', type: 'null_resource', name: 'x', keys: [undefined] },
  { module: 'module.a', mode: 'data', type: 'z_data', name: 'x', keys: [undefined] },
  { module: 'module.a', mode: 'managed', type: 'a_res', name: 'x', keys: [undefined] },
  { module: 'module.a[0].module.b', mode: 'managed', type: 'null_resource', name: 'x', keys: [undefined] },
  { module: 'module.b', mode: 'managed', type: 'null_resource', name: 'x', keys: ['k'] },
  { module: 'module.a["\\uff5e"]', mode: 'managed', type: 'null_resource', name: 'x', keys: [undefined] },
  { module: 'module.a["😀"]', mode: 'managed', type: 'null_resource', name: 'x', keys: [undefined] },
  { module: 'module.a.module.z', mode: 'managed', type: 'null_resource', name: 'x', keys: [undefined] },
  { module: 'module.a["$${x}"]', mode: 'managed', type: 'null_resource', name: 'x', keys: [undefined] },
  { mode: 'managed', type: 'Upper', name: 'x', keys: [undefined] },
  { mode: 'managed', type: 'café', name: 'ñ', keys: [undefined] },
  { mode: 'managed', type: 'null_resource', name: 'dummy', keys: [undefined] },
];

function stateJson(resources: FixtureResource[]): string {
  let id = 0;
  return JSON.stringify({
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: 'addr-order',
    outputs: {},
    resources: resources.map((r) => ({
      ...(r.module === undefined ? {} : { module: r.module }),
      mode: r.mode,
      type: r.type,
      name: r.name,
      provider: 'provider["registry.terraform.io/hashicorp/null"]',
      instances: r.keys.map((k) => ({ ...(k === undefined ? {} : { index_key: k }), schema_version: 0, attributes: { id: String(++id) } })),
    })),
    check_results: null,
  });
}

function toKey(k: IndexKey): InstanceKey {
  return k === undefined ? NO_KEY : typeof k === 'number' ? intKey(k) : stringKey(k);
}

/** Every instance of the fixture, as core/addr reads it. */
function instances(resources: FixtureResource[]): AbsResourceInstance[] {
  return resources.flatMap((r) => {
    const m = parseModuleInstance(r.module ?? '');
    if (!m.ok) throw new Error(`fixture module ${r.module} did not parse`);
    return r.keys.map((k) => ({ module: m.value, resource: { mode: r.mode, type: r.type, name: r.name }, key: toKey(k) }));
  });
}

let dir: string;
let env: NodeJS.ProcessEnv;

function terraform(args: string[]): string {
  return execFileSync('terraform', args, { cwd: dir, env, encoding: 'utf8' });
}

function lines(out: string): string[] {
  return out.split('\n').filter((l) => l !== '');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tfstate-addr-order-'));
  writeFileSync(join(dir, 'empty.tfrc'), '');
  env = { ...process.env, TF_CLI_CONFIG_FILE: join(dir, 'empty.tfrc'), TF_IN_AUTOMATION: '1', NO_COLOR: '1' };
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('state list order and printing', () => {
  it('lists every instance in the order and spelling compareAbsResourceInstance/formatAbsResourceInstance give', () => {
    writeFileSync(join(dir, 'list.tfstate'), stateJson(RESOURCES));
    const want = instances(RESOURCES).sort(compareAbsResourceInstance).map(formatAbsResourceInstance);
    expect(lines(terraform(['state', 'list', '-no-color', '-state=list.tfstate']))).toEqual(want);
  });

  it.each([
    'module.a',
    'module.a.module.b',
    'module.a[0]',
    'module.a[0].module.b',
    'module.a["x"]',
    'module.b',
    'null_resource.k',
    'null_resource.s["a\\"b"]',
    'null_resource.s["$${x}"]',
    'module.a["\\uff5e"]',
  ])('selects for the argument %s what targetMatchesInstance selects', (arg) => {
    writeFileSync(join(dir, 'filter.tfstate'), stateJson(RESOURCES));
    const t = parseTarget(arg);
    if (!t.ok) throw new Error(`test target ${arg} did not parse`);
    const want = instances(RESOURCES)
      .filter((i) => targetMatchesInstance(t.value, i))
      .sort(compareAbsResourceInstance)
      .map(formatAbsResourceInstance);
    expect(want.length).toBeGreaterThan(0);
    expect(lines(terraform(['state', 'list', '-no-color', '-state=filter.tfstate', arg]))).toEqual(want);
  });

  it('refuses an address core/addr refuses, with the same summary', () => {
    writeFileSync(join(dir, 'bad.tfstate'), stateJson(RESOURCES));
    const r = spawnSync('terraform', ['state', 'list', '-no-color', '-state=bad.tfstate', 'foo.bar.0'], { cwd: dir, env, encoding: 'utf8' });
    expect(r.status).toBe(1);
    const ours = parseTarget('foo.bar.0');
    expect(ours.ok).toBe(false);
    expect(r.stderr).toContain(`Error: ${ours.diags[0]!.summary}`);
    expect(r.stderr).toContain(ours.diags[0]!.detail);
  });
});

describe('state file order (§1.9)', () => {
  it('writes resources and instances in the order compareStateFileResources/compareStateFileInstanceKeys give', () => {
    writeFileSync(join(dir, 'file.tfstate'), stateJson(RESOURCES));
    terraform(['state', 'rm', '-no-color', '-state=file.tfstate', 'null_resource.dummy']);
    const written = JSON.parse(readFileSync(join(dir, 'file.tfstate'), 'utf8')) as {
      resources: { module?: string; mode: string; type: string; name: string; instances: { index_key?: number | string }[] }[];
    };
    const got = written.resources.map((r) => ({
      module: r.module ?? '',
      mode: r.mode,
      type: r.type,
      name: r.name,
      keys: r.instances.map((i) => i.index_key),
    }));

    const expected = RESOURCES.filter((r) => r.name !== 'dummy')
      .map((r) => {
        const m = parseModuleInstance(r.module ?? '');
        if (!m.ok) throw new Error('fixture');
        return {
          module: formatModuleInstance(m.value),
          mode: r.mode,
          type: r.type,
          name: r.name,
          keys: [...r.keys].sort((a, b) => compareStateFileInstanceKeys(toKey(a), toKey(b))),
        };
      })
      .sort(compareStateFileResources);
    expect(got).toEqual(expected);
  });
});
