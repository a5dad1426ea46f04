/**
 * Turning what the user typed or pressed into an intent: an edit job (the
 * CLI's operation grammar), a batch file to read, quitting, or an error to
 * show. Pure: reading the batch file is the controller's job.
 */
import { formatOperation, operationFromWords, shellWords, type Operation } from '../../core/surgery/index.js';
import type { Dialog, Job } from './types.js';

/** What a prompt or key asks for. */
export type Intent =
  | { readonly kind: 'edit'; readonly job: Extract<Job, { kind: 'edit' }>; readonly title: string }
  | { readonly kind: 'batch'; readonly file: string }
  | { readonly kind: 'quit' }
  | { readonly kind: 'error'; readonly message: string };

/** An edit job for operations, recorded as `tfstate <op>` command lines. */
export function editJob(operations: readonly Operation[]): Extract<Job, { kind: 'edit' }> {
  const verbs = new Set(operations.map((o) => o.op));
  return {
    kind: 'edit',
    operations,
    commandLine: operations.map((o) => `tfstate ${formatOperation(o)}`).join('; '),
    lockOperation: verbs.size === 1 ? `tfstate ${operations[0].op}` : 'tfstate apply-batch',
  };
}

/** A dialog title for a job's operations (`mv a b`, or `3 operations`). */
export function jobTitle(operations: readonly Operation[]): string {
  return operations.length === 1 ? formatOperation(operations[0]) : `${operations.length} operations (${[...new Set(operations.map((o) => o.op))].join(', ')})`;
}

function edit(operations: Operation[]): Intent {
  return { kind: 'edit', job: editJob(operations), title: jobTitle(operations) };
}

/** The intent of an edit key (`d`, `t`, `T`) on `targets`; an error when there is nothing to act on. */
export function keyIntent(command: 'edit.remove' | 'edit.taint' | 'edit.untaint', targets: readonly string[]): Intent {
  if (targets.length === 0) return { kind: 'error', message: 'Nothing selected: move the cursor to a resource first.' };
  if (command === 'edit.remove') return edit([{ op: 'rm', addresses: [...targets] }]);
  const op = command === 'edit.taint' ? 'taint' : 'untaint';
  return edit(targets.map((address) => ({ op, address })));
}

/** The intent of submitting a prompt. */
export function promptIntent(d: Extract<Dialog, { kind: 'prompt' }>): Intent {
  const value = d.input.value.trim();
  switch (d.purpose) {
    case 'move': {
      const from = d.targets[0];
      if (value === '') return { kind: 'error', message: 'Type the destination address (or esc to cancel).' };
      if (value === from) return { kind: 'error', message: `The destination is ${from} itself: change it, or esc to cancel.` };
      return edit([{ op: 'mv', from, to: value }]);
    }
    case 'bulk-move': {
      const prefix = value.replace(/\.+$/, '');
      if (!/^module\.[^.]/.test(prefix)) return { kind: 'error', message: 'Type a module address such as module.storage (each marked address gets it as a prefix).' };
      return edit(d.targets.map((from) => ({ op: 'mv' as const, from, to: `${prefix}.${from}` })));
    }
    case 'import':
      return fromWords(['import', ...(shellWords(value) ?? [])], 'import');
    case 'command':
      return commandIntent(value);
  }
}

/** The intent of a `:` command line (the CLI's grammar, plus `q`/`quit` and `apply-batch FILE`). */
export function commandIntent(text: string): Intent {
  const words = shellWords(text.replace(/^:/, ''));
  if (words === null) return { kind: 'error', message: 'The command has an opening quote without a closing one.' };
  if (words.length === 0) return { kind: 'error', message: 'Type a command, e.g. mv aws_instance.a aws_instance.b (esc cancels).' };
  const [verb, ...args] = words;
  if (verb === 'q' || verb === 'quit') return { kind: 'quit' };
  if (verb === 'apply-batch') {
    if (args.length !== 1) return { kind: 'error', message: 'Usage: apply-batch FILE' };
    return { kind: 'batch', file: args[0] };
  }
  return fromWords(words, ':');
}

function fromWords(words: readonly string[], where: string): Intent {
  const r = operationFromWords(words, where);
  if (!r.ok) return { kind: 'error', message: r.diags.map((d) => d.detail).join(' ') };
  return edit([r.value]);
}
