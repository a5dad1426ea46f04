/**
 * Audit checks on the dependency graph: cycles, self-dependencies, dangling
 * and invalid dependency entries.
 */
import { findDependencyCycles } from '../graph/cycles.js';
import { GRAPH_CODES } from '../graph/build.js';
import type { ResourceGraph } from '../graph/types.js';
import type { Finding } from './types.js';

/**
 * Findings for the dependency graph: TFS001 per cycle (members in path
 * order), TFS002 per self-dependency, TFS003 per dangling dependency (both
 * ends named), TFS004 per unparseable entry. In graph order.
 */
export function graphFindings(graph: ResourceGraph): Finding[] {
  const out: Finding[] = [];
  for (const c of findDependencyCycles(graph)) {
    const first = c.path[0]!;
    if (c.selfLoop) {
      out.push({
        code: 'TFS002',
        severity: 'error',
        address: first,
        message: `${first} lists itself in its recorded dependencies.`,
        remedy: `Run "terraform apply" so Terraform records the dependencies again from configuration, or remove the entry naming ${first} from its dependencies.`,
      });
      continue;
    }
    const extra = c.members.filter((m) => !c.path.includes(m));
    out.push({
      code: 'TFS001',
      severity: 'error',
      address: first,
      message:
        `Recorded dependencies form a cycle: ${c.path.join(' -> ')}.` +
        (extra.length > 0 ? ` The same cycle group also contains ${extra.join(', ')}.` : '') +
        ' Terraform cannot order a destroy of these resources.',
      remedy:
        'Check the configuration for references or depends_on that point both ways, then run "terraform apply" so the recorded dependencies are rewritten.',
      related: c.members,
    });
  }
  for (const d of graph.dangling) {
    out.push({
      code: 'TFS003',
      severity: 'warning',
      address: d.from,
      message: `${d.from} depends on ${d.to}, which is not in the state (named by ${d.instances.join(', ')}).`,
      remedy: `If ${d.to} was removed on purpose, the next "terraform apply" drops the entry; if it was moved, record the move with "tfstate mv" so dependencies follow it.`,
      related: [d.to],
    });
  }
  for (const diag of graph.diagnostics) {
    if (diag.code !== GRAPH_CODES.invalidDependency) continue;
    out.push({
      code: 'TFS004',
      severity: 'warning',
      address: diag.address ?? '',
      message: diag.detail,
      remedy: 'Remove the entry from the dependencies list; Terraform records it again on the next apply.',
    });
  }
  return out;
}
