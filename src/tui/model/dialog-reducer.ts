/**
 * Key handling inside dialogs and the filter field: text editing, tab
 * completion, button focus, diff scrolling. Applying an edit is the
 * controller's job; this only decides what a key does to the dialog.
 */
import type { CommandId } from '../keymap/table.js';
import { dialogBodyRows } from './layout.js';
import { completeText, editText, textInput, type TextEdit, type TextInput } from './text-input.js';
import type { Dialog, PreviewModel, TuiState } from './types.js';
import { diffLines, line, type Line } from './lines.js';

/** The text edit a `text.*` command stands for, or null for other commands. */
export function textEditOf(command: CommandId, text?: string): TextEdit | null {
  switch (command) {
    case 'text.insert':
      return { op: 'insert', text: text ?? '' };
    case 'text.backspace':
      return { op: 'backspace' };
    case 'text.left':
      return { op: 'left' };
    case 'text.right':
      return { op: 'right' };
    case 'text.home':
      return { op: 'home' };
    case 'text.end':
      return { op: 'end' };
    case 'text.clear':
      return { op: 'clear' };
    default:
      return null;
  }
}

/** The lines a confirmation dialog scrolls through: warnings, plan steps, then each resource's diff. */
export function previewLines(p: PreviewModel): Line[] {
  const out: Line[] = [];
  for (const w of p.warnings) out.push(line(`Warning: ${w}`, 'warn'));
  for (const s of p.steps) out.push(line(s, 'title'));
  out.push(line(`serial ${p.serialBefore} → ${p.serialAfter}; ${p.diffs.length} resource${p.diffs.length === 1 ? '' : 's'} change:`, 'dim'));
  const sign = (k: string): string => (k === 'added' ? '+' : k === 'removed' ? '-' : '~');
  for (const d of p.diffs) out.push(line(`  ${sign(d.kind)} ${d.address} (${d.kind})`, d.kind === 'added' ? 'add' : d.kind === 'removed' ? 'remove' : 'plain'));
  for (const d of p.diffs) {
    out.push(line(''));
    out.push(line(`── ${d.address} (${d.kind}) ──`, 'heading'));
    out.push(...diffLines(d.patch));
  }
  return out;
}

/** Command-line verbs, for tab completion of the first word. */
export const COMMAND_VERBS: readonly string[] = ['mv ', 'rm ', 'import ', 'taint ', 'untaint ', 'replace-provider ', 'apply-batch ', 'quit'];

/**
 * Candidates for the command line: verbs for the first word, else the
 * module paths appended to everything before the word being typed.
 */
export function commandCandidates(t: TextInput, modules: readonly string[]): string[] {
  const head = t.value.slice(0, t.cursor);
  const sp = head.lastIndexOf(' ');
  if (sp < 0) return [...COMMAND_VERBS];
  const before = head.slice(0, sp + 1);
  return modules.map((m) => before + m);
}

/** What pressing enter in a confirmation dialog does now. */
export function confirmDecision(d: Extract<Dialog, { kind: 'confirm' }>): 'cancel' | 'apply' | 'refuse' {
  if (d.focus === 'cancel') return 'cancel';
  if (d.protected && d.envName !== null && d.typed.value !== d.envName) return 'refuse';
  return 'apply';
}

/** Handles a key in the filter field. */
export function reduceFilterKey(s: TuiState, command: CommandId, text?: string): TuiState {
  const edit = textEditOf(command, text);
  if (edit) {
    const filter: TextInput = editText(s.filter, edit);
    return filter === s.filter ? s : { ...s, filter, cursor: 0, scroll: 0 };
  }
  if (command === 'dialog.submit') return { ...s, filterEditing: false };
  if (command === 'dialog.cancel') return { ...s, filterEditing: false, filter: textInput(''), cursor: 0, scroll: 0 };
  return s;
}

/** Handles a key in the open dialog (there must be one). */
export function reduceDialogKey(s: TuiState, command: CommandId, text?: string): TuiState {
  const d = s.dialog;
  if (!d) return s;
  if (command === 'dialog.cancel') {
    return { ...s, dialog: null, status: d.kind === 'confirm' ? { tone: 'info', text: 'Cancelled: nothing was written.' } : s.status };
  }
  switch (d.kind) {
    case 'prompt': {
      const edit = textEditOf(command, text);
      if (edit) return { ...s, dialog: { ...d, input: editText(d.input, edit), matches: [] } };
      if (command === 'prompt.complete') {
        const c = completeText(d.input, d.purpose === 'command' ? commandCandidates(d.input, d.completions) : d.completions);
        return { ...s, dialog: { ...d, input: c.input, matches: c.matches } };
      }
      return s;
    }
    case 'message':
      if (command === 'dialog.scroll-down' || command === 'dialog.scroll-up') {
        const scroll = Math.max(0, Math.min(d.scroll + (command === 'dialog.scroll-down' ? 1 : -1), Math.max(0, d.lines.length - 1)));
        return { ...s, dialog: { ...d, scroll } };
      }
      return s;
    case 'reveal':
      if (command === 'dialog.switch') return { ...s, dialog: { ...d, focus: d.focus === 'cancel' ? 'reveal' : 'cancel' } };
      if (command === 'dialog.submit') {
        if (d.focus === 'cancel') return { ...s, dialog: null };
        const stack = s.stack.map((v) => (v.kind === 'detail' && v.address === d.address ? { ...v, reveal: true } : v));
        return { ...s, dialog: null, stack, status: { tone: 'warning', text: `Sensitive values of ${d.address} are shown. Press s again to mask them.` } };
      }
      return s;
    case 'confirm': {
      const edit = d.protected ? textEditOf(command, text) : null;
      if (edit) return { ...s, dialog: { ...d, typed: editText(d.typed, edit), refusal: '' } };
      if (command === 'dialog.switch') return { ...s, dialog: { ...d, focus: d.focus === 'cancel' ? 'apply' : 'cancel' } };
      if (command === 'dialog.scroll-down' || command === 'dialog.scroll-up' || command === 'dialog.page-down' || command === 'dialog.page-up') {
        const total = previewLines(d.preview).length;
        const h = dialogBodyRows(s.size, d.protected, d.note !== '');
        const step = command === 'dialog.scroll-down' ? 1 : command === 'dialog.scroll-up' ? -1 : command === 'dialog.page-down' ? h : -h;
        const scroll = Math.max(0, Math.min(d.scroll + step, Math.max(0, total - h)));
        return { ...s, dialog: { ...d, scroll } };
      }
      if (command === 'dialog.submit') {
        const decision = confirmDecision(d);
        if (decision === 'cancel') return { ...s, dialog: null, status: { tone: 'info', text: 'Cancelled: nothing was written.' } };
        if (decision === 'refuse') {
          return { ...s, dialog: { ...d, refusal: `${d.envName} is protected: type its name to apply. Nothing was written.` } };
        }
        // 'apply' is run by the controller.
      }
      return s;
    }
  }
}
