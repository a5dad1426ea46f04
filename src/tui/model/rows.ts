/**
 * The rows of the resources view: the module tree (module headers with
 * instance counts, collapsible) or the flat `state list`, over the entries
 * the filter kept. Building is linear in the kept entries; screens render
 * only the visible window of the result.
 */
import type { StateIndex } from './state-index.js';
import type { ListMode } from './types.js';

/** A module header in the tree. */
export interface ModuleRow {
  readonly kind: 'module';
  /** Module instance address, e.g. `module.app["web"]`. */
  readonly address: string;
  /** The last step only, e.g. `module.app["web"]` under its parent. */
  readonly label: string;
  readonly depth: number;
  /** Instances (kept by the filter) in this module and below. */
  readonly count: number;
  readonly collapsed: boolean;
}

/** A resource instance. */
export interface InstanceRow {
  readonly kind: 'instance';
  /** Position in `index.entries`. */
  readonly entry: number;
  readonly depth: number;
  /** The text to show: the full address (flat) or the part after the module (tree). */
  readonly label: string;
}

/** One row of the resources view. */
export type Row = ModuleRow | InstanceRow;

/**
 * Rows for `entries` (ascending positions in `index.entries`). Tree mode
 * relies on `state list` order keeping each module's subtree contiguous,
 * which Terraform's ordering guarantees (module path first). Instances of a
 * collapsed module are hidden; its header still counts them. Pure.
 */
export function buildRows(index: StateIndex, entries: readonly number[], mode: ListMode, collapsed: ReadonlySet<string>): Row[] {
  if (mode === 'flat') return entries.map((i) => ({ kind: 'instance', entry: i, depth: 0, label: index.entries[i].address }));
  const counts = new Map<string, number>();
  for (const i of entries) for (const m of index.entries[i].modules) counts.set(m, (counts.get(m) ?? 0) + 1);
  const rows: Row[] = [];
  let open: readonly string[] = [];
  for (const i of entries) {
    const e = index.entries[i];
    const mods = e.modules;
    let common = 0;
    while (common < open.length && common < mods.length && open[common] === mods[common]) common++;
    for (let d = common; d < mods.length; d++) {
      const address = mods[d];
      // Hidden when an ancestor is collapsed.
      if (!mods.slice(0, d).some((m) => collapsed.has(m))) {
        rows.push({ kind: 'module', address, label: d === 0 ? address : address.slice(mods[d - 1].length + 1), depth: d, count: counts.get(address) ?? 0, collapsed: collapsed.has(address) });
      }
    }
    open = mods;
    if (mods.some((m) => collapsed.has(m))) continue;
    const prefix = mods.length > 0 ? mods[mods.length - 1].length + 1 : 0;
    rows.push({ kind: 'instance', entry: i, depth: mods.length, label: e.address.slice(prefix) });
  }
  return rows;
}

/** The address a row acts on: the module address or the instance address. */
export function rowAddress(index: StateIndex, row: Row): string {
  return row.kind === 'module' ? row.address : index.entries[row.entry].address;
}
