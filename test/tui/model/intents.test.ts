import { describe, expect, it } from 'vitest';
import { commandIntent, keyIntent, promptIntent } from '../../../src/tui/model/intents.js';
import { textInput } from '../../../src/tui/model/text-input.js';
import type { Dialog, PromptPurpose } from '../../../src/tui/model/types.js';

const prompt = (purpose: PromptPurpose, value: string, targets: string[] = []): Extract<Dialog, { kind: 'prompt' }> => ({ kind: 'prompt', purpose, title: '', hint: '', input: textInput(value), completions: [], matches: [], targets });

describe('promptIntent', () => {
  it('turns a move destination into one mv', () => {
    expect(promptIntent(prompt('move', 'module.db.aws_iam_role.app', ['aws_iam_role.app']))).toEqual({
      kind: 'edit',
      title: 'mv aws_iam_role.app module.db.aws_iam_role.app',
      job: { kind: 'edit', operations: [{ op: 'mv', from: 'aws_iam_role.app', to: 'module.db.aws_iam_role.app' }], commandLine: 'tfstate mv aws_iam_role.app module.db.aws_iam_role.app', lockOperation: 'tfstate mv' },
    });
  });

  it.each([
    ['', 'Type the destination address (or esc to cancel).'],
    ['aws_iam_role.app', 'The destination is aws_iam_role.app itself: change it, or esc to cancel.'],
  ])('refuses the move destination %j', (value, message) => {
    expect(promptIntent(prompt('move', value, ['aws_iam_role.app']))).toEqual({ kind: 'error', message });
  });

  it('gives each marked address the module prefix in a bulk move', () => {
    const i = promptIntent(prompt('bulk-move', 'module.storage.', ['aws_s3_bucket.a', 'module.x.aws_s3_bucket.b']));
    expect(i.kind === 'edit' && i.job.operations).toEqual([
      { op: 'mv', from: 'aws_s3_bucket.a', to: 'module.storage.aws_s3_bucket.a' },
      { op: 'mv', from: 'module.x.aws_s3_bucket.b', to: 'module.storage.module.x.aws_s3_bucket.b' },
    ]);
    expect(i.kind === 'edit' && i.title).toBe('2 operations (mv)');
  });

  it('refuses a bulk-move prefix that is not a module', () => {
    expect(promptIntent(prompt('bulk-move', 'storage', ['a.b']))).toEqual({ kind: 'error', message: 'Type a module address such as module.storage (each marked address gets it as a prefix).' });
  });

  it('parses an import with the CLI grammar', () => {
    const i = promptIntent(prompt('import', 'aws_s3_bucket.logs acme-logs --provider provider["registry.terraform.io/hashicorp/aws"]'));
    expect(i.kind === 'edit' && i.job.operations).toEqual([{ op: 'import', address: 'aws_s3_bucket.logs', id: 'acme-logs', provider: 'provider[registry.terraform.io/hashicorp/aws]' }]);
  });
});

describe('commandIntent', () => {
  it.each([
    ['mv a.b c.d', { kind: 'edit' }],
    [':rm a.b c.d', { kind: 'edit' }],
    ['q', { kind: 'quit' }],
    ['quit', { kind: 'quit' }],
    ['apply-batch ops.txt', { kind: 'batch', file: 'ops.txt' }],
    ['apply-batch', { kind: 'error', message: 'Usage: apply-batch FILE' }],
    ['', { kind: 'error', message: 'Type a command, e.g. mv aws_instance.a aws_instance.b (esc cancels).' }],
    ['mv "a', { kind: 'error', message: 'The command has an opening quote without a closing one.' }],
    ['frobnicate x', { kind: 'error', message: ':: unknown operation "frobnicate"; use one of mv, rm, import, taint, untaint, replace-provider.' }],
  ])('%j -> %j', (text, want) => {
    expect(commandIntent(text)).toMatchObject(want);
  });
});

describe('keyIntent', () => {
  it('removes every target in one rm and taints each target', () => {
    expect(keyIntent('edit.remove', ['a.b', 'c.d'])).toMatchObject({ kind: 'edit', job: { operations: [{ op: 'rm', addresses: ['a.b', 'c.d'] }], lockOperation: 'tfstate rm' } });
    expect(keyIntent('edit.taint', ['a.b'])).toMatchObject({ kind: 'edit', job: { operations: [{ op: 'taint', address: 'a.b' }], commandLine: 'tfstate taint a.b' } });
  });

  it('says so when nothing is selected', () => {
    expect(keyIntent('edit.untaint', [])).toEqual({ kind: 'error', message: 'Nothing selected: move the cursor to a resource first.' });
  });
});
