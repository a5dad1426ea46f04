import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_LOADER_CODES, createHclParser, loadConfiguration } from '../../src/session/config-loader.js';
import { FIXTURES_DIR } from '../support/fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'tfstate-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('createHclParser', () => {
  it('parses HCL offline into plain nodes with 1-based lines and columns, without comments', async () => {
    const parse = await createHclParser();
    const root = parse('# comment\nlocals {\n  é = "x" # trailing\n  v = aws_vpc.main.id\n}\n');
    expect(root.type).toBe('config_file');
    const block = root.children[0]!.children[0]!;
    expect(block).toMatchObject({ type: 'block', line: 2, column: 1, missing: false });
    const attrs = block.children.find((c) => c.type === 'body')!.children;
    expect(attrs.map((a) => [a.type, a.line, a.column])).toEqual([
      ['attribute', 3, 3],
      ['attribute', 4, 3],
    ]);
    expect(JSON.stringify(root)).not.toContain('comment');
  });

  it('returns the same parser to every caller', async () => {
    expect(await createHclParser()).toBe(await createHclParser());
  });
});

describe('loadConfiguration', () => {
  it('reads the fixture tree through local modules with paths relative to the root', async () => {
    const r = await loadConfiguration(join(FIXTURES_DIR, 'config/orphans'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const net = r.value.root.children.get('net');
    expect(net?.kind).toBe('local');
    if (net?.kind !== 'local') return;
    expect(net.node.module.resources.map((x) => x.location.file)).toEqual(['modules/net/main.tf', 'modules/net/main.tf']);
    expect(r.value.diagnostics).toEqual([]);
  });

  it('skips override files and notes JSON configuration it cannot read', async () => {
    const dir = join(scratch, 'mixed');
    mkdirSync(dir);
    writeFileSync(join(dir, 'main.tf'), 'resource "aws_vpc" "main" {}\n');
    writeFileSync(join(dir, 'main_override.tf'), 'resource "aws_vpc" "main" {\n  cidr_block = "10.1.0.0/16"\n}\n');
    writeFileSync(join(dir, 'extra.tf.json'), '{"resource": {}}');
    writeFileSync(join(dir, 'notes.txt'), 'resource "x" "y" {}');
    const r = await loadConfiguration(dir);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.root.module.resources.map((x) => `${x.type}.${x.name}`)).toEqual(['aws_vpc.main']);
    expect(r.value.diagnostics).toEqual([
      {
        severity: 'warning',
        code: CONFIG_LOADER_CODES.jsonSkipped,
        summary: 'JSON configuration not read',
        detail: "extra.tf.json uses Terraform's JSON syntax, which the audit does not read; blocks declared there count as missing.",
      },
    ]);
  });

  it('fails with a diagnostic naming a directory that does not exist', async () => {
    const missing = join(scratch, 'nope');
    const r = await loadConfiguration(missing);
    expect(r).toEqual({
      ok: false,
      diags: [
        {
          severity: 'error',
          code: CONFIG_LOADER_CODES.notFound,
          summary: 'Configuration directory not found',
          detail: `${missing} is not a directory. Give --config-dir the directory holding the root module's .tf files.`,
        },
      ],
    });
  });

  it('fails for an empty path instead of reading the working directory', async () => {
    const r = await loadConfiguration('');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.diags.map((d) => [d.code, d.detail])).toEqual([[CONFIG_LOADER_CODES.notFound, "An empty path is not a directory. Give --config-dir the directory holding the root module's .tf files."]]);
  });
});
