/**
 * Audit findings: what every check produces and every renderer consumes.
 */
import type { SourceLocation } from '../config/types.js';

/** How much a finding matters. `error`: Terraform will misbehave or destroy something; `warning`: needs a decision; `info`: worth knowing. */
export type FindingSeverity = 'error' | 'warning' | 'info';

/** Severities from most to least severe. */
export const SEVERITIES: readonly FindingSeverity[] = ['error', 'warning', 'info'];

/** One audit finding. Never carries an attribute or output value that may be secret. */
export interface Finding {
  /** Stable code (`TFS001`); see `RULES`. Never reused for another meaning. */
  readonly code: string;
  readonly severity: FindingSeverity;
  /** The Terraform address concerned (resource, instance, module, `output.NAME`, provider config); `''` for the state as a whole. */
  readonly address: string;
  /** What was found, naming the address. */
  readonly message: string;
  /** What to do about it (a command where there is one). */
  readonly remedy: string;
  /** The environment the finding belongs to (multi-environment audits). */
  readonly environment?: string;
  /** Where in the configuration, for configuration findings. */
  readonly location?: SourceLocation;
  /** Other addresses involved (cycle members, the other environment's object). */
  readonly related?: readonly string[];
}
