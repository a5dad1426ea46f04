/**
 * Human renderings of state entries with sensitive values masked: the text
 * `show` prints and the per-resource text that previews diff.
 */
import { formatAbsResource, formatAbsResourceInstance, formatKey } from '../addr/index.js';
import { findField, rawText } from '../statefile/raw.js';
import { maskPaths, parseLossless, printJson, sensitivePathsFrom, type JNode } from './lossless-json.js';
import { instanceAddr, resourceAddr } from './query.js';
import type { InstanceObject, ResourceEntry } from './types.js';

/** The attributes of an object as a lossless tree, sensitive paths masked unless `reveal`. */
export function attributesOf(obj: InstanceObject, reveal: boolean): JNode {
  const raw = findField(obj.fields, 'attributes');
  const flat = findField(obj.fields, 'attributes_flat');
  const node = raw ? parseLossless(rawText(raw)) : flat ? parseLossless(rawText(flat)) : { t: 'obj' as const, entries: [] };
  if (reveal) return node;
  const sens = findField(obj.fields, 'sensitive_attributes');
  const paths = sensitivePathsFrom(sens ? parseLossless(rawText(sens)) : null);
  return maskPaths(node, paths);
}

/** A resource as stable, masked text for per-resource diffs. */
export function resourceDiffText(r: ResourceEntry): string {
  const lines: string[] = [`# ${formatAbsResource(resourceAddr(r))}`, `provider = ${r.provider}`];
  for (const o of r.instances) {
    const head = formatAbsResourceInstance(instanceAddr(r, o.key)) + (o.deposed ? ` (deposed ${o.deposed})` : '') + (o.status === 'tainted' ? ' (tainted)' : '');
    lines.push(`## ${head}`);
    lines.push(`schema_version = ${o.schemaVersion}`);
    if (o.dependencies.length > 0) lines.push(`dependencies = ${JSON.stringify(o.dependencies)}`);
    if (o.createBeforeDestroy) lines.push('create_before_destroy = true');
    lines.push(`attributes = ${printJson(attributesOf(o, false))}`);
  }
  return lines.join('\n') + '\n';
}

/** The `show` text of one instance object, in an HCL-like layout. */
export function showInstanceText(r: ResourceEntry, o: InstanceObject, reveal: boolean): string {
  const addr = formatAbsResourceInstance(instanceAddr(r, o.key));
  const out: string[] = [`# ${addr}:${o.deposed ? ` (deposed object ${o.deposed})` : ''}`];
  out.push(`resource "${r.type}" "${r.name}" {`.replace(/^resource/, r.mode === 'data' ? 'data' : 'resource'));
  const attrs = attributesOf(o, reveal);
  if (attrs.t === 'obj') for (const [k, v] of attrs.entries) out.push(`    ${hclKey(k)} = ${hclValue(v, 1)}`);
  out.push('}');
  return out.join('\n');
}

function hclKey(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : JSON.stringify(k);
}

function hclValue(n: JNode, depth: number): string {
  const pad = '    '.repeat(depth);
  switch (n.t) {
    case 'null':
      return 'null';
    case 'bool':
      return String(n.v);
    case 'num':
      return n.raw;
    case 'str':
      return n.v.includes('\n') && !n.v.includes('EOT') ? `<<-EOT\n${n.v.split('\n').map((l) => pad + '    ' + l).join('\n')}\n${pad}EOT` : JSON.stringify(n.v);
    case 'masked':
      return n.label;
    case 'arr':
      if (n.items.length === 0) return '[]';
      return '[\n' + n.items.map((v) => `${pad}    ${hclValue(v, depth + 1)},`).join('\n') + `\n${pad}]`;
    case 'obj':
      if (n.entries.length === 0) return '{}';
      return '{\n' + n.entries.map(([k, v]) => `${pad}    ${JSON.stringify(k)} = ${hclValue(v, depth + 1)}`).join('\n') + `\n${pad}}`;
  }
}

/** Human status of an object. */
export function statusText(o: InstanceObject): string {
  return o.deposed ? `deposed (${o.deposed})` : o.status === 'tainted' ? 'tainted' : 'ready';
}

/** `[key]` suffix or '' (re-export for renderers). */
export const keySuffix = formatKey;
