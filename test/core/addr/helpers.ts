/** Test helpers: parse an address or fail the test loudly. */
import {
  parseAbsResource,
  parseAbsResourceInstance,
  parseModuleInstance,
  parseTarget,
  type AbsResource,
  type AbsResourceInstance,
  type ModuleInstance,
  type Target,
} from '../../../src/core/addr/index.js';
import type { Result } from '../../../src/core/diag/diagnostic.js';

function must<T>(r: Result<T>, input: string): T {
  if (!r.ok) throw new Error(`test input ${JSON.stringify(input)} did not parse: ${r.diags.map((d) => d.detail).join('; ')}`);
  return r.value;
}

export const mod = (s: string): ModuleInstance => must(parseModuleInstance(s), s);
export const res = (s: string): AbsResource => must(parseAbsResource(s), s);
export const inst = (s: string): AbsResourceInstance => must(parseAbsResourceInstance(s), s);
export const target = (s: string): Target => must(parseTarget(s), s);
