/**
 * The TUI's state: plain, immutable data (no React, no I/O). The reducer
 * (`reducer.ts`) is the only thing that makes a new state; selectors
 * (`selectors.ts`) derive what the screens draw from it.
 *
 * Vocabulary: a *view* is a full-pane screen on the navigation stack
 * (resources, detail, graph, ...); a *dialog* sits over the views and owns
 * the keyboard until it closes; a *job* is the description of an edit the
 * effects layer will run through the session's transaction.
 */
import type { StateSnapshot } from '../../core/state/types.js';
import type { Operation } from '../../core/surgery/index.js';
import type { TextInput } from './text-input.js';

/** Terminal size in character cells. */
export interface TermSize {
  readonly columns: number;
  readonly rows: number;
}

/** What the header shows about where the state lives. */
export interface LocationInfo {
  /** The configured environment's name, or null for a `--state` path or a discovered location. */
  readonly envName: string | null;
  readonly protected: boolean;
  /** Backend kind (`local`, `s3`). */
  readonly kind: string;
  /** Path or s3:// URL. */
  readonly display: string;
  /** The display shortened for the header (a path relative to the working directory when inside it). */
  readonly short: string;
  readonly workspace: string;
}

/** A state as loaded for browsing (no lock is held). */
export interface LoadedState {
  readonly location: LocationInfo;
  readonly snapshot: StateSnapshot;
  /** Lock state at load time, e.g. `unlocked`, `locked by ci@runner (OperationTypeApply)`. */
  readonly lock: string;
}

/** A status line message. `progress` is shown while an effect runs. */
export interface Status {
  readonly tone: 'info' | 'success' | 'warning' | 'error' | 'progress';
  readonly text: string;
}

/** Resource list layout: the module tree or the flat `state list` order. */
export type ListMode = 'tree' | 'flat';

/** A backup as listed in the backups view. */
export interface BackupItem {
  readonly id: string;
  readonly location: string;
  readonly time: string;
  readonly operation: string;
  readonly who: string;
  readonly serialBefore: string;
  readonly serialAfter: string;
}

/** A configured environment as listed in the environments view. */
export interface EnvItem {
  readonly name: string;
  readonly protected: boolean;
  readonly display: string;
}

/** A full-pane screen on the navigation stack. */
export type View =
  | { readonly kind: 'resources' }
  | { readonly kind: 'detail'; readonly address: string; readonly reveal: boolean; readonly cursor: number; readonly scroll: number }
  | { readonly kind: 'graph'; readonly focus: string; readonly depth: number; readonly overview: boolean; readonly cursor: number; readonly scroll: number }
  | { readonly kind: 'audit'; readonly cursor: number; readonly scroll: number }
  | { readonly kind: 'backups'; readonly items: readonly BackupItem[] | null; readonly cursor: number; readonly scroll: number }
  | { readonly kind: 'envs'; readonly items: readonly EnvItem[] | null }
  | { readonly kind: 'help'; readonly context: string; readonly scroll: number };

/** The kind of a view. */
export type ViewKind = View['kind'];

/** An edit to run through the transaction, or a backup to restore. */
export type Job =
  | {
      readonly kind: 'edit';
      readonly operations: readonly Operation[];
      /** Batch semantics (`:apply-batch FILE`): where the operations came from and their lines. */
      readonly batch?: { readonly where: string; readonly lines: readonly number[] };
      /** Recorded with the backup, e.g. `tfstate mv a b`. */
      readonly commandLine: string;
      /** LockInfo operation, e.g. `tfstate mv`. */
      readonly lockOperation: string;
    }
  | { readonly kind: 'restore'; readonly backupId: string; readonly undo: boolean };

/** A resource's diff in a preview. */
export interface DiffItem {
  readonly address: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly patch: string;
}

/** What a confirmation dialog shows: the plan and the per-resource diffs. */
export interface PreviewModel {
  /** Terraform's lines, e.g. `Move "a" to "b"`. */
  readonly steps: readonly string[];
  readonly diffs: readonly DiffItem[];
  readonly serialBefore: string;
  readonly serialAfter: string;
  /** Warnings to show above the plan. */
  readonly warnings: readonly string[];
}

/** Why a prompt was opened (decides what its text becomes on enter). */
export type PromptPurpose = 'move' | 'bulk-move' | 'import' | 'command';

/** A dialog over the views. */
export type Dialog =
  | {
      readonly kind: 'prompt';
      readonly purpose: PromptPurpose;
      readonly title: string;
      readonly hint: string;
      readonly input: TextInput;
      /** Tab-completion candidates. */
      readonly completions: readonly string[];
      /** Candidates the last tab matched (shown under the field when several). */
      readonly matches: readonly string[];
      /** The addresses the prompt acts on (move source, marked addresses). */
      readonly targets: readonly string[];
    }
  | {
      readonly kind: 'confirm';
      readonly title: string;
      readonly job: Job;
      readonly preview: PreviewModel;
      /** Environment being edited (named in the dialog), null for an unnamed location. */
      readonly envName: string | null;
      readonly protected: boolean;
      /** What the user typed to confirm a protected environment. */
      readonly typed: TextInput;
      /** The focused button. Opens on `cancel`. */
      readonly focus: 'cancel' | 'apply';
      readonly scroll: number;
      /** A note shown first (e.g. the state changed on disk and was re-read). */
      readonly note: string;
      /** Why apply was refused last time (e.g. the name was not typed). */
      readonly refusal: string;
    }
  | { readonly kind: 'reveal'; readonly address: string; readonly focus: 'cancel' | 'reveal' }
  /** A message to read (e.g. every diagnostic of a refused edit); any closing key dismisses it. */
  | { readonly kind: 'message'; readonly title: string; readonly lines: readonly string[]; readonly scroll: number };

/** One edit made in this session, undoable by restoring its backup. */
export interface UndoEntry {
  readonly backupId: string;
  readonly backupLocation: string;
  /** What the edit was, e.g. `mv a b`. */
  readonly label: string;
  /** The location display of the state it changed. */
  readonly display: string;
  readonly envName: string | null;
}

/** The whole TUI state. */
export interface TuiState {
  readonly size: TermSize;
  readonly loaded: LoadedState | null;
  /** Navigation stack; the last view is shown. Never empty: the first is `resources`. */
  readonly stack: readonly View[];
  readonly dialog: Dialog | null;
  readonly mode: ListMode;
  /** Module addresses collapsed in the tree. */
  readonly collapsed: ReadonlySet<string>;
  /** Resource list cursor (row index) and first visible row. */
  readonly cursor: number;
  readonly scroll: number;
  /** The `/` filter: its text, and whether it is being typed. */
  readonly filter: TextInput;
  readonly filterEditing: boolean;
  /** Marked instance addresses (space). */
  readonly marked: ReadonlySet<string>;
  readonly status: Status | null;
  /** Label of the effect running now (reads, edits); null when idle. */
  readonly busy: string | null;
  /** True while an edit holds the state lock (shown in the header). */
  readonly locked: boolean;
  readonly undo: readonly UndoEntry[];
  /** Set when quitting waits for a running edit to finish. */
  readonly quitting: boolean;
}
