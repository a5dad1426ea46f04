import { describe, expect, it } from 'vitest';
import {
  buildResourceGraph,
  graphToJson,
  neighbourhoodNodes,
  neighbourhoodTree,
  renderGraphDot,
  renderGraphJson,
  renderGraphMermaid,
  renderGraphText,
  resolveFocus,
  type ResourceGraph,
  type TreeEntry,
} from '../../../src/core/graph/index.js';
import { fixtureSnapshot } from '../../support/fixtures.js';

const graph = buildResourceGraph(fixtureSnapshot('graph/v4-small-web.tfstate'));

function focus(g: ResourceGraph, address: string): number {
  const r = resolveFocus(g, address);
  if (!r.ok) throw new Error(r.diags[0]!.detail);
  return r.value;
}

function shape(t: TreeEntry): unknown {
  const flags = [t.onCycle ? 'cycle' : '', t.repeated ? 'repeated' : '', t.hidden ? `hidden ${t.hidden}` : ''].filter(Boolean);
  return [t.key + (flags.length ? ` (${flags.join(', ')})` : ''), ...t.children.map(shape)];
}

describe('resolveFocus', () => {
  it.each([
    ['aws_instance.web', 'aws_instance.web'],
    ['aws_instance.web[1]', 'aws_instance.web'],
    ['module.net.aws_subnet.a', 'module.net.aws_subnet.a'],
    ['module.net[3].aws_subnet.a', 'module.net.aws_subnet.a'],
    ['data.aws_ami.ubuntu', 'data.aws_ami.ubuntu'],
  ])('resolves %s to the node %s', (address, key) => {
    expect(graph.nodes[focus(graph, address)]!.key).toBe(key);
  });

  it.each([
    ['aws_instance.nope', 'graph.unknown-focus', 'The state has no resource aws_instance.nope. Run "tfstate list" to see the resources it has.'],
    ['module.net', 'graph.focus-not-resource', '"module.net" is a module address. Give a resource address, such as module.net.aws_instance.example, to show its dependencies.'],
  ])('refuses %s with %s', (address, code, detail) => {
    const r = resolveFocus(graph, address);
    expect(r.ok).toBe(false);
    expect(r.diags[0]).toMatchObject({ severity: 'error', code, detail });
  });

  it('passes on the address parser diagnostic for a malformed address', () => {
    const r = resolveFocus(graph, 'aws_instance.');
    expect(r.ok).toBe(false);
    expect(r.diags[0]!.code.startsWith('addr.')).toBe(true);
  });
});

describe('neighbourhoodTree', () => {
  it('walks upstream to the depth limit and counts what it cut', () => {
    expect(shape(neighbourhoodTree(graph, focus(graph, 'aws_lb_target_group_attachment.web'), 'upstream', 2))).toEqual([
      'aws_lb_target_group_attachment.web',
      ['aws_instance.web', ['data.aws_ami.ubuntu'], ['module.net.aws_subnet.a (hidden 1)']],
    ]);
  });

  it('walks downstream', () => {
    expect(shape(neighbourhoodTree(graph, focus(graph, 'aws_vpc.main'), 'downstream', Infinity))).toEqual([
      'aws_vpc.main',
      ['module.net.aws_subnet.a', ['aws_instance.web', ['aws_lb_target_group_attachment.web']]],
    ]);
  });

  it('ends a cycle at the node that closes it, marked', () => {
    expect(shape(neighbourhoodTree(graph, focus(graph, 'aws_eip.a'), 'upstream', Infinity))).toEqual([
      'aws_eip.a',
      ['aws_eip.b (cycle)', ['aws_eip.a (cycle, repeated)']],
    ]);
  });

  it('expands a node at its first occurrence and repeats it as a leaf later', () => {
    const g = buildResourceGraph(fixtureSnapshot('graph/v4-cycles.tfstate'));
    expect(shape(neighbourhoodTree(g, focus(g, 'aws_vpc.main'), 'downstream', Infinity))).toEqual([
      'aws_vpc.main',
      ['aws_security_group.a', ['aws_security_group.b (cycle)', ['aws_security_group.a (cycle, repeated)']]],
      ['aws_subnet.public'],
      ['module.net.aws_route_table.r', ['module.net.aws_subnet.s (cycle)', ['module.net.aws_route_table.r (cycle, repeated)']]],
    ]);
  });
});

