/**
 * What an operation produces: a plan (human lines, the addresses touched,
 * the equivalent configuration) and the resulting state. Planning is pure;
 * the session's transaction applies plans.
 */
import type { Diagnostic } from '../diag/index.js';
import type { AbsResource } from '../addr/types.js';
import type { StateSnapshot } from '../state/types.js';

/** One planned change, in Terraform's words where Terraform has them. */
export interface PlanStep {
  /** `mv`, `rm`, `import`, `taint`, `untaint`, `replace-provider`, `noop`. */
  readonly op: string;
  /** Terraform's line, e.g. `Move "a" to "b"`, `Removed a`. */
  readonly line: string;
  /** The line when the change is only previewed (`Would move …`). */
  readonly dryLine: string;
  readonly from?: string;
  readonly to?: string;
  /** True when the step changes nothing (already done). */
  readonly done?: boolean;
}

/** Equivalent configuration for an edit (`--emit-hcl`). */
export interface HclBlock {
  readonly kind: 'moved' | 'removed' | 'import' | 'comment';
  readonly text: string;
}

/** The result of planning one or more operations on a snapshot. */
export interface Plan {
  readonly steps: readonly PlanStep[];
  /** The state the plan was made on. */
  readonly base: StateSnapshot;
  /** The state after the edit (serial unchanged; the transaction bumps it). */
  readonly result: StateSnapshot;
  /** Resource addresses whose entries differ between before and after (for per-resource diffs). */
  readonly touched: readonly AbsResource[];
  readonly hcl: readonly HclBlock[];
  /** Terraform's closing line (`Successfully moved 2 object(s).`). */
  readonly summary: string;
  /** True when `result` differs from the input. */
  readonly changed: boolean;
  readonly warnings: readonly Diagnostic[];
}
