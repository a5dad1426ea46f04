/**
 * Secrets in plain text: sensitive outputs and sensitive attribute values
 * present in the state file. Reports counts and paths, never values.
 */
import { formatAbsResource } from '../addr/index.js';
import type { StateSnapshot } from '../state/types.js';
import { decodedAttributes, formatSensitivePath, sensitivePaths, valueAtPath } from './attributes.js';
import type { Finding } from './types.js';

/** How many paths a finding lists before summarising. */
const MAX_PATHS = 10;

/**
 * TFS040 per sensitive root output that has a value; TFS041 per resource
 * whose instances hold values (not null) at `sensitive_attributes` paths,
 * with the number of values and the distinct paths. Never includes a value.
 * Pure.
 */
export function secretFindings(snapshot: StateSnapshot): Finding[] {
  const out: Finding[] = [];
  for (const o of snapshot.outputs) {
    if (!o.sensitive || o.value === null) continue;
    out.push({
      code: 'TFS040',
      severity: 'warning',
      address: `output.${o.name}`,
      message: `Output ${o.name} is marked sensitive, yet its value is stored in plain text in the state file.`,
      remedy: 'Keep the state where only the people who may see the value can read it (an encrypted bucket with a narrow policy), or stop exposing the value as an output.',
    });
  }
  for (const entry of snapshot.resources) {
    let count = 0;
    const instances = new Set<string>();
    const paths = new Set<string>();
    for (const obj of entry.instances) {
      const declared = sensitivePaths(obj);
      if (declared.length === 0) continue;
      const attributes = decodedAttributes(obj);
      for (const path of declared) {
        const v = valueAtPath(attributes, path);
        if (v === undefined || v === null) continue;
        count++;
        paths.add(formatSensitivePath(path));
        instances.add(`${obj.key.kind}:${obj.key.kind === 'none' ? '' : obj.key.value}:${obj.deposed}`);
      }
    }
    if (count === 0) continue;
    const address = formatAbsResource({ module: entry.module, resource: { mode: entry.mode, type: entry.type, name: entry.name } });
    const listed = [...paths].slice(0, MAX_PATHS).join(', ') + (paths.size > MAX_PATHS ? `, ... (${paths.size - MAX_PATHS} more)` : '');
    out.push({
      code: 'TFS041',
      severity: 'info',
      address,
      message: `${address}: ${count} sensitive value${count === 1 ? '' : 's'} in ${instances.size} instance object${instances.size === 1 ? '' : 's'} stored in plain text, at ${listed}.`,
      remedy: 'Terraform always stores these values; protect the state itself (encryption at rest, narrow read access) and rotate any value that leaked.',
    });
  }
  return out;
}
