/**
 * The audit: checks over a state (and optionally its configuration and
 * other environments) producing findings with stable codes, and text,
 * JSON and SARIF renderers. Pure.
 */
export * from './types.js';
export { RULES, type AuditRule } from './rules.js';
export { auditEnvironments, auditState, sortFindings, type AuditOptions, type EnvironmentInput } from './audit.js';
export { graphFindings } from './check-graph.js';
export { configCycleFindings, configReadFindings, orphanFindings } from './check-config.js';
export { compareVersions, parseVersion, upgradeFindings } from './check-upgrade.js';
export { secretFindings } from './check-secrets.js';
export { PROTECTION_RULES, safetyFindings, type ProtectionRule } from './check-safety.js';
export { crossEnvironmentFindings, type CrossEnvironmentOptions, type NamedSnapshot } from './check-cross-env.js';
export { decodedAttributes, forEachString, formatSensitivePath, sensitivePaths, valueAtPath } from './attributes.js';
export { renderAuditJson, renderAuditText, shouldFail, summarize, type AuditJson, type FailOn, type FindingSummary } from './render.js';
export { auditToSarif, fnv1a, renderAuditSarif, type SarifOptions } from './render-sarif.js';
export { shellArg, tfstateCommand } from './shell.js';
