/**
 * Running the audit: every check over one state, or over several named
 * environments plus the cross-environment checks.
 */
import { buildResourceGraph } from '../graph/build.js';
import type { ConfigTree } from '../config/types.js';
import type { StateSnapshot } from '../state/types.js';
import { configCycleFindings, configReadFindings, orphanFindings } from './check-config.js';
import { crossEnvironmentFindings, type CrossEnvironmentOptions } from './check-cross-env.js';
import { graphFindings } from './check-graph.js';
import { safetyFindings, type ProtectionRule } from './check-safety.js';
import { secretFindings } from './check-secrets.js';
import { upgradeFindings } from './check-upgrade.js';
import { SEVERITIES, type Finding } from './types.js';

/** Options for auditing one state. */
export interface AuditOptions {
  /** The configuration to compare with (orphans, import candidates, configuration cycles). */
  readonly config?: ConfigTree;
  /** Terraform version the state is meant for next (`--target-version`). */
  readonly targetVersion?: string;
  /** The environment is protected: run the production-safety check. */
  readonly protected?: boolean;
  /** Environment name, put on every finding and used in messages. */
  readonly environment?: string;
  /** Replaces the production-safety rule table. */
  readonly protectionRules?: readonly ProtectionRule[];
}

/**
 * Orders findings: by severity (errors first), then environment, code,
 * address and message. Returns a new array.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding): number => SEVERITIES.indexOf(f.severity);
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...findings].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      cmp(a.environment ?? '', b.environment ?? '') ||
      cmp(a.code, b.code) ||
      cmp(a.address, b.address) ||
      cmp(a.message, b.message),
  );
}

/**
 * Audits one state: dependency graph (TFS001-004), upgrade readiness
 * (TFS030-037), secrets (TFS040-041), production safety (TFS050, only when
 * `protected`), and, with `config`, orphans and configuration problems
 * (TFS010-017, TFS020). Findings are sorted (`sortFindings`) and carry
 * `environment` when one is given. Pure.
 */
export function auditState(snapshot: StateSnapshot, options: AuditOptions = {}): Finding[] {
  const findings: Finding[] = [
    ...graphFindings(buildResourceGraph(snapshot)),
    ...upgradeFindings(snapshot, options.targetVersion),
    ...secretFindings(snapshot),
  ];
  if (options.protected) findings.push(...safetyFindings(snapshot, options.environment ?? 'this environment', options.protectionRules));
  if (options.config !== undefined) {
    findings.push(...configReadFindings(options.config), ...orphanFindings(snapshot, options.config), ...configCycleFindings(options.config));
  }
  const env = options.environment;
  return sortFindings(env === undefined ? findings : findings.map((f) => ({ ...f, environment: env })));
}

/** One environment of a multi-environment audit. */
export interface EnvironmentInput {
  readonly name: string;
  readonly snapshot: StateSnapshot;
  readonly protected?: boolean;
  readonly config?: ConfigTree;
}

/**
 * Audits several environments (`--all-envs`): `auditState` for each (with
 * its name, protection and configuration), plus the cross-environment
 * checks (TFS060, TFS061). Sorted. Pure.
 */
export function auditEnvironments(
  envs: readonly EnvironmentInput[],
  options: { readonly targetVersion?: string; readonly protectionRules?: readonly ProtectionRule[] } & CrossEnvironmentOptions = {},
): Finding[] {
  const findings: Finding[] = [];
  for (const e of envs) {
    findings.push(
      ...auditState(e.snapshot, {
        environment: e.name,
        protected: e.protected ?? false,
        ...(e.config !== undefined ? { config: e.config } : {}),
        ...(options.targetVersion !== undefined ? { targetVersion: options.targetVersion } : {}),
        ...(options.protectionRules !== undefined ? { protectionRules: options.protectionRules } : {}),
      }),
    );
  }
  findings.push(...crossEnvironmentFindings(envs.map((e) => ({ name: e.name, snapshot: e.snapshot })), options));
  return sortFindings(findings);
}
