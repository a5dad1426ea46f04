/**
 * The CLI end to end against Terraform: the same edit through
 * `terraform state …` and `tfstate … --yes` on copies of one fixture leaves
 * the same bytes (dependencies aside, our documented difference), and
 * Terraform reads every state we write.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { drop, read, scratch, tfstate } from '../support/cli.js';
import { withoutDependencies } from '../support/apply-ops.js';
import { terraform } from '../support/terraform.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(drop));

const cases: Array<{ fixture: string; ours: string[]; theirs: string[] }> = [
  { fixture: 'v4-modules-foreach.tfstate', ours: ['mv', 'module.app["green"]', 'module.app["teal"]'], theirs: ['state', 'mv', '-state=terraform.tfstate', 'module.app["green"]', 'module.app["teal"]'] },
  { fixture: 'v4-modules-foreach.tfstate', ours: ['rm', 'module.tenant'], theirs: ['state', 'rm', '-state=terraform.tfstate', 'module.tenant'] },
  { fixture: 'v4-tainted-deposed.tfstate', ours: ['taint', 'aws_lb.main'], theirs: ['taint', '-state=terraform.tfstate', 'aws_lb.main'] },
  { fixture: 'v4-simple.tfstate', ours: ['replace-provider', 'hashicorp/random', 'acme/random'], theirs: ['state', 'replace-provider', '-auto-approve', '-state=terraform.tfstate', 'hashicorp/random', 'acme/random'] },
];

describe('tfstate edits equal terraform edits', () => {
  it.each(cases.map((c) => ({ ...c, name: c.ours.join(' ') })))('$name', (c) => {
    const ours = scratch({ 'terraform.tfstate': c.fixture });
    const theirs = scratch({ 'terraform.tfstate': c.fixture });
    dirs.push(ours, theirs);
    const r = tfstate([...c.ours, '--yes'], ours);
    expect(r.stderr).toMatch(/Wrote /);
    expect(r.code).toBe(0);
    const t = terraform(c.theirs, theirs);
    expect(t.status).toBe(0);
    expect(withoutDependencies(read(ours, 'terraform.tfstate'))).toBe(withoutDependencies(read(theirs, 'terraform.tfstate')));
    // Terraform reads what we wrote, and lists what we list.
    const list = terraform(['state', 'list', '-state=terraform.tfstate'], ours);
    expect(list.status).toBe(0);
    expect(list.stdout).toBe(tfstate(['list'], ours).stdout);
  });

  it('terraform reads a state we created by splitting with mv --to-state', () => {
    const d = scratch({ 'terraform.tfstate': 'v4-simple.tfstate' });
    dirs.push(d);
    const r = tfstate(['mv', 'aws_instance.web', 'aws_instance.web', '--to-state', 'split.tfstate', '--yes'], d);
    expect(r.code).toBe(0);
    const split = JSON.parse(read(d, 'split.tfstate')) as { serial: number; lineage: string };
    expect(split.serial).toBe(1);
    expect(split.lineage).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const list = terraform(['state', 'list', '-state=split.tfstate'], d);
    expect(list.stdout).toBe('aws_instance.web[0]\naws_instance.web[1]\n');
    expect(terraform(['state', 'list', '-state=terraform.tfstate'], d).stdout).not.toContain('aws_instance.web');
  });
});
