/**
 * Resolving a user-supplied address to a graph node.
 */
import { parseTarget } from '../addr/index.js';
import { error, fail, ok, type Result } from '../diag/diagnostic.js';
import { configResourceKey } from './build.js';
import type { ResourceGraph } from './types.js';

/** Diagnostic codes for focus resolution. */
export const FOCUS_CODES = {
  notResource: 'graph.focus-not-resource',
  unknown: 'graph.unknown-focus',
} as const;

/**
 * The node index for `address`: a resource (`aws_instance.web`,
 * `module.net["a"].aws_subnet.x`) or a resource instance (its key is
 * ignored). Module keys are dropped, since graph nodes are configuration
 * resources. Errors: the address does not parse (the `addr.*` diagnostic),
 * names a module only (`graph.focus-not-resource`), or names a resource
 * absent from the state (`graph.unknown-focus`).
 */
export function resolveFocus(graph: ResourceGraph, address: string): Result<number> {
  const parsed = parseTarget(address);
  if (!parsed.ok) return parsed;
  const target = parsed.value;
  if (target.kind === 'module') {
    return fail(
      error(
        FOCUS_CODES.notResource,
        'Focus must be a resource',
        `"${address}" is a module address. Give a resource address, such as ${address === '' ? '' : `${address}.`}aws_instance.example, to show its dependencies.`,
        address,
      ),
    );
  }
  const key = configResourceKey(target.addr.module, target.addr.resource);
  const index = graph.indexOf.get(key);
  if (index === undefined) {
    return fail(
      error(
        FOCUS_CODES.unknown,
        'Resource not in state',
        `The state has no resource ${key}. Run "tfstate list" to see the resources it has.`,
        address,
      ),
    );
  }
  return ok(index);
}
