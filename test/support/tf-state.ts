/**
 * Builds small states in Terraform's exact framing for surgery tests (like
 * Terraform's states.BuildState), and decodes them with the real codec.
 */
import { decodeState, encodeState, goEncode, type GoValue } from '../../src/core/statefile/index.js';
import type { StateSnapshot } from '../../src/core/state/types.js';

/** An instance object in builder form. */
export interface I {
  index_key?: number | string;
  status?: 'tainted';
  deposed?: string;
  attributes?: Record<string, GoValue>;
  dependencies?: string[];
}

/** A resource in builder form. */
export interface R {
  module?: string;
  mode?: 'managed' | 'data';
  type: string;
  name: string;
  provider?: string;
  instances: I[];
}

const TEST_PROVIDER = 'provider["registry.terraform.io/hashicorp/test"]';

/** The bytes Terraform would write for these resources (given in file order). */
export function tfStateText(resources: R[], serial = 1): string {
  const res = resources.map((r) => {
    const m = new Map<string, GoValue>();
    if (r.module) m.set('module', r.module);
    m.set('mode', r.mode ?? 'managed');
    m.set('type', r.type);
    m.set('name', r.name);
    m.set('provider', r.provider ?? TEST_PROVIDER);
    m.set(
      'instances',
      r.instances.map((i) => {
        const o = new Map<string, GoValue>();
        if (i.index_key !== undefined) o.set('index_key', i.index_key);
        if (i.status) o.set('status', i.status);
        if (i.deposed) o.set('deposed', i.deposed);
        o.set('schema_version', 0);
        o.set('attributes', new Map(Object.entries(i.attributes ?? { id: `${r.type}-${r.name}-${String(i.index_key ?? '')}` })));
        o.set('sensitive_attributes', []);
        if (i.dependencies && i.dependencies.length > 0) o.set('dependencies', i.dependencies);
        return o;
      }),
    );
    return m;
  });
  const top = new Map<string, GoValue>([
    ['version', 4],
    ['terraform_version', '1.11.4'],
    ['serial', serial],
    ['lineage', 'test-lineage'],
    ['outputs', new Map()],
    ['resources', res],
    ['check_results', null],
  ]);
  return goEncode(top, 'indent', 0) + '\n';
}

/** Decodes builder resources into a snapshot. */
export function tfState(resources: R[], serial = 1): StateSnapshot {
  const r = decodeState(new TextEncoder().encode(tfStateText(resources, serial)), { location: 'test.tfstate' });
  if (!r.ok) throw new Error(r.diags.map((d) => d.detail).join('\n'));
  return r.value;
}

/** Encodes a snapshot to text. */
export function stateText(s: StateSnapshot): string {
  return new TextDecoder().decode(encodeState(s));
}
