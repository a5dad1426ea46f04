/**
 * Everything that can change the TUI state. Key presses arrive as `key`
 * actions carrying the keymap's command; effects report back with the rest.
 */
import type { CommandId } from '../keymap/table.js';
import type { BackupItem, Dialog, EnvItem, LoadedState, Status, TermSize, UndoEntry, View } from './types.js';

/** A state transition request. */
export type Action =
  /** A resolved key press. Commands with side effects are run by the controller, not here. */
  | { readonly type: 'key'; readonly command: CommandId; readonly text?: string }
  | { readonly type: 'resize'; readonly size: TermSize }
  /** A state was read. `reset` (a different location) clears cursor, filter, marks and the view stack. */
  | { readonly type: 'loaded'; readonly loaded: LoadedState; readonly reset: boolean; readonly status?: Status }
  | { readonly type: 'status'; readonly status: Status | null }
  | { readonly type: 'busy'; readonly label: string | null; readonly locked?: boolean }
  | { readonly type: 'push'; readonly view: View }
  | { readonly type: 'pop' }
  | { readonly type: 'dialog'; readonly dialog: Dialog | null }
  | { readonly type: 'backups-listed'; readonly items: readonly BackupItem[] }
  | { readonly type: 'envs-listed'; readonly items: readonly EnvItem[] }
  | { readonly type: 'undo-push'; readonly entry: UndoEntry }
  | { readonly type: 'undo-pop' }
  | { readonly type: 'quitting' };
