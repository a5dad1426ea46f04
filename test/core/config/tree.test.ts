import { beforeAll, describe, expect, it } from 'vitest';
import { isLocalModuleSource, joinModuleDir, loadConfigTree, type ConfigSourceFile, type HclParse, type ModuleChild } from '../../../src/core/config/index.js';
import { createHclParser } from '../../../src/session/config-loader.js';

let parse: HclParse;
beforeAll(async () => {
  parse = await createHclParser();
});

function reader(dirs: Record<string, Record<string, string>>) {
  const reads: string[] = [];
  const read = (dir: string): ConfigSourceFile[] | null => {
    reads.push(dir);
    const files = dirs[dir];
    if (files === undefined) return null;
    return Object.entries(files).map(([name, text]) => ({ path: dir === '.' ? name : `${dir}/${name}`, text }));
  };
  return { read, reads };
}

function describeChild(c: ModuleChild): string {
  return c.kind === 'local' ? `local ${c.node.dir}` : c.kind === 'remote' ? `remote ${c.call.source}` : `unloaded: ${c.reason}`;
}

describe('isLocalModuleSource', () => {
  it.each([
    ['./modules/net', true],
    ['../shared', true],
    ['.\\win', true],
    ['terraform-aws-modules/vpc/aws', false],
    ['git::https://example.com/m.git', false],
    ['modules/net', false],
    ['.hidden', false],
  ])('%s -> %s', (source, expected) => {
    expect(isLocalModuleSource(source)).toBe(expected);
  });
});

describe('joinModuleDir', () => {
  it.each([
    ['.', './modules/net', 'modules/net'],
    ['modules/net', './flow', 'modules/net/flow'],
    ['modules/net', '../app', 'modules/app'],
    ['.', '../shared/m', '../shared/m'],
    ['modules/a', '../../..', '..'],
    ['.', './', '.'],
  ])('%s + %s = %s', (dir, source, expected) => {
    expect(joinModuleDir(dir, source)).toBe(expected);
  });
});

describe('loadConfigTree', () => {
  it('follows local sources, reports remote ones and missing directories', () => {
    const { read } = reader({
      '.': {
        'main.tf':
          'module "net" {\n  source = "./modules/net"\n}\nmodule "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\nmodule "gone" {\n  source = "./nowhere"\n}\nmodule "dyn" {\n  source = var.s\n}\n',
      },
      'modules/net': { 'main.tf': 'resource "aws_subnet" "s" {}\nmodule "inner" {\n  source = "../inner"\n}\n' },
      'modules/inner': { 'main.tf': 'resource "aws_route" "r" {}\n' },
    });
    const tree = loadConfigTree(read, parse)!;
    expect(Object.fromEntries([...tree.root.children].map(([k, c]) => [k, describeChild(c)]))).toEqual({
      net: 'local modules/net',
      vpc: 'remote terraform-aws-modules/vpc/aws',
      gone: 'unloaded: its source directory nowhere does not exist',
      dyn: 'unloaded: its source is not a literal string',
    });
    const net = tree.root.children.get('net')!;
    if (net.kind !== 'local') throw new Error('expected local');
    expect(net.node.path).toEqual(['net']);
    const inner = net.node.children.get('inner')!;
    expect(describeChild(inner)).toBe('local modules/inner');
    if (inner.kind !== 'local') throw new Error('expected local');
    expect(inner.node.path).toEqual(['net', 'inner']);
    expect(inner.node.module.resources[0]!.location).toEqual({ file: 'modules/inner/main.tf', line: 1 });
  });

  it('refuses a module that calls itself instead of looping', () => {
    const { read } = reader({ '.': { 'main.tf': 'module "me" {\n  source = "./"\n}\n' } });
    const tree = loadConfigTree(read, parse)!;
    expect(describeChild(tree.root.children.get('me')!)).toBe('unloaded: its source . contains this module call (a module cannot call itself)');
  });

  it('reads a directory used by several calls once and reports its problems once', () => {
    const { read, reads } = reader({
      '.': { 'main.tf': 'module "a" {\n  source = "./m"\n}\nmodule "b" {\n  source = "./m"\n}\n' },
      m: { 'main.tf': 'resource "x" {}\n' },
    });
    const tree = loadConfigTree(read, parse)!;
    expect(reads).toEqual(['.', 'm']);
    expect(tree.diagnostics.map((d) => d.code)).toEqual(['config.invalid-block']);
  });

  it('returns null when the root directory does not exist', () => {
    expect(loadConfigTree(reader({}).read, parse)).toBeNull();
  });
});
