import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatEditRecord, runOnEdit, type EditRecord } from '../../src/session/on-edit.js';
import { useTempDir } from './helpers.js';

const RECORD: EditRecord = {
  environment: 'prod',
  location: 's3://acme/prod/terraform.tfstate',
  operation: 'tfstate mv aws_instance.a aws_instance.b --env prod',
  addresses: ['aws_instance.a', 'aws_instance.b'],
  serialBefore: '41',
  serialAfter: 42n,
  backup: 's3://acme/prod/terraform.tfstate.backups/20260101T000000Z-serial-41.tfstate',
  who: 'alice@laptop',
  time: '2026-01-01T00:00:00.000Z',
};

describe('formatEditRecord', () => {
  it('writes the record compactly with serials as JSON numbers', () => {
    expect(formatEditRecord(RECORD)).toBe(
      '{"environment":"prod","location":"s3://acme/prod/terraform.tfstate","operation":"tfstate mv aws_instance.a aws_instance.b --env prod",' +
        '"addresses":["aws_instance.a","aws_instance.b"],"serialBefore":41,"serialAfter":42,' +
        '"backup":"s3://acme/prod/terraform.tfstate.backups/20260101T000000Z-serial-41.tfstate","who":"alice@laptop","time":"2026-01-01T00:00:00.000Z"}',
    );
  });

  it.each([
    [null, 'null'],
    ['(new)', 'null'],
    [7, '7'],
    [18446744073709551615n, '18446744073709551615'],
    ['9007199254740993', '9007199254740993'],
  ])('writes serial %s as %s', (serial, json) => {
    expect(formatEditRecord({ ...RECORD, serialBefore: serial, environment: null })).toContain(`"environment":null,`);
    expect(formatEditRecord({ ...RECORD, serialBefore: serial })).toContain(`"serialBefore":${json},`);
  });
});

describe('runOnEdit', () => {
  const tmp = useTempDir();

  it('gives the command the record on stdin and TFSTATE_* variables, in the given directory', async () => {
    const cwd = await tmp();
    const r = await runOnEdit('cat > record.json; printf "%s|%s|%s" "$TFSTATE_ENVIRONMENT" "$TFSTATE_LOCATION" "$TFSTATE_OPERATION" > vars.txt', RECORD, { cwd });
    expect(r).toEqual({ ok: true, message: 'onEdit command "cat > record.json; printf \\"%s|%s|%s\\" \\"$TFSTATE_ENVIRONMENT\\" \\"$TFSTATE_LOCATION\\" \\"$TFSTATE_OPERATION\\" > vars.txt" succeeded.' });
    const written = await readFile(path.join(cwd, 'record.json'), 'utf8');
    expect(written).toBe(`${formatEditRecord(RECORD)}\n`);
    expect(JSON.parse(written)).toMatchObject({ environment: 'prod', serialBefore: 41, serialAfter: 42, addresses: ['aws_instance.a', 'aws_instance.b'] });
    expect(await readFile(path.join(cwd, 'vars.txt'), 'utf8')).toBe(`prod|s3://acme/prod/terraform.tfstate|${RECORD.operation}`);
  });

  it('reports a failing command with its exit code and the tail of its stderr', async () => {
    const cwd = await tmp();
    const r = await runOnEdit('echo starting; for i in $(seq 1 30); do echo "line $i" >&2; done; exit 3', RECORD, { cwd });
    const tail = Array.from({ length: 20 }, (_, i) => `  line ${i + 11}`).join('\n');
    expect(r).toEqual({
      ok: false,
      message: `onEdit command "echo starting; for i in $(seq 1 30); do echo \\"line $i\\" >&2; done; exit 3" failed with exit code 3.\nIts stderr ended with:\n${tail}`,
    });
  });

  it('is content with a command that ignores its stdin', async () => {
    const cwd = await tmp();
    expect(await runOnEdit('exit 0', RECORD, { cwd })).toEqual({ ok: true, message: 'onEdit command "exit 0" succeeded.' });
  });

  it('stops a command that does not finish in time, with its children', async () => {
    const cwd = await tmp();
    const r = await runOnEdit('echo waiting >&2; sleep 60; echo done > done.txt', RECORD, { cwd, timeoutMs: 300 });
    expect(r).toEqual({ ok: false, message: 'onEdit command "echo waiting >&2; sleep 60; echo done > done.txt" did not finish within 300ms and was stopped.\nIts stderr ended with:\n  waiting' });
    await expect(readFile(path.join(cwd, 'done.txt'))).rejects.toThrow(/ENOENT/);
  });

  it('reports a command killed by a signal', async () => {
    const cwd = await tmp();
    expect(await runOnEdit('kill -KILL $$', RECORD, { cwd })).toEqual({ ok: false, message: 'onEdit command "kill -KILL $$" was killed by signal SIGKILL.' });
  });

  it('returns when the command exits even if a background child keeps its output open', async () => {
    const cwd = await tmp();
    expect(await runOnEdit('(sleep 2 &); exit 0', RECORD, { cwd })).toEqual({ ok: true, message: 'onEdit command "(sleep 2 &); exit 0" succeeded.' });
  });

  it('never throws, even when the working directory is missing', async () => {
    const cwd = await tmp();
    const r = await runOnEdit('true', RECORD, { cwd: path.join(cwd, 'missing') });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^onEdit command "true" could not be started: .*ENOENT.*\.$/);
  });
});
