import { describe, expect, it } from 'vitest';
import { buildResourceGraph } from '../../src/core/graph/index.js';
import { dotToSvg, renderGraphSvg } from '../../src/render/svg.js';
import { fixtureSnapshot } from '../support/fixtures.js';

describe('renderGraphSvg', () => {
  it('lays out the graph in-process as an SVG document with module clusters and cycle colours', async () => {
    const svg = await renderGraphSvg(buildResourceGraph(fixtureSnapshot('graph/v4-small-web.tfstate')));
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('<svg');
    expect(svg).toContain('<title>cluster_module.net</title>');
    expect(svg).toContain('>aws_subnet.a</text>');
    expect(svg).toContain('stroke="#d62728"');
  });

  it('rejects DOT that Graphviz cannot read', async () => {
    await expect(dotToSvg('digraph {')).rejects.toThrow();
  });
});
