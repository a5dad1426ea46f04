/**
 * Terraform's wording for surgery errors, in one place so tests can pin them.
 */
import { error, type Diagnostic } from '../diag/index.js';

const untouched = 'No state was persisted. Your existing states are untouched.';

/** The source address matched nothing. */
export function noSourceMatch(from: string, hint = ''): Diagnostic {
  return error('mv.no-source', 'Invalid source address', `Cannot move ${from}: does not match anything in the current state.${hint}`, from);
}

/** The target kind does not fit the source kind. */
export function targetKindMismatch(from: string, to: string, what: 'module' | 'whole-resource' | 'instance'): Diagnostic {
  const detail =
    what === 'module'
      ? `Cannot move ${from} to ${to}: the target must also be a module.`
      : what === 'whole-resource'
        ? `Cannot move ${from} to ${to}: the source is a whole resource (not a resource instance) so the target must also be a whole resource.`
        : `Cannot move ${from} to ${to}: the target must also be a resource instance.`;
  return error('mv.target-kind', 'Invalid target address', detail, to);
}

/** Mode and/or type mismatch: both problems are reported together, as Terraform does. */
export function resourceMoveMismatch(from: string, to: string, fromMode: string, toMode: string, fromType: string, toType: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (fromMode !== toMode) {
    const kind = fromMode === 'data' ? 'a data resource can be moved only to another data resource address' : 'a managed resource can be moved only to another managed resource address';
    out.push(error('mv.mode-mismatch', 'Invalid state move request', `Cannot move ${from} to ${to}: ${kind}.`, to));
  }
  if (fromType !== toType) out.push(error('mv.type-mismatch', 'Invalid state move request', `Cannot move ${from} to ${to}: resource types don't match.`, to));
  return out;
}

/** The destination resource exists. */
export function destinationResourceExists(to: string): Diagnostic {
  return error('mv.destination-exists', 'Invalid target address', `Cannot move to ${to}: there is already a resource at that address in the current state.`, to);
}

/** The destination instance exists. */
export function destinationInstanceExists(to: string): Diagnostic {
  return error('mv.destination-exists', 'Invalid target address', `Cannot move to ${to}: there is already a resource instance at that address in the current state.`, to);
}

/** The destination module exists. */
export function destinationModuleExists(to: string): Diagnostic {
  return error('mv.destination-exists', 'Destination module already exists', `Cannot move to ${to}: that module already exists in the destination state. Please ensure your addresses and state paths are valid. ${untouched}`, to);
}

/** Our refusal of Terraform's mixed-key quirk (§5.6). */
export function mixedKeys(from: string, to: string, resource: string): Diagnostic {
  return error(
    'mv.mixed-keys',
    'Move would mix keyed and unkeyed instances',
    `Moving ${from} to ${to} would leave ${resource} with both an instance without a key and instances with count/for_each keys. Terraform accepts this move but the result is a state no configuration can match. Move the other instances first (or move the whole resource), so every instance of ${resource} has the same kind of key. ${untouched}`,
    to,
  );
}

/** Our refusal of the module-onto-keyed-siblings quirk (§5.6). */
export function moduleKeyedSiblings(from: string, to: string, siblings: string): Diagnostic {
  return error(
    'mv.module-siblings',
    'Move would mix keyed and unkeyed module instances',
    `Moving ${from} to ${to} would put it beside existing instances of the same module call (${siblings}). Terraform accepts this move but the result mixes keyed and unkeyed instances of one module call, which no configuration can match. Choose a key that fits the existing instances (for example ${to}["name"]) or move the existing instances first. ${untouched}`,
    to,
  );
}
