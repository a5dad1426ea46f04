/**
 * Protect patterns (`protect` in tfstate.config.json): which addresses an
 * edit may touch only with `--allow-protected`. Pure.
 *
 * The pattern language, over addresses as Terraform prints them:
 * - `*` matches any run of characters, including none, `.` and `[…]`
 *   (`aws_db_instance.*`, `module.*.aws_db_instance.main`);
 * - every other character matches itself;
 * - a pattern protects an address when it matches the address or any
 *   address that contains it. Containers are the prefixes that end before a
 *   `.` or `[` outside a quoted key: `module.db["a"].aws_db_instance.x[0]` is
 *   inside `module.db["a"].aws_db_instance.x`, `module.db["a"]` and
 *   `module.db`. So `module.database` protects everything in that module,
 *   and `aws_db_instance.main` protects each of its instances.
 * - A touched address that is itself a container (a module, or a resource
 *   without a key) is protected when something inside it could match: the
 *   check cannot see the state, so it assumes the worst. Pass instance
 *   addresses to get exact answers.
 */

/** A touched address and the pattern that protects it. */
export interface ProtectedMatch {
  readonly address: string;
  readonly pattern: string;
}

/**
 * The address and its containers, longest first: every prefix that ends
 * before a `.` or `[` outside a quoted string key.
 */
export function containersOf(address: string): string[] {
  const out = [address];
  let inString = false;
  const cuts: number[] = [];
  for (let i = 0; i < address.length; i++) {
    const c = address[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if ((c === '.' || c === '[') && i > 0) cuts.push(i);
  }
  for (let k = cuts.length - 1; k >= 0; k--) out.push(address.slice(0, cuts[k]));
  return out;
}

/**
 * True when `pattern` matches `text` as a whole, `*` matching any run of
 * characters. Iterative (no backtracking blow-up).
 */
export function globMatch(pattern: string, text: string): boolean {
  return globRun(pattern, text, true);
}

/**
 * True when some string that starts with `prefix` matches `pattern`: the
 * pattern can consume `prefix` and still have a way to finish.
 */
export function globCanExtend(pattern: string, prefix: string): boolean {
  return globRun(pattern, prefix, false);
}

/** The set of pattern positions reachable after consuming `text`; `whole` asks for an accepting end. */
function globRun(pattern: string, text: string, whole: boolean): boolean {
  let states = closure(pattern, new Set([0]));
  for (const ch of text) {
    const next = new Set<number>();
    for (const p of states) {
      if (p >= pattern.length) continue;
      if (pattern[p] === '*') next.add(p);
      else if (pattern[p] === ch) next.add(p + 1);
    }
    if (next.size === 0) return false;
    states = closure(pattern, next);
  }
  return whole ? states.has(pattern.length) : states.size > 0;
}

/** Adds the positions after each `*` (a star may match nothing). */
function closure(pattern: string, states: Set<number>): Set<number> {
  const out = new Set(states);
  for (const p of states) {
    let q = p;
    while (q < pattern.length && pattern[q] === '*') out.add(++q);
  }
  return out;
}

/**
 * True when `pattern` protects `address` (see the module comment): it
 * matches the address or one of its containers, or the address is a
 * container of something the pattern could match.
 */
export function patternProtects(pattern: string, address: string): boolean {
  if (containersOf(address).some((c) => globMatch(pattern, c))) return true;
  return globCanExtend(pattern, `${address}.`) || globCanExtend(pattern, `${address}[`);
}

/**
 * Each touched address some pattern protects, paired with the first such
 * pattern, in the order of `touched` (duplicates dropped). Empty when
 * nothing is protected.
 */
export function findProtected(patterns: readonly string[], touched: readonly string[]): ProtectedMatch[] {
  const out: ProtectedMatch[] = [];
  const seen = new Set<string>();
  for (const address of touched) {
    if (seen.has(address)) continue;
    seen.add(address);
    const pattern = patterns.find((p) => patternProtects(p, address));
    if (pattern !== undefined) out.push({ address, pattern });
  }
  return out;
}

/**
 * True when an `--allow-protected` value covers the match: it is the
 * pattern itself, or (read as a pattern) it matches the address or one of
 * its containers. `--allow-protected module.database` thus allows every
 * address in that module, and `--allow-protected 'aws_db_instance.*'`
 * allows what that pattern protects.
 */
export function isAllowed(match: ProtectedMatch, allow: readonly string[]): boolean {
  const containers = containersOf(match.address);
  return allow.some((a) => a === match.pattern || containers.some((c) => globMatch(a, c)));
}
