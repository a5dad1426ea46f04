/**
 * THE keymap: one table of bindings drives key handling (`resolve.ts`), the
 * footer hints and the `?` help screen (`hints.ts`). Add a key here and it
 * works, shows in the footer (when it has a `hint`) and is documented.
 *
 * Keys are written as the resolver names them: a printable character
 * (`j`, `G`, `/`, `+`), or `up` `down` `left` `right` `pageup` `pagedown`
 * `home` `end` `enter` `esc` `tab` `shift+tab` `backspace` `space`,
 * or `ctrl+<letter>`.
 */

/** Where a binding applies. View contexts fall back to `global`; dialogs and text fields do not. */
export type KeyContext =
  | 'global'
  | 'resources'
  | 'detail'
  | 'graph'
  | 'audit'
  | 'backups'
  | 'envs'
  | 'help'
  | 'filter'
  | 'prompt'
  | 'confirm'
  | 'confirm-typed'
  | 'reveal'
  | 'message'
  | 'text';

/** Everything a key can do. */
export type CommandId =
  | 'cursor.down'
  | 'cursor.up'
  | 'cursor.top'
  | 'cursor.bottom'
  | 'page.down'
  | 'page.up'
  | 'open'
  | 'back'
  | 'help'
  | 'command-line'
  | 'filter'
  | 'mark'
  | 'view.toggle'
  | 'graph'
  | 'graph.deeper'
  | 'graph.shallower'
  | 'graph.overview'
  | 'reveal'
  | 'edit.move'
  | 'edit.remove'
  | 'edit.import'
  | 'edit.taint'
  | 'edit.untaint'
  | 'undo'
  | 'backups'
  | 'envs'
  | 'audit'
  | 'reload'
  | 'quit'
  | 'dialog.submit'
  | 'dialog.cancel'
  | 'dialog.switch'
  | 'dialog.scroll-down'
  | 'dialog.scroll-up'
  | 'dialog.page-down'
  | 'dialog.page-up'
  | 'prompt.complete'
  | 'text.insert'
  | 'text.backspace'
  | 'text.left'
  | 'text.right'
  | 'text.home'
  | 'text.end'
  | 'text.clear';

/** One binding. */
export interface KeyBinding {
  /** The keys (first is the one shown). */
  readonly keys: readonly string[];
  readonly context: KeyContext;
  readonly command: CommandId;
  /** What it does, for the help screen. */
  readonly description: string;
  /** Short label for the footer; bindings without one appear only in help. */
  readonly hint?: string;
}

const b = (keys: string | readonly string[], context: KeyContext, command: CommandId, description: string, hint?: string): KeyBinding =>
  hint === undefined ? { keys: typeof keys === 'string' ? [keys] : keys, context, command, description } : { keys: typeof keys === 'string' ? [keys] : keys, context, command, description, hint };

