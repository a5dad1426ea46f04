/**
 * The audit's rule table: one entry per finding code. Codes are stable:
 * never renumber or reuse one; add new codes at the end of their group.
 */
import type { FindingSeverity } from './types.js';

/** A rule: what its findings mean. */
export interface AuditRule {
  /** Stable code, `TFS` + three digits. */
  readonly code: string;
  /** Short kebab-case name (SARIF `rule.name`). */
  readonly name: string;
  /** The usual severity (a finding may be lower, e.g. for a data source). */
  readonly severity: FindingSeverity;
  /** One sentence describing the rule. */
  readonly description: string;
}

const rule = (code: string, name: string, severity: FindingSeverity, description: string): AuditRule => ({ code, name, severity, description });

/** Every rule, by code, in code order. */
export const RULES: Readonly<Record<string, AuditRule>> = Object.fromEntries(
  [
    rule('TFS001', 'dependency-cycle', 'error', 'Resources whose recorded dependencies form a cycle.'),
    rule('TFS002', 'self-dependency', 'error', 'A resource whose recorded dependencies name itself.'),
    rule('TFS003', 'dangling-dependency', 'warning', 'A recorded dependency on a resource absent from the state.'),
    rule('TFS004', 'invalid-dependency', 'warning', 'A dependencies entry that is not a resource address.'),
    rule('TFS010', 'orphaned-resource', 'error', 'A managed resource in state with no block in configuration: Terraform would destroy it.'),
    rule('TFS011', 'orphaned-data-source', 'info', 'A data source in state with no block in configuration: Terraform drops it.'),
    rule('TFS012', 'orphan-moved', 'info', 'A resource in state that a moved block accounts for.'),
    rule('TFS013', 'orphan-removed', 'info', 'A resource in state that a removed block accounts for.'),
    rule('TFS014', 'instance-key-mismatch', 'warning', "An instance key that does not fit its block's count or for_each."),
    rule('TFS015', 'import-candidate', 'warning', 'A managed resource in configuration with no instance in state: Terraform would create it.'),
    rule('TFS016', 'module-not-checked', 'info', 'A module call whose source the audit did not read.'),
    rule('TFS017', 'configuration-unreadable', 'warning', 'Configuration the audit could not read completely.'),
    rule('TFS020', 'configuration-cycle', 'error', "References in configuration that form a cycle Terraform reports when it plans."),
    rule('TFS030', 'old-state-format', 'warning', 'A state stored in a format version before 4.'),
    rule('TFS031', 'legacy-provider', 'warning', 'Resources bound to a legacy provider address that needs replace-provider.'),
    rule('TFS032', 'flatmap-attributes', 'warning', 'Instances still storing attributes in the pre-0.12 flat format.'),
    rule('TFS033', 'terraform-version-older', 'info', 'A state last written by an older Terraform than the target version.'),
    rule('TFS034', 'terraform-version-newer', 'warning', 'A state last written by a newer Terraform than the target version.'),
    rule('TFS035', 'tainted-object', 'warning', 'An instance marked tainted: the next apply replaces it.'),
    rule('TFS036', 'deposed-object', 'warning', 'Deposed objects left by an interrupted create_before_destroy replacement.'),
    rule('TFS037', 'zero-instance-resource', 'info', 'A resource entry with no instances.'),
    rule('TFS040', 'sensitive-output', 'warning', 'A sensitive output whose value is stored in plain text in the state.'),
    rule('TFS041', 'sensitive-attributes', 'info', 'Sensitive attribute values stored in plain text in the state.'),
    rule('TFS050', 'protection-disabled', 'warning', 'A stateful resource in a protected environment with deletion or termination protection off.'),
    rule('TFS060', 'shared-object', 'error', 'The same remote object managed by two environments.'),
    rule('TFS061', 'cross-environment-reference', 'warning', "A value in one environment naming another environment's object."),
  ].map((r) => [r.code, r]),
);
