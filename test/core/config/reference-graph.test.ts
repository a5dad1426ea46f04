import { beforeAll, describe, expect, it } from 'vitest';
import { buildReferenceGraph, findConfigCycles, loadConfigTree, type ConfigTree, type HclParse } from '../../../src/core/config/index.js';
import { createHclParser, loadConfiguration } from '../../../src/session/config-loader.js';
import { FIXTURES_DIR } from '../../support/fixtures.js';

let parse: HclParse;
let tree: ConfigTree;
beforeAll(async () => {
  parse = await createHclParser();
  const r = await loadConfiguration(`${FIXTURES_DIR}/config/cycles`);
  if (!r.ok) throw new Error(r.diags[0]!.detail);
  tree = r.value;
});

function inline(files: Record<string, Record<string, string>>): ConfigTree {
  return loadConfigTree((dir) => {
    const f = files[dir];
    return f === undefined ? null : Object.entries(f).map(([name, text]) => ({ path: dir === '.' ? name : `${dir}/${name}`, text }));
  }, parse)!;
}

function show(cycles: ReturnType<typeof findConfigCycles>): string[] {
  return cycles.map((c) => c.edges.map((e) => `${e.from} -> ${e.to} @${e.location.file}:${e.location.line}${e.implicit ? ' (implicit)' : ''}`).join(' | '));
}

describe('findConfigCycles', () => {
  it('reports 2-node, local, self and cross-module cycles with the line of each reference', () => {
    expect(show(findConfigCycles(tree))).toEqual([
      'aws_iam_role.r -> module.role.output.role_name @main.tf:47 | module.role.output.role_name -> module.role.var.role_arn @modules/role/main.tf:10 | module.role.var.role_arn -> aws_iam_role.r @main.tf:52',
      'aws_instance.i -> local.instance_name @main.tf:30 | local.instance_name -> aws_instance.i @main.tf:24',
      'aws_s3_bucket.self -> aws_s3_bucket.self @main.tf:43',
      'aws_security_group.a -> aws_security_group.b @main.tf:9 | aws_security_group.b -> aws_security_group.a @main.tf:19',
    ]);
  });

  it('does not invent a cycle through a module output that does not use the input', () => {
    const graph = buildReferenceGraph(tree);
    const from = graph.indexOf.get('aws_s3_bucket.ok')!;
    expect([...graph.edges[from]!.values()].map((e) => e.to)).toEqual(['module.role.output.static']);
    expect(findConfigCycles(tree).some((c) => c.members.includes('aws_s3_bucket.ok'))).toBe(false);
  });

  it('finds a cycle through a module expansion (for_each on a value that depends on the module)', () => {
    const t = inline({
      '.': { 'main.tf': 'resource "aws_x" "a" {\n  v = module.m.out\n}\nmodule "m" {\n  source = "./m"\n  for_each = aws_x.a.tags\n}\n' },
      m: { 'main.tf': 'resource "aws_y" "b" {}\noutput "out" {\n  value = aws_y.b.id\n}\n' },
    });
    expect(show(findConfigCycles(t))).toEqual([
      'aws_x.a -> module.m.output.out @main.tf:2 | module.m.output.out -> module.m.aws_y.b @m/main.tf:3 | module.m.aws_y.b -> module.m @main.tf:4 (implicit) | module.m -> aws_x.a @main.tf:6',
    ]);
  });

  it('treats a remote module as opaque: no cycle through its outputs and inputs', () => {
    const t = inline({ '.': { 'main.tf': 'resource "aws_x" "a" {\n  v = module.r.out\n}\nmodule "r" {\n  source = "acme/r/aws"\n  input = aws_x.a.id\n}\n' } });
    expect(findConfigCycles(t)).toEqual([]);
  });

  it('ignores references to things the module does not declare', () => {
    const t = inline({ '.': { 'main.tf': 'resource "aws_x" "a" {\n  v = aws_x.missing.id\n  w = var.undeclared\n}\n' } });
    expect(buildReferenceGraph(t).edges.every((e) => e.size === 0)).toBe(true);
  });
});