/** Every binding, grouped by context in help order. */
export const KEYMAP: readonly KeyBinding[] = [
  // Resources
  b('enter', 'resources', 'open', 'Open the resource (or fold/unfold a module)', 'open'),
  b('/', 'resources', 'filter', 'Filter by address, type, id or attribute value', 'filter'),
  b('space', 'resources', 'mark', 'Mark or unmark the resource for a bulk move/remove', 'mark'),
  b('tab', 'resources', 'view.toggle', 'Switch between the module tree and the flat list', 'tree/flat'),
  b('m', 'resources', 'edit.move', 'Move (rename) the resource, or the marked ones into a module', 'move'),
  b('d', 'resources', 'edit.remove', 'Remove the resource (or the marked ones) from the state', 'remove'),
  b('i', 'resources', 'edit.import', 'Import an existing object: ADDRESS ID', 'import'),
  b('t', 'resources', 'edit.taint', 'Taint the instance (or the marked ones)', 'taint'),
  b('T', 'resources', 'edit.untaint', 'Untaint the instance (or the marked ones)'),
  b('v', 'resources', 'graph', 'Show the dependency graph around the resource', 'graph'),
  b('esc', 'resources', 'back', 'Clear the filter, then the marks'),
  // Detail
  b('enter', 'detail', 'open', 'Follow the dependency under the cursor', 'follow'),
  b('s', 'detail', 'reveal', 'Reveal sensitive values (asks first)', 'reveal'),
  b('v', 'detail', 'graph', 'Show the dependency graph around this resource', 'graph'),
  b('m', 'detail', 'edit.move', 'Move (rename) this resource', 'move'),
  b('d', 'detail', 'edit.remove', 'Remove this resource from the state', 'remove'),
  b('t', 'detail', 'edit.taint', 'Taint this instance'),
  b('T', 'detail', 'edit.untaint', 'Untaint this instance'),
  b('esc', 'detail', 'back', 'Back', 'back'),
  // Graph
  b('enter', 'graph', 'open', 'Focus the graph on the resource under the cursor', 'focus'),
  b(['+', '='], 'graph', 'graph.deeper', 'Show one more level of dependencies', 'depth+'),
  b('-', 'graph', 'graph.shallower', 'Show one level less', 'depth-'),
  b('tab', 'graph', 'graph.overview', 'Switch between the neighbourhood and the module overview', 'modules'),
  b('esc', 'graph', 'back', 'Back', 'back'),
  // Audit
  b('enter', 'audit', 'open', 'Jump to the resource the finding names', 'jump'),
  b('esc', 'audit', 'back', 'Back', 'back'),
  // Backups
  b('enter', 'backups', 'open', 'Show the diff against the current state and offer to restore', 'diff/restore'),
  b('esc', 'backups', 'back', 'Back', 'back'),
  // Environments (the list itself uses j/k/arrows and enter)
  b('esc', 'envs', 'back', 'Back without switching', 'back'),
  // Help
  b(['esc', '?'], 'help', 'back', 'Close the help', 'close'),
  // Everywhere outside dialogs
  b(['j', 'down'], 'global', 'cursor.down', 'Move down'),
  b(['k', 'up'], 'global', 'cursor.up', 'Move up'),
  b(['g', 'home'], 'global', 'cursor.top', 'Go to the top'),
  b(['G', 'end'], 'global', 'cursor.bottom', 'Go to the bottom'),
  b(['ctrl+d', 'pagedown'], 'global', 'page.down', 'Page down'),
  b(['ctrl+u', 'pageup'], 'global', 'page.up', 'Page up'),
  b(':', 'global', 'command-line', 'Command line with the CLI grammar (:mv a b, :rm a, :apply-batch FILE, :q)', 'cmd'),
  b('u', 'global', 'undo', 'Undo the last edit of this session (restores its backup)', 'undo'),
  b('b', 'global', 'backups', 'List backups, diff one against the current state, restore it', 'backups'),
  b('e', 'global', 'envs', 'Switch environment', 'envs'),
  b('a', 'global', 'audit', 'Audit findings', 'audit'),
  b('r', 'global', 'reload', 'Reload the state'),
  b('?', 'global', 'help', 'Help: every key', 'help'),
  b(['q', 'ctrl+c'], 'global', 'quit', 'Quit (releases any lock)', 'quit'),
  // Filter field
  b('enter', 'filter', 'dialog.submit', 'Keep the filter and return to the list', 'done'),
  b('esc', 'filter', 'dialog.cancel', 'Clear the filter', 'clear'),
  // Prompts
  b('enter', 'prompt', 'dialog.submit', 'Plan the edit (a preview comes next)', 'plan'),
  b('tab', 'prompt', 'prompt.complete', 'Complete a module path', 'complete'),
  b('esc', 'prompt', 'dialog.cancel', 'Cancel', 'cancel'),
  // Confirmation dialogs
  b(['tab', 'left', 'right'], 'confirm', 'dialog.switch', 'Switch between Cancel and Apply', 'switch'),
  b('enter', 'confirm', 'dialog.submit', 'Press the focused button (Cancel is the default)', 'press'),
  b(['j', 'down'], 'confirm', 'dialog.scroll-down', 'Scroll the diff down'),
  b(['k', 'up'], 'confirm', 'dialog.scroll-up', 'Scroll the diff up'),
  b(['pagedown', 'ctrl+d', 'space'], 'confirm', 'dialog.page-down', 'Page the diff down'),
  b(['pageup', 'ctrl+u'], 'confirm', 'dialog.page-up', 'Page the diff up'),
  b('esc', 'confirm', 'dialog.cancel', 'Cancel: nothing is written', 'cancel'),
  b('tab', 'confirm-typed', 'dialog.switch', 'Switch between Cancel and Apply', 'switch'),
  b('enter', 'confirm-typed', 'dialog.submit', 'Press the focused button (Apply needs the name typed)', 'press'),
  b('down', 'confirm-typed', 'dialog.scroll-down', 'Scroll the diff down'),
  b('up', 'confirm-typed', 'dialog.scroll-up', 'Scroll the diff up'),
  b('pagedown', 'confirm-typed', 'dialog.page-down', 'Page the diff down'),
  b('pageup', 'confirm-typed', 'dialog.page-up', 'Page the diff up'),
  b('esc', 'confirm-typed', 'dialog.cancel', 'Cancel: nothing is written', 'cancel'),
  b(['tab', 'left', 'right'], 'reveal', 'dialog.switch', 'Switch between Cancel and Reveal', 'switch'),
  b('enter', 'reveal', 'dialog.submit', 'Press the focused button (Cancel is the default)', 'press'),
  b('esc', 'reveal', 'dialog.cancel', 'Cancel', 'cancel'),
  b(['esc', 'enter', 'q'], 'message', 'dialog.cancel', 'Close the message', 'close'),
  b(['j', 'down'], 'message', 'dialog.scroll-down', 'Scroll down'),
  b(['k', 'up'], 'message', 'dialog.scroll-up', 'Scroll up'),
  // Text fields (filter, prompts, typed confirmations)
  b('backspace', 'text', 'text.backspace', 'Delete the character before the cursor'),
  b('left', 'text', 'text.left', 'Move the cursor left'),
  b('right', 'text', 'text.right', 'Move the cursor right'),
  b(['ctrl+a', 'home'], 'text', 'text.home', 'Go to the start of the field'),
  b(['ctrl+e', 'end'], 'text', 'text.end', 'Go to the end of the field'),
  b('ctrl+u', 'text', 'text.clear', 'Clear the field'),
];

/** Titles of the contexts, for the help screen. */
export const CONTEXT_TITLES: Readonly<Record<KeyContext, string>> = {
  global: 'Everywhere',
  resources: 'Resources',
  detail: 'Resource detail',
  graph: 'Graph',
  audit: 'Audit',
  backups: 'Backups',
  envs: 'Environments',
  help: 'Help',
  filter: 'Filter field',
  prompt: 'Prompts',
  confirm: 'Confirmation',
  'confirm-typed': 'Confirmation in a protected environment (type its name)',
  reveal: 'Reveal sensitive values',
  message: 'Messages (errors with every detail)',
  text: 'Text fields',
};
