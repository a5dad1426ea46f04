/**
 * Wildcard moves (`mv 'module.old.*' 'module.new.$1'`): a pattern with `*`
 * is matched against the state's instance addresses and expanded into
 * concrete moves, so what runs is always a list of explicit addresses.
 */
import { formatAbsResourceInstance } from '../addr/index.js';
import type { StateSnapshot } from '../state/types.js';
import { allInstances } from '../state/query.js';

/** True when an address argument contains a wildcard. */
export function hasWildcard(s: string): boolean {
  return s.includes('*') && !/\[\*\]/.test(s.replace(/\["[^"]*"\]/g, ''));
}

function patternToRegExp(pattern: string): RegExp {
  const parts = pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp('^' + parts.join('(.+?)') + '$');
}

/** Replaces `$1`…`$9` in a destination template with captures. */
function substitute(template: string, captures: readonly string[]): string {
  return template.replace(/\$(\d)/g, (_, n: string) => captures[Number(n) - 1] ?? '');
}

/**
 * Expands a wildcard move into concrete (from, to) pairs, in `state list`
 * order. Matching is on whole instance addresses; each `*` matches one or
 * more characters. Returns [] when nothing matches.
 */
export function expandWildcardMove(snap: StateSnapshot, fromPattern: string, toTemplate: string): Array<{ from: string; to: string }> {
  const re = patternToRegExp(fromPattern);
  const out: Array<{ from: string; to: string }> = [];
  for (const inst of allInstances(snap)) {
    const s = formatAbsResourceInstance(inst);
    const m = re.exec(s);
    if (m) out.push({ from: s, to: substitute(toTemplate, m.slice(1)) });
  }
  return out;
}

/** True when some instance matches a pattern whose `$N` captures are treated as `*`. */
export function anyMatchesTemplate(snap: StateSnapshot, template: string): boolean {
  const re = patternToRegExp(template.replace(/\$\d/g, '*'));
  return allInstances(snap).some((i) => re.test(formatAbsResourceInstance(i)));
}
