import { describe, expect, it } from 'vitest';
import { buildResourceGraph, GRAPH_CODES } from '../../../src/core/graph/index.js';
import { formatModuleInstance } from '../../../src/core/addr/index.js';
import { buildSnapshot } from '../../support/snapshot-builder.js';
import { fixtureSnapshot } from '../../support/fixtures.js';

describe('buildResourceGraph', () => {
  const graph = buildResourceGraph(fixtureSnapshot('graph/v4-cycles.tfstate'));

  it('has one node per configuration resource, in state list order', () => {
    expect(graph.nodes.map((n) => n.key)).toEqual([
      'aws_iam_role.self',
      'aws_security_group.a',
      'aws_security_group.b',
      'aws_subnet.public',
      'aws_vpc.main',
      'null_resource.one',
      'null_resource.three',
      'null_resource.two',
      'module.app.aws_instance.web',
      'module.net.aws_route_table.r',
      'module.net.aws_subnet.s',
      'module.db.module.replica.aws_db_instance.main',
    ]);
  });

  it('folds module instances into one node and keeps the instance detail', () => {
    const node = graph.nodes[graph.indexOf.get('module.net.aws_subnet.s')!]!;
    expect(node.instances).toEqual(['module.net["a"].aws_subnet.s', 'module.net["b"].aws_subnet.s']);
    expect(node.moduleInstances.map(formatModuleInstance)).toEqual(['module.net["a"]', 'module.net["b"]']);
    expect(node.module).toEqual(['net']);
    expect(node.objects).toBe(2);
  });

  it('drops module keys from dependency entries, as Terraform does', () => {
    const from = graph.indexOf.get('module.net.aws_route_table.r')!;
    expect(graph.dependencies[from]!.map((i) => graph.nodes[i]!.key)).toEqual(['aws_vpc.main', 'module.net.aws_subnet.s']);
  });

  it('keeps dependents as the reverse of dependencies', () => {
    const vpc = graph.indexOf.get('aws_vpc.main')!;
    expect(graph.dependents[vpc]!.map((i) => graph.nodes[i]!.key)).toEqual([
      'aws_security_group.a',
      'aws_subnet.public',
      'module.net.aws_route_table.r',
    ]);
  });

  it('reports dependencies on absent resources with both ends and the instances naming them', () => {
    const dangling = buildResourceGraph(fixtureSnapshot('graph/v4-dangling.tfstate')).dangling;
    expect(dangling).toEqual([
      { from: 'aws_instance.web', to: 'aws_security_group.gone', instances: ['aws_instance.web[0]', 'aws_instance.web[1]'] },
      { from: 'aws_instance.web', to: 'module.old.aws_s3_bucket.logs', instances: ['aws_instance.web[1]'] },
      { from: 'module.app.aws_instance.web', to: 'aws_security_group.gone', instances: ['module.app[0].aws_instance.web'] },
    ]);
  });

  it('counts deposed objects without listing their instance twice', () => {
    const g = buildResourceGraph(fixtureSnapshot('graph/v4-dangling.tfstate'));
    const node = g.nodes[g.indexOf.get('module.app.aws_instance.web')!]!;
    expect(node.instances).toEqual(['module.app[0].aws_instance.web']);
    expect(node.objects).toBe(2);
    expect(g.dependencies[g.indexOf.get('module.app.aws_instance.web')!]!.map((i) => g.nodes[i]!.key)).toEqual(['aws_vpc.main']);
  });

  it('skips an unparseable dependency entry with one warning naming it', () => {
    const g = buildResourceGraph(
      buildSnapshot({
        resources: [
          { type: 'aws_instance', name: 'a', instances: [{ key: 0, dependencies: ['not an address'] }, { key: 1, dependencies: ['not an address'] }] },
        ],
      }),
    );
    expect(g.dependencies).toEqual([[]]);
    expect(g.diagnostics).toEqual([
      {
        severity: 'warning',
        code: GRAPH_CODES.invalidDependency,
        summary: 'Invalid dependency entry',
        detail:
          'The dependencies of aws_instance.a contain "not an address", which is not a resource address; it is left out of the graph. Terraform refuses to read a state with such an entry: remove it from the state file.',
        address: 'aws_instance.a',
      },
    ]);
  });

  it('gives an empty graph for an empty state', () => {
    const g = buildResourceGraph(buildSnapshot({ resources: [] }));
    expect(g.nodes).toEqual([]);
    expect(g.dangling).toEqual([]);
  });

  it('keeps a resource with zero instances as a node without instances', () => {
    const g = buildResourceGraph(buildSnapshot({ resources: [{ type: 'null_resource', name: 'empty', instances: [] }] }));
    expect(g.nodes).toMatchObject([{ key: 'null_resource.empty', instances: [], objects: 0 }]);
  });
});