describe('neighbourhoodNodes', () => {
  it('collects nodes within the depth in both directions', () => {
    const set = neighbourhoodNodes(graph, focus(graph, 'module.net.aws_subnet.a'), 1);
    expect([...set].map((i) => graph.nodes[i]!.key).sort()).toEqual(['aws_instance.web', 'aws_vpc.main', 'module.net.aws_subnet.a']);
  });
});

describe('renderGraphText', () => {
  it('draws the upstream and downstream trees of a focus with a depth limit', () => {
    expect(renderGraphText(graph, { focus: focus(graph, 'aws_instance.web'), depth: 1 })).toBe(
      [
        'aws_instance.web',
        '  2 instances: aws_instance.web[0], aws_instance.web[1]',
        'Depends on (upstream):',
        '├── data.aws_ami.ubuntu',
        '└── module.net.aws_subnet.a (+1 beyond depth 1)',
        'Depended on by (downstream):',
        '└── aws_lb_target_group_attachment.web',
        '',
      ].join('\n'),
    );
  });

  it('says (none) for a direction without neighbours and marks cycles', () => {
    expect(renderGraphText(graph, { focus: focus(graph, 'aws_eip.a') })).toBe(
      [
        'aws_eip.a',
        '  1 instance: aws_eip.a',
        'Depends on (upstream):',
        '└── aws_eip.b [cycle]',
        '    └── aws_eip.a [cycle] (shown above)',
        'Depended on by (downstream):',
        '└── aws_eip.b [cycle]',
        '    └── aws_eip.a [cycle] (shown above)',
        '',
      ].join('\n'),
    );
    expect(renderGraphText(graph, { focus: focus(graph, 'aws_vpc.main'), depth: 3 })).toContain('Depends on (upstream):\n  (none)\n');
  });

  it('draws the module tree with counts, then cycles and dangling dependencies', () => {
    const g = buildResourceGraph(fixtureSnapshot('graph/v4-cycles.tfstate'));
    expect(renderGraphText(g)).toBe(
      [
        '(root module): 8 resources (9 instances); 12 (14) with submodules',
        '├── module.app: 1 resource (1 instance)',
        '├── module.db: 0 resources (0 instances); 1 (1) with submodules',
        '│   └── module.replica: 1 resource (1 instance)',
        '└── module.net: 2 resources (3 instances); instances module.net["a"], module.net["b"]',
        '',
        '12 resources, 14 instances, 13 dependencies, 5 cycles, 0 dangling dependencies',
        '',
        'Cycles:',
        '  aws_iam_role.self -> aws_iam_role.self (depends on itself)',
        '  aws_security_group.a -> aws_security_group.b -> aws_security_group.a',
        '  null_resource.one -> null_resource.two -> null_resource.three -> null_resource.one',
        '  module.app.aws_instance.web -> module.db.module.replica.aws_db_instance.main -> module.app.aws_instance.web',
        '  module.net.aws_route_table.r -> module.net.aws_subnet.s -> module.net.aws_route_table.r',
        '',
      ].join('\n'),
    );
  });

  it('lists dangling dependencies under the module tree', () => {
    expect(renderGraphText(graph)).toContain(
      '\nDangling dependencies (named but absent from the state):\n  aws_lb_target_group_attachment.web -> aws_lb_target_group.gone\n',
    );
  });
});

