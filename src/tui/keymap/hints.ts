/**
 * Footer hints and the help screen, both generated from the keymap table.
 */
import { contextChain } from './resolve.js';
import { CONTEXT_TITLES, KEYMAP, type KeyBinding, type KeyContext } from './table.js';

/** One footer hint: the key to show and its short label. */
export interface Hint {
  readonly key: string;
  readonly label: string;
}

/** How a key is shown to people (`↑`, `enter`, `^c`). */
export function displayKey(k: string): string {
  const map: Record<string, string> = { up: '↑', down: '↓', left: '←', right: '→', space: 'space', pageup: 'pgup', pagedown: 'pgdn' };
  if (map[k]) return map[k];
  if (k.startsWith('ctrl+')) return `^${k.slice(5)}`;
  return k;
}

/**
 * The hints of a context, most specific first, one per command (the first
 * binding wins, so a view's own `esc` hides nothing global). Only bindings
 * with a `hint` label are included.
 */
export function hintsFor(context: KeyContext): Hint[] {
  const seen = new Set<string>();
  const out: Hint[] = [];
  for (const c of contextChain(context)) {
    for (const b of KEYMAP) {
      if (b.context !== c || b.hint === undefined || seen.has(b.command)) continue;
      seen.add(b.command);
      out.push({ key: displayKey(b.keys[0]), label: b.hint });
    }
  }
  return out;
}

/**
 * Packs hints into one line of at most `width` characters
 * (`key label  key label`), dropping those that do not fit but always
 * keeping `? help` when the context has it.
 */
export function hintLine(hints: readonly Hint[], width: number): string {
  const parts = hints.map((h) => `${h.key} ${h.label}`);
  const help = hints.findIndex((h) => h.label === 'help');
  const reserve = help >= 0 ? parts[help].length + 2 : 0;
  const out: string[] = [];
  let used = 0;
  parts.forEach((p, i) => {
    if (i === help) return;
    const add = (out.length > 0 ? 2 : 0) + p.length;
    if (used + add + reserve <= width) {
      out.push(p);
      used += add;
    }
  });
  if (help >= 0) out.push(parts[help]);
  return out.join('  ');
}

/** A help section: a context's title and its bindings. */
export interface HelpSection {
  readonly title: string;
  readonly rows: readonly { readonly keys: string; readonly description: string }[];
}

/** Every context's bindings, in table order, as help sections (the current context first). */
export function helpSections(current?: KeyContext): HelpSection[] {
  const contexts: KeyContext[] = [];
  for (const b of KEYMAP) if (!contexts.includes(b.context)) contexts.push(b.context);
  if (current && contexts.includes(current)) contexts.splice(contexts.indexOf(current), 1), contexts.unshift(current);
  return contexts.map((c) => ({
    title: CONTEXT_TITLES[c],
    rows: KEYMAP.filter((b: KeyBinding) => b.context === c).map((b) => ({ keys: b.keys.map(displayKey).join(' '), description: b.description })),
  }));
}
