/**
 * Read commands: `list`, `show`, `pull`. They never lock (as Terraform's
 * `state list`/`state pull`) and never write.
 */
import { error, type Diagnostic } from '../../core/diag/index.js';
import { formatAbsResourceInstance, formatKey, formatModuleInstance, formatTarget, parseTarget } from '../../core/addr/index.js';
import { tfstateCommand } from '../../core/audit/shell.js';
import { NO_KEY, type Target } from '../../core/addr/types.js';
import { findResource, instanceAddr, instanceKeys, listInstances, objectsOf } from '../../core/state/query.js';
import { attributesOf, showInstanceText, statusText } from '../../core/state/render.js';
import { maskPaths, parseLossless, printJson as printNode } from '../../core/state/lossless-json.js';
import { rawText } from '../../core/statefile/index.js';
import { readState } from '../context.js';
import type { GlobalOptions } from '../options.js';
import { printJson, printRecovered, reportFailure, reportWarnings, warningsJson, type OutputOptions, type Streams } from '../output.js';

function parseAll(addresses: readonly string[]): { targets: Target[]; diags: Diagnostic[] } {
  const targets: Target[] = [];
  const diags: Diagnostic[] = [];
  for (const a of addresses) {
    const t = parseTarget(a);
    if (t.ok) targets.push(t.value);
    else diags.push(...t.diags);
  }
  return { targets, diags };
}

/** `tfstate list [ADDRESS...] [--id ID]`: Terraform's `state list`, exactly. */
export async function listCommand(s: Streams, o: OutputOptions, g: GlobalOptions, addresses: string[], id?: string): Promise<number> {
  const parsed = parseAll(addresses);
  if (parsed.diags.length > 0) return reportFailure(s, o, parsed.diags);
  const st = await readState(g);
  if (!st.ok) return reportFailure(s, o, st.diags);
  printRecovered(s, o, st.value.recovered);
  const warnings = st.value.warnings;
  const r = listInstances(st.value.snapshot, parsed.targets, id);
  if (r.diags.length > 0) return reportFailure(s, o, [...r.diags, ...warnings]);
  reportWarnings(s, o, warnings, true);
  const lines = r.instances.map(formatAbsResourceInstance);
  if (o.json) printJson(s, { location: st.value.location.display, environment: st.value.location.envName, addresses: lines, warnings: warningsJson(warnings) });
  else if (lines.length > 0) s.out(lines.join('\n') + '\n');
  return 0;
}

/** `tfstate pull`: the state's exact bytes (warnings go to stderr, even with --json: stdout is the state). */
export async function pullCommand(s: Streams, o: OutputOptions, g: GlobalOptions): Promise<number> {
  const st = await readState(g);
  if (!st.ok) return reportFailure(s, o, st.diags);
  printRecovered(s, o, st.value.recovered);
  reportWarnings(s, o, st.value.warnings);
  s.out(new TextDecoder().decode(st.value.bytes));
  return 0;
}

