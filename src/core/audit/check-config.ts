/**
 * Audit checks against configuration: orphans, key mismatches, import
 * candidates, unchecked modules, unreadable configuration and reference
 * cycles.
 */
import { at } from '../config/extract.js';
import { compareStateWithConfig } from '../config/compare.js';
import { findConfigCycles } from '../config/reference-graph.js';
import type { ConfigTree } from '../config/types.js';
import type { StateSnapshot } from '../state/types.js';
import { tfstateCommand } from './shell.js';
import type { Finding } from './types.js';

function instancesText(instances: readonly string[]): string {
  return instances.length <= 1 ? '' : ` (${instances.length} instances: ${instances.slice(0, 5).join(', ')}${instances.length > 5 ? ', ...' : ''})`;
}

/**
 * Findings from comparing the state with the configuration: TFS010/TFS011
 * orphans Terraform would destroy or drop, TFS012/TFS013 orphans a
 * `moved`/`removed` block accounts for, TFS014 key mismatches, TFS015
 * import candidates (info when `count`/`for_each` may legitimately make
 * zero instances) with an `import {}` skeleton in the remedy, TFS016
 * unchecked module calls. Pure.
 */
export function orphanFindings(snapshot: StateSnapshot, tree: ConfigTree): Finding[] {
  const cmp = compareStateWithConfig(snapshot, tree);
  const out: Finding[] = [];
  for (const o of cmp.orphans) {
    const what = o.missing === 'module' ? `its module call ${o.missingModule} is not in the configuration` : 'it has no block in the configuration';
    const d = o.disposition;
    if (d.kind === 'moved') {
      out.push({
        code: 'TFS012',
        severity: 'info',
        address: o.address,
        message: `${o.address}${instancesText(o.instances)}: ${what}; the moved block at ${at(d.location)} moves it to ${d.to}.`,
        remedy: `Nothing to do; the next apply records the move. To record it in the state now, run: ${tfstateCommand('mv', d.from, d.to)}`,
        location: d.location,
      });
    } else if (d.kind === 'removed') {
      out.push({
        code: 'TFS013',
        severity: 'info',
        address: o.address,
        message: `${o.address}${instancesText(o.instances)}: ${what}; the removed block at ${at(d.location)} ${d.destroy ? 'destroys it' : 'removes it from the state without destroying it'}.`,
        remedy: d.destroy
          ? 'Check that destroying it is intended; set lifecycle { destroy = false } in the removed block to keep the object.'
          : `Nothing to do; the next apply forgets it. To forget it now, run: ${tfstateCommand('rm', o.address)}`,
        location: d.location,
      });
    } else if (o.mode === 'data') {
      out.push({
        code: 'TFS011',
        severity: 'info',
        address: o.address,
        message: `${o.address}: ${what}; Terraform drops this data source from the state on the next apply.`,
        remedy: 'Nothing to do; a data source owns no object.',
      });
    } else {
      out.push({
        code: 'TFS010',
        severity: 'error',
        address: o.address,
        message: `${o.address}${instancesText(o.instances)}: ${what}; the next apply destroys it.`,
        remedy:
          'Restore its block, or add a moved block if it was renamed. To keep the object but stop managing it, add\n' +
          `removed {\n  from = ${o.missing === 'module' ? o.missingModule : o.configAddress}\n  lifecycle {\n    destroy = false\n  }\n}\n` +
          `or run: ${tfstateCommand('rm', o.address)}`,
      });
    }
  }
  for (const k of cmp.keyMismatches) {
    const want = k.expects === 'none' ? 'neither count nor for_each' : k.expects;
    out.push({
      code: 'TFS014',
      severity: 'warning',
      address: k.address,
      message: `${k.address} has a key that does not fit its block at ${at(k.location)}, which uses ${want}; the next apply destroys this instance and creates others.`,
      remedy: `Move it to a key that fits with a moved block, or run: ${tfstateCommand('mv', k.address, 'NEW_ADDRESS')}`,
      location: k.location,
    });
  }
  for (const c of cmp.importCandidates) {
    out.push({
      code: 'TFS015',
      severity: c.repeated ? 'info' : 'warning',
      address: c.address,
      message: `${c.address} (${at(c.location)}) has no instance in the state; the next apply creates it${c.repeated ? ', unless its count or for_each is empty' : ''}.`,
      remedy: `If the object already exists, import it by adding this block and running "terraform apply":\n${c.skeleton}`,
      location: c.location,
    });
  }
  for (const u of cmp.unchecked) {
    out.push({
      code: 'TFS016',
      severity: 'info',
      address: u.address,
      message: `${u.address} (${at(u.location)}, source ${u.source === null ? 'not a literal' : JSON.stringify(u.source)}) was not checked: ${u.reason}. ${u.stateResources} state resource ${u.stateResources === 1 ? 'entry' : 'entries'} under it ${u.stateResources === 1 ? 'was' : 'were'} not compared.`,
      remedy: 'Check the module with its own configuration, or vendor it under a local path.',
      location: u.location,
    });
  }
  return out;
}

/** TFS017 for each problem met while reading the configuration (syntax errors, duplicates, skipped files). */
export function configReadFindings(tree: ConfigTree): Finding[] {
  return tree.diagnostics.map((d) => ({
    code: 'TFS017',
    severity: 'warning' as const,
    address: d.address ?? '',
    message: `${d.summary}: ${d.detail}`,
    remedy: 'Fix the configuration (see "terraform validate"), then audit again.',
  }));
}

/** TFS020 for each reference cycle in the configuration, with the file and line of every reference on it. */
export function configCycleFindings(tree: ConfigTree): Finding[] {
  return findConfigCycles(tree).map((c) => {
    const steps = c.edges.map((e) => `${e.from} -> ${e.to} (${at(e.location)}${e.implicit ? ', module expansion' : ''})`);
    const self = c.path.length === 2;
    return {
      code: 'TFS020',
      severity: 'error' as const,
      address: c.path[0]!,
      message: self
        ? `${c.path[0]} refers to itself at ${at(c.edges[0]!.location)}; Terraform refuses to plan it.`
        : `Configuration references form a cycle that Terraform reports when it plans: ${steps.join('; ')}.`,
      remedy: 'Break the cycle: move one of the values into a separate resource, a variable or a data source, so that one side no longer refers to the other.',
      location: c.edges[0]!.location,
      related: c.members,
    };
  });
}
