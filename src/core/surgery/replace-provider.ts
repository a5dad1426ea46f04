/**
 * `replace-provider FROM TO` (terraform-state.md §8.1): every resource whose
 * provider is FROM gets TO, keeping the provider config's module path and
 * alias. Instances are untouched.
 */
import { formatAbsResource, formatProviderConfig, formatProviderSource } from '../addr/index.js';
import type { ProviderSource } from '../addr/types.js';
import type { PlanStep } from './plan.js';
import { addrOf, rebuildResource, type WorkingState } from './working.js';

function sameSource(a: ProviderSource, b: ProviderSource): boolean {
  return a.hostname === b.hostname && a.namespace === b.namespace && a.type === b.type;
}

/** Replaces the provider; returns one step per changed resource (empty: nothing matched). */
export function replaceProvider(ws: WorkingState, from: ProviderSource, to: ProviderSource): PlanStep[] {
  const steps: PlanStep[] = [];
  ws.resources = ws.resources.map((r) => {
    if (!r.providerConfig || !sameSource(r.providerConfig.provider, from)) return r;
    const config = { ...r.providerConfig, provider: to };
    const s = formatAbsResource(addrOf(r));
    steps.push({ op: 'replace-provider', line: `  ${s}`, dryLine: `  ${s}`, from: formatProviderSource(from), to: formatProviderSource(to) });
    return rebuildResource(r, { provider: formatProviderConfig(config), providerConfig: config, legacyProvider: false });
  });
  return steps;
}
