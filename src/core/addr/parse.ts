/**
 * The meaning layer of address parsing: traversal steps (traversal.ts) to
 * module paths, resources and instances, with Terraform's grammar and
 * messages (§4.1 of terraform-state.md):
 *
 * ```
 * address       := module_path? resource_part?            (at least one part)
 * module_path   := "module." NAME key? ("." "module." NAME key?)*
 * resource_part := ("data." | "ephemeral." | "list." | "resource.")? TYPE "." NAME key?
 * key           := "[" INTEGER "]" | "[" STRING_LITERAL "]"
 * ```
 *
 * Prefix parsers (`moduleInstancePrefix`) return the index of the first
 * unconsumed step, so resource and provider parsers build on them.
 */

import { fail, ok, type Diagnostic, type Result } from '../diag/diagnostic.js';
import { ADDR_CODES, addrError } from './addr-diag.js';
import { parsePlainModuleInstance } from './plain-module.js';
import { parseTraversal, type Traversal, type TraversalKey } from './traversal.js';
import {
  intKey,
  NO_KEY,
  ROOT_MODULE,
  stringKey,
  type AbsResource,
  type AbsResourceInstance,
  type InstanceKey,
  type ModuleInstance,
  type ModuleInstanceStep,
  type ResourceMode,
  type Target,
} from './types.js';

/** Resource-part roots that need the `resource.` prefix to be used as a resource type. */
export const RESERVED_RESOURCE_ROOTS: ReadonlySet<string> = new Set([
  'count', 'each', 'local', 'module', 'path', 'self', 'terraform', 'var', 'template', 'lazy', 'arg',
]);

const WHOLE_NUMBER = `value must be a whole number, between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`;

/** A module path read from the front of a traversal, and where the rest starts. */
export interface ModulePrefix {
  readonly module: ModuleInstance;
  /** Index of the first step not consumed (== traversal length when all were). */
  readonly rest: number;
}

function keyOf(key: TraversalKey): InstanceKey | undefined {
  if (key.kind === 'string') return stringKey(key.value);
  return key.value === undefined ? undefined : intKey(key.value);
}

/**
 * Reads `module.NAME[KEY]` steps from the front of `steps` (Terraform's
 * `parseModuleInstancePrefix`). Stops at the first name that is not
 * `module`; an empty prefix (root module) is fine. Errors: `module` not
 * followed by a name, an index where a name belongs, a number key that is
 * not a safe whole number. `input` is attached to diagnostics.
 */
export function moduleInstancePrefix(steps: Traversal, input: string): Result<ModulePrefix> {
  const bad = (detail: string) => fail<ModulePrefix>(addrError(ADDR_CODES.module, 'Invalid address operator', detail, input));
  const module: ModuleInstanceStep[] = [];
  let i = 0;
  while (i < steps.length) {
    const step = steps[i]!;
    if (step.kind !== 'name') return bad('Module address prefix must be followed by dot and then a name.');
    if (step.name !== 'module') break;
    i++;
    const nameStep = steps[i];
    if (nameStep === undefined || nameStep.kind !== 'name') return bad('Prefix "module." must be followed by a module name.');
    i++;
    let key: InstanceKey = NO_KEY;
    const idx = steps[i];
    if (idx !== undefined && idx.kind === 'index') {
      const k = keyOf(idx.key);
      if (k === undefined) return bad(`Invalid module index: ${WHOLE_NUMBER}.`);
      key = k;
      i++;
    }
    module.push({ name: nameStep.name, key });
  }
  return ok({ module: module.length === 0 ? ROOT_MODULE : module, rest: i });
}

/**
 * Reads the resource part (`[data.|ephemeral.|list.|resource.]TYPE.NAME[KEY]`)
 * from `steps[start..]` under `module`, to the end of the traversal. The
 * result has `key` = NO_KEY when none was written.
 */
function resourceInstanceUnder(
  module: ModuleInstance,
  steps: Traversal,
  start: number,
  input: string,
): Result<AbsResourceInstance> {
  const bad = (detail: string) => fail<AbsResourceInstance>(addrError(ADDR_CODES.resource, 'Invalid address', detail, input));
  let i = start;
  let mode: ResourceMode = 'managed';
  const root = steps[i];
  if (root !== undefined && root.kind === 'name') {
    switch (root.name) {
      case 'data':
      case 'ephemeral':
      case 'list':
        mode = root.name;
        i++;
        break;
      case 'resource':
        i++;
        break;
      default:
        if (RESERVED_RESOURCE_ROOTS.has(root.name)) {
          return bad(
            `The keyword "${root.name}" is reserved and cannot be used to target a resource address. If you are targeting a resource type that uses a reserved keyword, please prefix your address with "resource.".`,
          );
        }
    }
  }
  if (steps.length - i < 2) return bad('Resource specification must include a resource type and name.');
  const typeStep = steps[i]!;
  if (typeStep.kind !== 'name') {
    const what = { managed: 'A resource type name', data: 'A data source name', ephemeral: 'An ephemeral resource type name', list: 'A list resource type name' }[mode];
    return bad(`${what} is required.`);
  }
  const nameStep = steps[i + 1]!;
  if (nameStep.kind !== 'name') return bad('A resource name is required.');
  i += 2;
  const resource = { mode, type: typeStep.name, name: nameStep.name };
  const remaining = steps.length - i;
  if (remaining === 0) return ok({ module, resource, key: NO_KEY });
  if (remaining > 1) return bad('Unexpected extra operators after address.');
  const last = steps[i]!;
  if (last.kind !== 'index') return bad('Resource instance key must be given in square brackets.');
  const key = keyOf(last.key);
  if (key === undefined) return bad(`Invalid resource instance key: ${WHOLE_NUMBER}.`);
  return ok({ module, resource, key });
}

