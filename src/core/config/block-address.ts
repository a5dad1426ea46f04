/**
 * Reading the addresses written in `moved`, `removed` and `import` blocks.
 */
import { parseTarget } from '../addr/index.js';
import type { Target } from '../addr/types.js';
import type { BlockAddress } from './types.js';

/**
 * The address a block names (module, resource or instance, relative to the
 * block's module), or null when its static text does not parse. A computed
 * key was already dropped from the text, so such an address names the
 * whole resource.
 */
export function blockTarget(address: BlockAddress): Target | null {
  const t = parseTarget(address.text);
  return t.ok ? t.value : null;
}
