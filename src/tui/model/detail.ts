/**
 * The detail view's lines for one resource instance: provider, status
 * (tainted, deposed objects), dependencies and dependents (as links), and
 * the attributes of every object with sensitive values masked unless the
 * user revealed them.
 */
import { showInstanceText, statusText } from '../../core/state/render.js';
import { objectsOf } from '../../core/state/query.js';
import { line, type Line } from './lines.js';
import { graphOf, type StateIndex } from './state-index.js';

/** What the detail pane shows for `address` (an instance address). */
export function detailLines(index: StateIndex, address: string, reveal: boolean): Line[] {
  const at = index.byAddress.get(address);
  if (at === undefined) return [line(`${address} is no longer in the state.`, 'warn'), line('Press esc to go back.', 'dim')];
  const e = index.entries[at];
  const r = e.resource;
  const objects = objectsOf(r, e.key);
  const current = objects.find((o) => o.deposed === '');
  // The pane's title names the address.
  const out: Line[] = [line(`  provider      ${r.provider || '(from the instance)'}`)];
  const status = current ? statusText(current) : 'no current object';
  const deposed = objects.filter((o) => o.deposed !== '').length;
  out.push(line(`  status        ${status}${deposed > 0 ? `, ${deposed} deposed object${deposed === 1 ? '' : 's'}` : ''}`, current?.status === 'tainted' || deposed > 0 ? 'warn' : 'plain'));
  if (current) {
    out.push(line(`  schema        ${current.schemaVersion}`));
    if (current.createBeforeDestroy) out.push(line('  lifecycle     create_before_destroy'));
  }

  const graph = graphOf(index.snapshot);
  const node = graph.indexOf.get(e.configKey);
  const deps = node === undefined ? [] : graph.dependencies[node].map((i) => graph.nodes[i]);
  const dangling = graph.dangling.filter((d) => d.from === e.configKey);
  const dependents = node === undefined ? [] : graph.dependents[node].map((i) => graph.nodes[i]);
  out.push(line(''));
  out.push(line(`Depends on (${deps.length + dangling.length})`, 'heading'));
  for (const d of deps) out.push(line(`  → ${d.key}`, 'plain', d.instances[0] ?? d.key));
  for (const d of dangling) out.push(line(`  → ${d.to} (absent from the state)`, 'warn'));
  if (deps.length + dangling.length === 0) out.push(line('  (none recorded)', 'dim'));
  out.push(line(`Depended on by (${dependents.length})`, 'heading'));
  for (const d of dependents) out.push(line(`  ← ${d.key}`, 'plain', d.instances[0] ?? d.key));
  if (dependents.length === 0) out.push(line('  (none recorded)', 'dim'));

  for (const o of [...(current ? [current] : []), ...objects.filter((x) => x.deposed !== '')]) {
    out.push(line(''));
    out.push(line(o.deposed ? `Deposed object ${o.deposed}` : `Attributes${reveal ? ' (sensitive values revealed)' : ' (sensitive values masked; s reveals)'}`, 'heading'));
    // The first line of showInstanceText repeats the address.
    for (const t of showInstanceText(r, o, reveal).split('\n').slice(1)) out.push(line(`  ${t}`, t.includes('(sensitive)') ? 'dim' : 'plain'));
  }
  return out;
}
