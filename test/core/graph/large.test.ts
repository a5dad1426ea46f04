import { describe, expect, it } from 'vitest';
import { buildResourceGraph, findDependencyCycles } from '../../../src/core/graph/index.js';
import { buildSnapshot, type ResourceSpec } from '../../support/snapshot-builder.js';

/**
 * A state of `modules` module instances, each with a chain of resources of
 * `perModule` instances; module i's first resource depends on module i-1's
 * last, and every 100th module closes a 2-node cycle.
 */
function largeState(modules: number, resourcesPerModule: number, instancesPerResource: number) {
  const resources: ResourceSpec[] = [];
  for (let m = 0; m < modules; m++) {
    for (let r = 0; r < resourcesPerModule; r++) {
      const deps: string[] = [];
      if (r > 0) deps.push(`module.m${m}.null_resource.r${r - 1}`);
      else if (m > 0) deps.push(`module.m${m - 1}.null_resource.r${resourcesPerModule - 1}`);
      if (m % 100 === 0 && r === 0) deps.push(`module.m${m}.null_resource.r1`);
      if (m % 100 === 0 && r === 1) deps.push(`module.m${m}.null_resource.r0`);
      resources.push({
        module: `module.m${m}`,
        type: 'null_resource',
        name: `r${r}`,
        instances: Array.from({ length: instancesPerResource }, (_, k) => ({ key: k, dependencies: deps })),
      });
    }
  }
  return buildSnapshot({ resources });
}

describe('buildResourceGraph on a large state', () => {
  it('builds 20,000 instances into 5,000 nodes and finds every cycle', () => {
    const snapshot = largeState(500, 10, 4);
    const graph = buildResourceGraph(snapshot);
    expect(graph.nodes).toHaveLength(5000);
    expect(graph.nodes.reduce((n, node) => n + node.instances.length, 0)).toBe(20_000);
    const cycles = findDependencyCycles(graph);
    expect(cycles).toHaveLength(5);
    expect(cycles[0]!.path).toEqual(['module.m0.null_resource.r0', 'module.m0.null_resource.r1', 'module.m0.null_resource.r0']);
  });
});
