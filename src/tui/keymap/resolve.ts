/**
 * Key handling: names an Ink key press, then looks it up in the keymap for
 * the current context. Pure; the app's single input handler calls it.
 */
import type { Key } from 'ink';
import { KEYMAP, type CommandId, type KeyBinding, type KeyContext } from './table.js';

/** A key press resolved to a command (`text` carries typed characters). */
export interface ResolvedKey {
  readonly command: CommandId;
  readonly text?: string;
}

/** Contexts whose unbound printable keys are typed into a text field. */
const TEXT_CONTEXTS: ReadonlySet<KeyContext> = new Set(['filter', 'prompt', 'confirm-typed']);
/** Contexts that are dialogs: no fallback to the global bindings. */
const DIALOG_CONTEXTS: ReadonlySet<KeyContext> = new Set(['filter', 'prompt', 'confirm', 'confirm-typed', 'reveal', 'message']);

/**
 * The keymap's name for a key press: `ctrl+x`, `up`, `enter`, `esc`,
 * `tab`, `shift+tab`, `backspace`, `space`, or the character typed.
 * Returns null for presses with no name (e.g. a bare modifier).
 */
export function keyName(input: string, key: Partial<Key>): string | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  // Ink reports the DEL byte most terminals send for backspace as `delete`.
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  if (input === '') return null;
  return input;
}

/** The bindings consulted for a context, most specific first. */
export function contextChain(context: KeyContext): KeyContext[] {
  if (TEXT_CONTEXTS.has(context)) return [context, 'text'];
  if (DIALOG_CONTEXTS.has(context)) return [context];
  return context === 'global' ? ['global'] : [context, 'global'];
}

/** The binding for a key name in a context (with fallbacks), if any. */
export function bindingFor(context: KeyContext, name: string): KeyBinding | undefined {
  for (const c of contextChain(context)) {
    const hit = KEYMAP.find((b) => b.context === c && b.keys.includes(name));
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Resolves a key press in `context`. Ctrl-C always quits (the quit command
 * releases locks and restores the terminal). In text contexts, unbound
 * printable input (including a paste) becomes `text.insert`.
 */
export function resolveKey(context: KeyContext, input: string, key: Partial<Key>): ResolvedKey | null {
  const name = keyName(input, key);
  if (name === 'ctrl+c') return { command: 'quit' };
  if (name !== null) {
    const hit = bindingFor(context, name);
    if (hit) return { command: hit.command };
  }
  if (TEXT_CONTEXTS.has(context) && !key.ctrl && !key.meta && input !== '' && (name === null || name.length >= 1) && !isNamedKey(name)) {
    return { command: 'text.insert', text: input };
  }
  return null;
}

function isNamedKey(name: string | null): boolean {
  if (name === null || name === 'space') return false;
  return /^(up|down|left|right|pageup|pagedown|home|end|enter|esc|tab|shift\+tab|backspace)$/.test(name);
}

/**
 * Splits a chunk of typed input into single key presses. Terminals (and
 * tmux) deliver keys typed or sent quickly in one read, which Ink reports
 * as one multi-character input; handling each character on its own keeps
 * `/abc` a filter key followed by three typed letters. Control characters
 * in the chunk become their keys (enter, tab, backspace, ctrl+letter).
 * Presses with a named key (arrows, escape sequences) are returned as is.
 */
export function splitKeys(input: string, key: Partial<Key>): Array<[string, Partial<Key>]> {
  const named = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.home || key.end || key.escape || key.meta;
  if ([...input].length <= 1 || named) return [[input, key]];
  return [...input].map((c): [string, Partial<Key>] => {
    if (c === '\r' || c === '\n') return ['', { return: true }];
    if (c === '\t') return ['', { tab: true }];
    if (c === '\u007f' || c === '\b') return ['', { backspace: true }];
    const code = c.charCodeAt(0);
    if (code < 0x20) return [String.fromCharCode(code + 96), { ctrl: true }];
    return [c, /[A-Z]/.test(c) ? { shift: true } : {}];
  });
}
