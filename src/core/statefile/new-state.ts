/**
 * Bytes of a brand-new, empty v4 state, as Terraform would create it.
 */
import type { Framing } from '../state/types.js';
import { goEncode, type GoValue } from './go-json.js';

/**
 * The bytes of an empty v4 state with the given lineage and serial 0 (the
 * first write bumps it to 1, as Terraform does for a new file).
 */
export function newStateBytes(opts: { lineage: string; terraformVersion: string; framing?: Framing }): Uint8Array {
  const doc = new Map<string, GoValue>([
    ['version', 4],
    ['terraform_version', opts.terraformVersion],
    ['serial', 0],
    ['lineage', opts.lineage],
    ['outputs', new Map()],
    ['resources', []],
    ['check_results', null],
  ]);
  return new TextEncoder().encode(goEncode(doc, opts.framing ?? 'indent', 0) + '\n');
}
