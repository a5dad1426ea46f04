import { describe, expect, it } from 'vitest';
import { parseBatch, planOperations, renderHcl, shellWords } from '../../../src/core/surgery/index.js';
import { allInstances } from '../../../src/core/state/query.js';
import { formatAbsResourceInstance } from '../../../src/core/addr/index.js';
import { tfState } from '../../support/tf-state.js';

const state = tfState([
  { module: 'module.old', type: 'aws_instance', name: 'a', instances: [{}] },
  { module: 'module.old', type: 'aws_instance', name: 'b', instances: [{ index_key: 0 }, { index_key: 1 }] },
  { type: 'aws_s3_bucket', name: 'logs', instances: [{}] },
]);

function run(text: string, s = state) {
  const b = parseBatch(text, 'batch.txt');
  if (!b.ok) throw new Error(b.diags.map((d) => d.detail).join('\n'));
  return planOperations(s, b.value.operations, { batch: true, where: 'batch.txt', lines: b.value.lines });
}

describe('batch files', () => {
  it('splits lines with shell quoting and comments', () => {
    expect(shellWords(`mv 'module.a["x y"]' "module.b[\\"q\\"]"  # move it`)).toEqual(['mv', 'module.a["x y"]', 'module.b["q"]']);
    expect(shellWords(`rm a\\ b`)).toEqual(['rm', 'a b']);
    expect(shellWords(`mv 'unterminated`)).toBeNull();
  });

  it('reports every bad line with its number', () => {
    const b = parseBatch('mv a\nfrobnicate x\n# ok\nrm', 'b.txt');
    expect(b.ok ? [] : b.diags.map((d) => d.detail)).toEqual([
      'b.txt:1: "mv a" is not a valid operation. Usage: mv SOURCE DESTINATION',
      'b.txt:2: unknown operation "frobnicate"; use one of mv, rm, import, taint, untaint, replace-provider.',
      'b.txt:4: "rm" is not a valid operation. Usage: rm ADDRESS...',
    ]);
  });

  it('expands wildcard moves with captures into concrete moves', () => {
    const r = run(`mv 'module.old.*' 'module.new.$1'`);
    if (!r.ok) throw new Error(r.diags.map((d) => d.detail).join());
    expect(allInstances(r.value.result).map(formatAbsResourceInstance)).toEqual(['aws_s3_bucket.logs', 'module.new.aws_instance.a', 'module.new.aws_instance.b[0]', 'module.new.aws_instance.b[1]']);
    expect(r.value.steps.map((s) => s.line)).toEqual([
      'Move "module.old.aws_instance.a" to "module.new.aws_instance.a"',
      'Move "module.old.aws_instance.b[0]" to "module.new.aws_instance.b[0]"',
      'Move "module.old.aws_instance.b[1]" to "module.new.aws_instance.b[1]"',
    ]);
  });

  it('is all or nothing: a failing line names itself and nothing is planned', () => {
    const r = run(`mv aws_s3_bucket.logs aws_s3_bucket.audit\nrm aws_nope.x\ntaint data.x.y`);
    expect(r.ok ? [] : r.diags.map((d) => d.detail)).toEqual([
      'batch.txt:3 (taint data.x.y): Resource instance data.x.y cannot be tainted: only managed resources can be tainted.',
    ]);
  });

  it('reports already-done operations when re-run, changing nothing', () => {
    const text = `mv 'module.old.*' 'module.new.$1'\nmv aws_s3_bucket.logs aws_s3_bucket.audit\nrm aws_s3_bucket.gone`;
    const first = run(text);
    if (!first.ok) throw new Error(first.diags.map((d) => d.detail).join());
    const again = run(text, first.value.result);
    if (!again.ok) throw new Error(again.diags.map((d) => d.detail).join());
    expect(again.value.changed).toBe(false);
    expect(again.value.steps.every((s) => s.done)).toBe(true);
    expect(again.value.summary).toBe('Applied 3 operation(s): 0 change(s), 3 already done.');
  });

  it('emits the equivalent configuration blocks', () => {
    const r = run(`mv aws_s3_bucket.logs aws_s3_bucket.audit\nrm module.old.aws_instance.a\nrm 'module.old.aws_instance.b[0]'\nimport aws_instance.new i-123`);
    if (!r.ok) throw new Error(r.diags.map((d) => d.detail).join());
    expect(renderHcl(r.value.hcl, 'tfstate apply-batch batch.txt')).toBe(`# tfstate apply-batch batch.txt
moved {
  from = aws_s3_bucket.logs
  to   = aws_s3_bucket.audit
}

removed {
  from = module.old.aws_instance.a

  lifecycle {
    destroy = false
  }
}

# tfstate rm module.old.aws_instance.b[0]: removing a single instance has no block form (removed blocks take whole resources or modules); keep using tfstate rm for it.

import {
  to = aws_instance.new
  id = "i-123"
}
`);
  });
  it('rewrites dependencies through chains of renames of a shared configuration address in one pass', () => {
    // 16 instances of a module each rename their role 7 times: each rename but a round's last keeps the
    // old configuration address alive, so a naive walk of the rename history branches 16^7 times.
    const keys = Array.from({ length: 16 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    const s = tfState([
      ...keys.map((k) => ({ module: `module.svc["${k}"]`, type: 'aws_iam_role', name: 'task', instances: [{}] })),
      { type: 'aws_x', name: 'dep', instances: [{ dependencies: ['module.svc.aws_iam_role.task', 'aws_s3_bucket.other'] }] },
    ]);
    const lines: string[] = [];
    for (let round = 0; round < 7; round++) {
      for (const k of keys) lines.push(`mv 'module.svc["${k}"].aws_iam_role.task${round === 0 ? '' : `_b${round}`}' 'module.svc["${k}"].aws_iam_role.task_b${round + 1}'`);
    }
    const r = run(lines.join('\n'), s);
    if (!r.ok) throw new Error(r.diags.map((d) => d.detail).join());
    const dep = r.value.result.resources.find((e) => e.type === 'aws_x')!;
    expect(dep.instances[0]!.dependencies).toEqual(['module.svc.aws_iam_role.task_b7', 'aws_s3_bucket.other']);
  });
});