describe('renderGraphDot', () => {
  it('draws modules as clusters, cycle edges red and dangling targets dashed', () => {
    expect(renderGraphDot(graph)).toBe(`digraph "tfstate" {
  rankdir="LR";
  node [shape="box", style="rounded", fontname="Helvetica", fontsize="11"];
  edge [color="#555555"];
  "data.aws_ami.ubuntu" [label="data.aws_ami.ubuntu", shape="note"];
  "aws_eip.a" [label="aws_eip.a"];
  "aws_eip.b" [label="aws_eip.b"];
  "aws_instance.web" [label="aws_instance.web\\n2 instances"];
  "aws_lb_target_group_attachment.web" [label="aws_lb_target_group_attachment.web"];
  "aws_vpc.main" [label="aws_vpc.main"];
  subgraph "cluster_module.net" {
    label="module.net";
    style="dashed";
    color="#888888";
    "module.net.aws_subnet.a" [label="aws_subnet.a"];
  }
  "aws_eip.a" -> "aws_eip.b" [color="#d62728", penwidth="2"];
  "aws_eip.b" -> "aws_eip.a" [color="#d62728", penwidth="2"];
  "aws_instance.web" -> "data.aws_ami.ubuntu";
  "aws_instance.web" -> "module.net.aws_subnet.a";
  "aws_lb_target_group_attachment.web" -> "aws_instance.web";
  "module.net.aws_subnet.a" -> "aws_vpc.main";
  "aws_lb_target_group.gone" [label="aws_lb_target_group.gone\\n(not in state)", style="dashed", color="#999999", fontcolor="#999999"];
  "aws_lb_target_group_attachment.web" -> "aws_lb_target_group.gone" [style="dashed", color="#999999"];
}
`);
  });

  it('limits the export to a neighbourhood and emphasises the focus', () => {
    const f = focus(graph, 'module.net.aws_subnet.a');
    const dot = renderGraphDot(graph, { include: neighbourhoodNodes(graph, f, 1), focus: f });
    expect(dot).toContain('"module.net.aws_subnet.a" [label="aws_subnet.a", penwidth="2", style="rounded,filled", fillcolor="#fff3c4"];');
    expect(dot).not.toContain('aws_eip');
    expect(dot).not.toContain('data.aws_ami.ubuntu');
  });
});

describe('renderGraphMermaid', () => {
  it('draws modules as subgraphs and styles cycle links', () => {
    expect(renderGraphMermaid(graph)).toBe(`flowchart LR
  n0["data.aws_ami.ubuntu"]
  n1["aws_eip.a"]
  n2["aws_eip.b"]
  n3["aws_instance.web<br/>2 instances"]
  n4["aws_lb_target_group_attachment.web"]
  n5["aws_vpc.main"]
  subgraph m0["module.net"]
    n6["aws_subnet.a"]
  end
  n1 --> n2
  n2 --> n1
  n3 --> n0
  n3 --> n6
  n4 --> n3
  n6 --> n5
  x0["aws_lb_target_group.gone<br/>(not in state)"]:::missing
  n4 -.-> x0
  linkStyle 0,1 stroke:#d62728,stroke-width:2px
  classDef missing stroke-dasharray:5 5,color:#999999
`);
  });
});

describe('graphToJson', () => {
  it('lists nodes with instances, edges flagged on cycles, dangling entries, cycles and modules', () => {
    const json = graphToJson(graph);
    expect(json.nodes[3]).toEqual({
      address: 'aws_instance.web',
      module: '',
      mode: 'managed',
      type: 'aws_instance',
      name: 'web',
      instances: ['aws_instance.web[0]', 'aws_instance.web[1]'],
      module_instances: [''],
    });
    expect(json.edges.filter((e) => e.cycle)).toEqual([
      { from: 'aws_eip.a', to: 'aws_eip.b', cycle: true },
      { from: 'aws_eip.b', to: 'aws_eip.a', cycle: true },
    ]);
    expect(json.dangling).toEqual([{ from: 'aws_lb_target_group_attachment.web', to: 'aws_lb_target_group.gone', instances: ['aws_lb_target_group_attachment.web'] }]);
    expect(json.cycles).toEqual([{ path: ['aws_eip.a', 'aws_eip.b', 'aws_eip.a'], members: ['aws_eip.a', 'aws_eip.b'], selfLoop: false }]);
    expect(json.modules).toEqual({
      address: '',
      resources: 6,
      instances: 7,
      module_instances: [''],
      children: [{ address: 'module.net', resources: 1, instances: 1, module_instances: ['module.net'], children: [] }],
    });
  });

  it('serialises to one JSON document with a trailing newline', () => {
    const text = renderGraphJson(graph);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(graphToJson(graph));
  });
});
