/**
 * The TUI's keymap: one table (`KEYMAP`) from which key handling, footer
 * hints and the help screen are all derived.
 */
export { CONTEXT_TITLES, KEYMAP, type CommandId, type KeyBinding, type KeyContext } from './table.js';
export { bindingFor, contextChain, keyName, resolveKey, splitKeys, type ResolvedKey } from './resolve.js';
export { displayKey, helpSections, hintLine, hintsFor, type HelpSection, type Hint } from './hints.js';
