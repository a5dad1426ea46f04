/**
 * `import ADDRESS ID [--provider ADDR]` (design §3): adds a current object
 * whose attributes hold only `id`, schema_version 0; Terraform fills the rest
 * on the next refresh. The provider comes from `--provider` or is inferred
 * from the resource type.
 */
import { error, fail, ok, type Result } from '../diag/index.js';
import {
  formatAbsResourceInstance,
  formatProviderConfig,
  formatTarget,
  ADDR_CODES,
  impliedProviderType,
  isHclIdentifier,
  keyEquals,
  parseProviderConfig,
  parseProviderSource,
} from '../addr/index.js';
import { NO_KEY, type AbsProviderConfig, type AbsResourceInstance, type Target } from '../addr/types.js';
import type { Framing, InstanceObject, RawJson } from '../state/types.js';
import { goEncode, goQuote } from '../statefile/go-json.js';
import { instanceId } from '../state/query.js';
import * as msg from './messages.js';
import type { PlanStep } from './plan.js';
import { newResource, rebuildResource, type WorkingState } from './working.js';

const enc = new TextEncoder();

/** A raw value made from new JSON text (for objects surgery creates). */
export function rawFromText(text: string, framing: Framing, depth: number): RawJson {
  const bytes = enc.encode(text);
  return { bytes, span: { start: 0, end: bytes.length }, framing, depth };
}

/**
 * Resolves `--provider` or infers one from the type. `--provider` is a
 * provider configuration address (`provider["registry.terraform.io/hashicorp/aws"].west`)
 * or a source with an optional alias (`aws`, `hashicorp/aws.west`,
 * `registry.example.com/acme/thing.eu`): the alias follows the first dot
 * after the last `/`, since a hostname has dots of its own.
 */
export function resolveImportProvider(resourceType: string, provider: string | undefined): Result<AbsProviderConfig> {
  if (provider === undefined) {
    const src = parseProviderSource(impliedProviderType(resourceType));
    if (!src.ok) return fail(src.diags);
    return ok({ module: [], provider: src.value, alias: '' });
  }
  if (provider.startsWith('provider[') || provider.includes('.provider[')) {
    const p = parseProviderConfig(provider);
    if (!p.ok) return fail(p.diags);
    return ok(p.value.config);
  }
  const dot = provider.indexOf('.', provider.lastIndexOf('/') + 1);
  const [source, alias] = dot < 0 ? [provider, ''] : [provider.slice(0, dot), provider.slice(dot + 1)];
  if (dot >= 0 && !isHclIdentifier(alias)) {
    return fail(
      error(
        ADDR_CODES.providerConfig,
        'Invalid provider configuration address',
        `--provider ${goQuote(provider)}: the alias after the provider source must be a name (letters, digits, underscores and dashes, starting with a letter or underscore), as in hashicorp/aws.west.`,
      ),
    );
  }
  const src = parseProviderSource(source);
  if (!src.ok) return fail(src.diags);
  return ok({ module: [], provider: src.value, alias });
}

/**
 * Adds an imported object. Refuses data resources, module targets, and an
 * address that already has a current object. Re-importing the same ID at the
 * same address is a successful no-op (`done`).
 */
export function importObject(ws: WorkingState, target: Target, id: string, provider: string | undefined): Result<PlanStep[]> {
  if (target.kind === 'module') return fail(error('import.not-instance', 'Invalid import address', `${formatTarget(target)} is a module; import needs a resource instance address such as aws_instance.web or aws_instance.web[0].`));
  const addr: AbsResourceInstance = target.kind === 'instance' ? target.addr : { ...target.addr, key: NO_KEY };
  const s = formatAbsResourceInstance(addr);
  if (addr.resource.mode !== 'managed') return fail(error('import.data-resource', 'Invalid import address', `${s} is a data resource; only managed resources can be imported.`, s));
  const res = { module: addr.module, resource: addr.resource };
  const entry = ws.find(res);
  if (entry && entry.instances.some((o) => keyEquals(o.key, addr.key) && o.deposed === '')) {
    if (instanceId(ws.toSnapshot(), addr) === id) return ok([{ op: 'import', line: `${s} already holds ${goQuote(id)}: nothing to import.`, dryLine: `${s} already holds ${goQuote(id)}: nothing to import.`, from: id, to: s, done: true }]);
    return fail(error('import.exists', 'Resource already managed by Terraform', `Terraform is already managing a remote object for ${s}. To import to this address you must first remove the existing object from the state.`, s));
  }
  if (entry && entry.instances.some((o) => (o.key.kind === 'none') !== (addr.key.kind === 'none'))) return fail(msg.mixedKeys(id, s, formatTarget({ kind: 'resource', addr: res })));
  const framing = ws.base.framing;
  const obj: InstanceObject = {
    key: addr.key,
    deposed: '',
    status: 'ready',
    schemaVersion: 0,
    dependencies: [],
    createBeforeDestroy: false,
    provider: '',
    fields: [
      { key: 'attributes', value: rawFromText(goEncode(new Map([['id', id]]), framing, 5), framing, 5) },
      { key: 'sensitive_attributes', value: rawFromText('[]', framing, 5) },
    ],
    origin: null,
  };
  if (entry) ws.replace(rebuildResource(entry, { instances: [...entry.instances, obj] }));
  else {
    const p = resolveImportProvider(addr.resource.type, provider);
    if (!p.ok) return fail(p.diags);
    ws.insert(newResource(res, formatProviderConfig(p.value), [obj], p.value, false));
  }
  return ok([{ op: 'import', line: `Import ${goQuote(id)} to ${goQuote(s)}`, dryLine: `Would import ${goQuote(id)} to ${goQuote(s)}`, from: id, to: s }]);
}