/** `tfstate show ADDRESS [--show-sensitive]`: one instance, sensitive values masked. */
export async function showCommand(s: Streams, o: OutputOptions, g: GlobalOptions, address: string, reveal: boolean): Promise<number> {
  if (address.startsWith('output.')) return showOutput(s, o, g, address.slice('output.'.length), reveal);
  const t = parseTarget(address);
  if (!t.ok) return reportFailure(s, o, t.diags);
  // Messages name the address as parsed (normalised, so stray spaces or odd spellings are not echoed).
  const named = formatTarget(t.value);
  if (t.value.kind === 'module') {
    return reportFailure(s, o, [error('usage.show-module', 'Invalid address for show', `${named} is a module; show needs one resource instance address. List what is inside with: ${tfstateCommand('list', named)}`)]);
  }
  const st = await readState(g);
  if (!st.ok) return reportFailure(s, o, st.diags);
  printRecovered(s, o, st.value.recovered);
  const warnings = st.value.warnings;
  const snap = st.value.snapshot;
  const res = t.value.addr;
  const r = findResource(snap, { module: res.module, resource: res.resource });
  const key = t.value.kind === 'instance' ? t.value.addr.key : NO_KEY;
  const objs = r ? objectsOf(r, key) : [];
  if (!r || objs.length === 0) {
    if (r && t.value.kind === 'resource') {
      const keys = instanceKeys(r).map((k) => formatAbsResourceInstance(instanceAddr(r, k)));
      return reportFailure(s, o, [error('show.needs-instance', 'Resource has several instances', `${named} uses count or for_each; show one of its instances: ${keys.join(', ')}`, named), ...warnings]);
    }
    return reportFailure(s, o, [error('state.unknown-instance', 'Unknown resource instance', `The current state contains no resource instance ${named}. List the available ones with: tfstate list`, named), ...warnings]);
  }
  reportWarnings(s, o, warnings, true);
  const addr = formatAbsResourceInstance(instanceAddr(r, key));
  if (o.json) {
    const docs = objs.map((obj) => {
      const meta = JSON.stringify({
        address: addr,
        module: formatModuleInstance(r.module),
        mode: r.mode,
        type: r.type,
        name: r.name,
        index_key: key.kind === 'none' ? null : key.value,
        provider: r.provider || obj.provider,
        status: obj.status,
        deposed: obj.deposed || null,
        schema_version: obj.schemaVersion,
        dependencies: obj.dependencies,
        create_before_destroy: obj.createBeforeDestroy,
      });
      const attrs = printNode(maskLabels(attributesOf(obj, reveal)), 1);
      return meta.slice(0, -1) + `,"attributes":${attrs}}`;
    });
    s.out(`{"location":${JSON.stringify(st.value.location.display)},"objects":[${docs.join(',')}],"warnings":${JSON.stringify(warningsJson(warnings))}}\n`);
    return 0;
  }
  const blocks = objs.map((obj) => {
    const head = [`# provider: ${r.provider || obj.provider}`, `# status: ${statusText(obj)}`, `# schema_version: ${obj.schemaVersion}`];
    if (obj.dependencies.length > 0) head.push(`# dependencies: ${obj.dependencies.join(', ')}`);
    if (obj.createBeforeDestroy) head.push('# create_before_destroy: true');
    return showInstanceText(r, obj, reveal) + '\n' + head.join('\n');
  });
  s.out(blocks.join('\n\n') + '\n');
  return 0;
}

function maskLabels(n: ReturnType<typeof attributesOf>): ReturnType<typeof attributesOf> {
  // In JSON the mask must be a valid value: a string.
  return maskPaths(n, []) && replaceMasks(n);
}

function replaceMasks(n: ReturnType<typeof attributesOf>): ReturnType<typeof attributesOf> {
  switch (n.t) {
    case 'masked':
      return { t: 'str', v: n.label };
    case 'arr':
      return { t: 'arr', items: n.items.map(replaceMasks) };
    case 'obj':
      return { t: 'obj', entries: n.entries.map(([k, v]) => [k, replaceMasks(v)]) };
    default:
      return n;
  }
}

async function showOutput(s: Streams, o: OutputOptions, g: GlobalOptions, name: string, reveal: boolean): Promise<number> {
  const st = await readState(g);
  if (!st.ok) return reportFailure(s, o, st.diags);
  printRecovered(s, o, st.value.recovered);
  const warnings = st.value.warnings;
  const out = st.value.snapshot.outputs.find((x) => x.name === name);
  if (!out) return reportFailure(s, o, [error('show.unknown-output', 'Unknown output', `The state has no root output named ${JSON.stringify(name)}.`), ...warnings]);
  reportWarnings(s, o, warnings, true);
  const value = out.value ? parseLossless(rawText(out.value)) : { t: 'null' as const };
  const shown = out.sensitive && !reveal ? { t: 'masked' as const, label: '(sensitive)' } : value;
  if (o.json) s.out(`{"name":${JSON.stringify(name)},"sensitive":${out.sensitive},"value":${printNode(replaceMasks(shown), 0)},"warnings":${JSON.stringify(warningsJson(warnings))}}\n`);
  else s.out(`output.${name} = ${printNode(shown, 0)}\n`);
  return 0;
}

/** `[key]` text for messages. */
export const keyText = formatKey;
