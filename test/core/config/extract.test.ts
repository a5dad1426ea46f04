import { beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_CODES, mergeConfigFiles, readConfigFile, type HclParse } from '../../../src/core/config/index.js';
import { createHclParser } from '../../../src/session/config-loader.js';

let parse: HclParse;
beforeAll(async () => {
  parse = await createHclParser();
});

function read(text: string) {
  return readConfigFile({ path: 'main.tf', text }, parse);
}

function subjects(text: string): string[] {
  const m = read(text);
  return [...m.resources, ...m.locals, ...m.outputs].flatMap((r) => r.references.map((ref) => `${ref.subject}@${ref.location.line}`));
}

describe('readConfigFile', () => {
  it('reads resource and data blocks with count/for_each and their lines', () => {
    const m = read('resource "aws_instance" "web" {\n  count = 2\n}\n\ndata "aws_ami" "u" {\n  for_each = var.x\n}\nresource "aws_vpc" "main" {}\n');
    expect(m.resources.map((r) => ({ mode: r.mode, type: r.type, name: r.name, line: r.location.line, count: r.count, forEach: r.forEach }))).toEqual([
      { mode: 'managed', type: 'aws_instance', name: 'web', line: 1, count: true, forEach: false },
      { mode: 'data', type: 'aws_ami', name: 'u', line: 5, count: false, forEach: true },
      { mode: 'managed', type: 'aws_vpc', name: 'main', line: 8, count: false, forEach: false },
    ]);
    expect(m.diagnostics).toEqual([]);
  });

  it.each([
    ['a resource attribute', 'resource "a" "b" {\n  x = aws_vpc.main.id\n}', ['aws_vpc.main@2']],
    ['a data source', 'resource "a" "b" {\n  x = data.aws_ami.u.id\n}', ['data.aws_ami.u@2']],
    ['a module output through an index', 'resource "a" "b" {\n  x = module.net["a"].subnet_ids[0]\n}', ['module.net.subnet_ids@2']],
    ['a module output through a splat', 'resource "a" "b" {\n  x = module.net[*].id\n}', ['module.net.id@2']],
    ['a whole module', 'resource "a" "b" {\n  x = module.net\n}', ['module.net@2']],
    ['locals and variables', 'locals {\n  a = local.b\n  b = var.c\n}', ['local.b@2', 'var.c@3']],
    ['template interpolations and heredocs', 'output "o" {\n  value = <<EOT\n${aws_s3_bucket.b.arn}\nEOT\n}\nresource "a" "b" {\n  x = "p-${aws_vpc.v.id}"\n}', ['aws_vpc.v@7', 'aws_s3_bucket.b@3']],
    ['function arguments and conditionals', 'resource "a" "b" {\n  x = var.on ? lookup(local.m, aws_x.y.id) : null\n}', ['var.on@2', 'local.m@2', 'aws_x.y@2']],
    ['resource splats', 'resource "a" "b" {\n  x = aws_subnet.s[*].id\n}', ['aws_subnet.s@2']],
    ['depends_on and replace_triggered_by', 'resource "a" "b" {\n  depends_on = [aws_x.y]\n  lifecycle {\n    replace_triggered_by = [aws_z.w]\n  }\n}', ['aws_x.y@2', 'aws_z.w@4']],
  ])('finds references in %s', (_name, text, expected) => {
    expect(subjects(text)).toEqual(expected);
  });

  it.each([
    ['for expression symbols', 'resource "a" "b" {\n  x = [for s in aws_subnet.all : s.id if s.ok]\n}', ['aws_subnet.all@2']],
    ['dynamic block iterators', 'resource "a" "b" {\n  dynamic "ingress" {\n    for_each = var.rules\n    content {\n      port = ingress.value.port\n    }\n  }\n}', ['var.rules@3']],
    ['named dynamic iterators', 'resource "a" "b" {\n  dynamic "ingress" {\n    for_each = var.rules\n    iterator = rule\n    content {\n      port = rule.value\n    }\n  }\n}', ['var.rules@3']],
    ['count, each, self, path and terraform', 'resource "a" "b" {\n  x = "${count.index}${each.key}${self.id}${path.module}${terraform.workspace}"\n}', []],
    ['ignore_changes and the provider meta-argument', 'resource "a" "b" {\n  provider = aws.west\n  lifecycle {\n    ignore_changes = [tags.x]\n  }\n}', []],
  ])('does not count %s as references', (_name, text, expected) => {
    expect(subjects(text)).toEqual(expected);
  });

  it('reads module calls: literal source and version, arguments and meta-argument references', () => {
    const m = read('module "net" {\n  source = "./modules/net"\n  version = "1.2.0"\n  for_each = var.envs\n  vpc_id = aws_vpc.main.id\n  providers = { aws = aws.west }\n}\nmodule "x" {\n  source = "${var.p}/x"\n}\n');
    expect(m.moduleCalls).toEqual([
      {
        name: 'net',
        source: './modules/net',
        version: '1.2.0',
        location: { file: 'main.tf', line: 1 },
        count: false,
        forEach: true,
        arguments: [{ name: 'vpc_id', references: [{ subject: 'aws_vpc.main', location: { file: 'main.tf', line: 5 } }] }],
        metaReferences: [{ subject: 'var.envs', location: { file: 'main.tf', line: 4 } }],
      },
      { name: 'x', source: null, version: null, location: { file: 'main.tf', line: 8 }, count: false, forEach: false, arguments: [], metaReferences: [{ subject: 'var.p', location: { file: 'main.tf', line: 9 } }] },
    ]);
  });

  it('reads moved, removed and import blocks with their static addresses', () => {
    const m = read(
      [
        'moved {\n  from = aws_instance.a["x y"]\n  to   = module.m[0].aws_instance.b\n}',
        'removed {\n  from = module.old\n  lifecycle {\n    destroy = false\n  }\n}',
        'removed {\n  from = aws_s3_bucket.b\n}',
        'import {\n  for_each = var.ids\n  to = aws_vpc.v[each.key]\n  id = each.value\n}',
        'import {\n  to = aws_kms_key.k\n  id = "abc"\n}',
      ].join('\n'),
    );
    expect(m.moved).toEqual([{ from: { text: 'aws_instance.a["x y"]', computedKey: false }, to: { text: 'module.m[0].aws_instance.b', computedKey: false }, location: { file: 'main.tf', line: 1 } }]);
    expect(m.removed).toEqual([
      { from: { text: 'module.old', computedKey: false }, destroy: false, location: { file: 'main.tf', line: 5 } },
      { from: { text: 'aws_s3_bucket.b', computedKey: false }, destroy: true, location: { file: 'main.tf', line: 11 } },
    ]);
    expect(m.imports).toEqual([
      { to: { text: 'aws_vpc.v', computedKey: true }, id: null, forEach: true, location: { file: 'main.tf', line: 14 } },
      { to: { text: 'aws_kms_key.k', computedKey: false }, id: 'abc', forEach: false, location: { file: 'main.tf', line: 19 } },
    ]);
  });

  it('reads outputs, variables and locals with their lines', () => {
    const m = read('variable "v" {}\noutput "o" {\n  value = var.v\n}\nlocals {\n  l = 1\n}\n');
    expect(m.variables.map((v) => [v.name, v.location.line])).toEqual([['v', 1]]);
    expect(m.outputs.map((v) => [v.name, v.location.line, v.references.map((r) => r.subject)])).toEqual([['o', 2, ['var.v']]]);
    expect(m.locals.map((v) => [v.name, v.location.line])).toEqual([['l', 6]]);
  });

  it('reports a syntax error with its line and keeps the blocks it could read', () => {
    const m = read('resource "a" "ok" {}\nresource "a" "bad" {\n  x = \n}\n');
    expect(m.diagnostics).toEqual([
      {
        severity: 'warning',
        code: CONFIG_CODES.syntax,
        summary: 'Configuration syntax error',
        detail:
          'main.tf line 3 has a syntax error, so the blocks in this file may be read incompletely and orphan results for its module may be wrong. Run "terraform validate" to see the error.',
      },
    ]);
    expect(m.resources.map((r) => r.name)).toContain('ok');
  });

  it('reports a block without its labels', () => {
    expect(read('resource "a" {}\n').diagnostics).toEqual([
      {
        severity: 'warning',
        code: CONFIG_CODES.invalidBlock,
        summary: 'Unreadable configuration block',
        detail: 'main.tf line 1: a resource block needs a type and a name label; the block is ignored by the audit.',
      },
    ]);
  });

  it('ignores provider, terraform and other blocks', () => {
    const m = read('terraform {\n  required_version = ">= 1.5"\n}\nprovider "aws" {\n  region = var.r\n}\ncheck "c" {\n  data "http" "h" {\n    url = "x"\n  }\n}\n');
    expect(m).toMatchObject({ resources: [], moduleCalls: [], locals: [], outputs: [], diagnostics: [] });
  });
});

describe('mergeConfigFiles', () => {
  it('keeps the first of two declarations of one resource and reports the second', () => {
    const a = readConfigFile({ path: 'a.tf', text: 'resource "aws_vpc" "main" {}\n' }, parse);
    const b = readConfigFile({ path: 'b.tf', text: '\nresource "aws_vpc" "main" {}\nmodule "m" {\n  source = "./m"\n}\n' }, parse);
    const merged = mergeConfigFiles([a, b]);
    expect(merged.resources.map((r) => r.location)).toEqual([{ file: 'a.tf', line: 1 }]);
    expect(merged.moduleCalls.map((m) => m.name)).toEqual(['m']);
    expect(merged.diagnostics).toEqual([
      {
        severity: 'warning',
        code: CONFIG_CODES.duplicate,
        summary: 'Duplicate declaration',
        detail: 'aws_vpc.main is declared at a.tf:1 and again at b.tf:2; Terraform refuses this configuration. The first declaration is used.',
        address: 'aws_vpc.main',
      },
    ]);
  });
});