function targetFromSteps(steps: Traversal, input: string): Result<Target> {
  const prefix = moduleInstancePrefix(steps, input);
  if (!prefix.ok) return prefix;
  const { module, rest } = prefix.value;
  if (rest === steps.length) return ok({ kind: 'module', module });
  const inst = resourceInstanceUnder(module, steps, rest, input);
  if (!inst.ok) return inst;
  const addr = inst.value;
  // A target without a key means the whole resource (Terraform's ParseTarget).
  if (addr.key.kind === 'none') return ok({ kind: 'resource', addr: { module: addr.module, resource: addr.resource } });
  return ok({ kind: 'instance', addr });
}

/**
 * Parses a CLI address argument (Terraform's `ParseTargetStr`): a module
 * instance (`module.a["x"]`), a whole resource (`aws_instance.web`, no key)
 * or one instance (`aws_instance.web[0]`). Never throws; every problem is an
 * `addr.*` diagnostic with Terraform's summary and detail.
 */
export function parseTarget(str: string): Result<Target> {
  const t = parseTraversal(str);
  if (!t.ok) return t;
  return targetFromSteps(t.value, str);
}

function kindError(detail: string, input: string): Diagnostic {
  return addrError(ADDR_CODES.kind, 'Invalid address', detail, input);
}

/**
 * Parses a resource address with no instance key (Terraform's
 * `ParseAbsResourceStr`). A keyed instance or a bare module path is an
 * `addr.wrong-kind` error.
 */
export function parseAbsResource(str: string): Result<AbsResource> {
  const t = parseTarget(str);
  if (!t.ok) return t;
  switch (t.value.kind) {
    case 'resource':
      return ok(t.value.addr);
    case 'instance':
      return fail(kindError('A resource address is required. This instance key identifies a specific resource instance, which is not expected here.', str));
    case 'module':
      return fail(kindError('A resource address is required here. The module path must be followed by a resource specification.', str));
  }
}

/**
 * Parses a resource instance address (Terraform's
 * `ParseAbsResourceInstanceStr`). An address without a key means the
 * no-key instance. A bare module path is an `addr.wrong-kind` error.
 */
export function parseAbsResourceInstance(str: string): Result<AbsResourceInstance> {
  const t = parseTarget(str);
  if (!t.ok) return t;
  switch (t.value.kind) {
    case 'resource':
      return ok({ module: t.value.addr.module, resource: t.value.addr.resource, key: NO_KEY });
    case 'instance':
      return ok(t.value.addr);
    case 'module':
      return fail(
        kindError('A resource instance address is required here. The module path must be followed by a resource instance specification.', str),
      );
  }
}

/**
 * Parses a module instance path, as stored in a state file resource's
 * `module` field (Terraform's `ParseModuleInstanceStr`). The empty string is
 * the root module (the field is omitted or empty for root resources).
 * Anything after the module steps is an `addr.invalid-module` error.
 */
export function parseModuleInstance(str: string): Result<ModuleInstance> {
  if (str === '') return ok(ROOT_MODULE);
  const plain = parsePlainModuleInstance(str);
  if (plain !== null) return ok(plain);
  const t = parseTraversal(str);
  if (!t.ok) return t;
  const prefix = moduleInstancePrefix(t.value, str);
  if (!prefix.ok) return prefix;
  const { module, rest } = prefix.value;
  if (rest === t.value.length) return ok(module);
  const detail =
    rest === 0
      ? 'A module instance address must begin with "module.".'
      : 'The module instance address is followed by additional invalid content.';
  return fail(addrError(ADDR_CODES.module, 'Invalid module instance address', detail, str));
}

/**
 * Parses one entry of an instance's `dependencies` list. Terraform reads it
 * as a resource address (no instance key) and keeps only its configuration
 * form, so module instance keys are dropped: `module.a[0].t.x` yields
 * `module.a.t.x` (§1.4). The result's module steps all have NO_KEY.
 */
export function parseConfigResourceDependency(str: string): Result<AbsResource> {
  const r = parseAbsResource(str);
  if (!r.ok) return r;
  const { module, resource } = r.value;
  if (module.every((s) => s.key.kind === 'none')) return r;
  return ok({ module: module.map((s) => (s.key.kind === 'none' ? s : { name: s.name, key: NO_KEY })), resource });
}
