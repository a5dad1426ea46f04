import { describe, expect, it } from 'vitest';
import { buildResourceGraph, cycleEdges, findCycles, findDependencyCycles, stronglyConnectedComponents } from '../../../src/core/graph/index.js';
import { buildSnapshot } from '../../support/snapshot-builder.js';
import { fixtureSnapshot } from '../../support/fixtures.js';

describe('stronglyConnectedComponents', () => {
  it.each([
    ['no edges', [[], []], [[0], [1]]],
    ['a chain', [[1], [2], []], [[2], [1], [0]]],
    ['a 2-cycle', [[1], [0]], [[0, 1]]],
    ['a 3-cycle with a tail', [[1], [2], [0, 3], []], [[3], [0, 1, 2]]],
    ['two cycles joined one way', [[1], [0, 2], [3], [2]], [[2, 3], [0, 1]]],
    ['a self-loop', [[0]], [[0]]],
  ])('finds the components of %s in reverse topological order', (_name, adjacency, expected) => {
    expect(stronglyConnectedComponents(adjacency)).toEqual(expected);
  });

  it('handles a dependency chain far deeper than the call stack', () => {
    const n = 200_000;
    const adjacency = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : [0]));
    const components = stronglyConnectedComponents(adjacency);
    expect(components).toHaveLength(1);
    expect(components[0]).toHaveLength(n);
  });
});

describe('findCycles', () => {
  it.each([
    ['a 2-cycle', [[1], [0]], [{ path: [0, 1, 0], members: [0, 1], selfLoop: false }]],
    ['a 3-cycle', [[1], [2], [0]], [{ path: [0, 1, 2, 0], members: [0, 1, 2], selfLoop: false }]],
    ['a self-loop', [[0], []], [{ path: [0, 0], members: [0], selfLoop: true }]],
    [
      'a self-loop inside a larger cycle, reported separately',
      [[1], [0, 1]],
      [
        { path: [0, 1, 0], members: [0, 1], selfLoop: false },
        { path: [1, 1], members: [1], selfLoop: true },
      ],
    ],
    [
      'a component whose shortest cycle misses a member (the longer one is found)',
      [[1], [0, 2], [0]],
      [{ path: [0, 1, 2, 0], members: [0, 1, 2], selfLoop: false }],
    ],
    [
      'a figure eight (no simple cycle covers it; members list all)',
      [[1, 2], [0], [0]],
      [{ path: [0, 1, 0], members: [0, 1, 2], selfLoop: false }],
    ],
    ['an acyclic graph', [[1, 2], [2], []], []],
  ])('reports %s', (_name, adjacency, expected) => {
    expect(findCycles(adjacency)).toEqual(expected);
  });
});

describe('findDependencyCycles', () => {
  it('reports 2-node, 3-node, self-loop and module cycles of a state in path order', () => {
    const graph = buildResourceGraph(fixtureSnapshot('graph/v4-cycles.tfstate'));
    expect(findDependencyCycles(graph)).toEqual([
      { path: ['aws_iam_role.self', 'aws_iam_role.self'], members: ['aws_iam_role.self'], selfLoop: true },
      {
        path: ['aws_security_group.a', 'aws_security_group.b', 'aws_security_group.a'],
        members: ['aws_security_group.a', 'aws_security_group.b'],
        selfLoop: false,
      },
      {
        path: ['null_resource.one', 'null_resource.two', 'null_resource.three', 'null_resource.one'],
        members: ['null_resource.one', 'null_resource.three', 'null_resource.two'],
        selfLoop: false,
      },
      {
        path: ['module.app.aws_instance.web', 'module.db.module.replica.aws_db_instance.main', 'module.app.aws_instance.web'],
        members: ['module.app.aws_instance.web', 'module.db.module.replica.aws_db_instance.main'],
        selfLoop: false,
      },
      {
        path: ['module.net.aws_route_table.r', 'module.net.aws_subnet.s', 'module.net.aws_route_table.r'],
        members: ['module.net.aws_route_table.r', 'module.net.aws_subnet.s'],
        selfLoop: false,
      },
    ]);
  });

  it('finds no cycle in an acyclic state', () => {
    const graph = buildResourceGraph(
      buildSnapshot({
        resources: [
          { type: 'aws_vpc', name: 'main' },
          { type: 'aws_subnet', name: 'a', instances: [{ dependencies: ['aws_vpc.main'] }] },
        ],
      }),
    );
    expect(findDependencyCycles(graph)).toEqual([]);
  });
});

describe('cycleEdges', () => {
  it('marks only the edges inside a cycle', () => {
    expect([...cycleEdges([[1], [0, 2], [2, 3], []])].sort()).toEqual(['0->1', '1->0', '2->2']);
  });
});
