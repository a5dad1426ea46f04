import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, '..', '..', 'bench', 'generate.mjs');
const dir = mkdtempSync(join(tmpdir(), 'tfstate-generate-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
}

interface Instance {
  index_key?: number | string;
  deposed?: string;
  status?: string;
  sensitive_attributes: unknown[];
  dependencies?: string[];
}
interface Resource {
  module?: string;
  mode: string;
  type: string;
  name: string;
  instances: Instance[];
}

const first = join(dir, 'first.tfstate');
const firstRun = run('--instances', '300', '--out', first);
const text = readFileSync(first, 'utf8');
const doc = JSON.parse(text) as { version: number; terraform_version: string; resources: Resource[]; outputs: Record<string, { sensitive?: boolean }> };

describe('bench/generate.mjs', () => {
  it('prints the path, size and resource and instance counts', () => {
    expect(firstRun.status).toBe(0);
    const instances = new Set(doc.resources.flatMap((r) => r.instances.map((i) => `${r.module ?? ''}|${r.mode}|${r.type}|${r.name}|${JSON.stringify(i.index_key ?? null)}`))).size;
    expect(firstRun.stdout).toContain(`${first}: `);
    expect(firstRun.stdout).toContain(`, ${doc.resources.length} resources, ${instances} resource instances, `);
  });

  it('writes the same bytes again for the same seed and target', () => {
    const second = join(dir, 'second.tfstate');
    expect(run('--instances', '300', '--out', second).status).toBe(0);
    expect(readFileSync(second).equals(readFileSync(first))).toBe(true);
  });

  it('writes different content for another seed', () => {
    const other = join(dir, 'other.tfstate');
    expect(run('--instances', '300', '--seed', '2', '--out', other).status).toBe(0);
    expect(readFileSync(other).equals(readFileSync(first))).toBe(false);
  });

  it("uses Terraform's framing: two-space indent, HTML escapes, one trailing newline", () => {
    expect(text.startsWith('{\n  "version": 4,\n  "terraform_version": "1.11.4",\n')).toBe(true);
    expect(text.endsWith('  "check_results": null\n}\n')).toBe(true);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text).toContain('\\u003c');
    expect(text).toContain('\\u0026');
  });

  it('sorts resources by module, mode, type and name, and instances by key then deposed key', () => {
    const keys = doc.resources.map((r) => [r.module ?? '', r.mode, r.type, r.name].join('\u0000'));
    expect(keys).toEqual([...keys].sort());
    for (const r of doc.resources) {
      const order = r.instances.map((i) => [i.index_key ?? null, i.deposed ?? '']);
      const sorted = [...order].sort(([ka, da], [kb, db]) => {
        if (ka !== kb) {
          if (ka === null) return -1;
          if (kb === null) return 1;
          if (typeof ka === 'number' && typeof kb === 'number') return ka - kb;
          return String(ka) < String(kb) ? -1 : 1;
        }
        return String(da) < String(db) ? -1 : 1;
      });
      expect(order).toEqual(sorted);
    }
  });

  it('includes nested modules, data sources, deposed and sensitive objects, and a sensitive output', () => {
    expect(doc.resources.some((r) => /^module\.service\["[a-z]+-\d{3}"\]\.module\.compute\[0\]\.module\.node\["(blue|green)"\]$/.test(r.module ?? ''))).toBe(true);
    expect(doc.resources.some((r) => r.mode === 'data')).toBe(true);
    expect(doc.resources.some((r) => r.instances.some((i) => i.deposed !== undefined))).toBe(true);
    expect(doc.resources.some((r) => r.instances.some((i) => i.sensitive_attributes.length > 0))).toBe(true);
    expect(doc.resources.some((r) => r.instances.some((i) => (i.dependencies ?? []).length > 0))).toBe(true);
    expect(Object.values(doc.outputs).some((o) => o.sensitive === true)).toBe(true);
  });

  it.each([
    [['--size', 'ten'], 'generate: invalid --size ten (use e.g. 1MB, 10MB, 100MB)'],
    [['--bogus'], 'generate: unknown argument --bogus'],
    [['--instances', '0'], 'generate: --instances needs a positive number'],
  ])('refuses %j with exit 2 and a message', (args, message) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(message);
  });
});
