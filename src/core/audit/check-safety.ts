/**
 * Production safety: stateful resources in a protected environment whose
 * recorded attributes show deletion or termination protection off.
 */
import { formatAbsResourceInstance } from '../addr/index.js';
import type { StateSnapshot } from '../state/types.js';
import { decodedAttributes } from './attributes.js';
import type { Finding } from './types.js';

/** One protection rule: a resource type, the attribute that protects it, and the value that means "unprotected". */
export interface ProtectionRule {
  readonly type: string;
  readonly attribute: string;
  /** The recorded value that leaves the object unprotected. */
  readonly unsafe: boolean;
  /** What the attribute protects against, for messages. */
  readonly protects: string;
}

/** The rule table. Add a line to cover another resource type. */
export const PROTECTION_RULES: readonly ProtectionRule[] = [
  { type: 'aws_db_instance', attribute: 'deletion_protection', unsafe: false, protects: 'deletion protection' },
  { type: 'aws_rds_cluster', attribute: 'deletion_protection', unsafe: false, protects: 'deletion protection' },
  { type: 'aws_instance', attribute: 'disable_api_termination', unsafe: false, protects: 'termination protection' },
  { type: 'aws_lb', attribute: 'enable_deletion_protection', unsafe: false, protects: 'deletion protection' },
  { type: 'aws_alb', attribute: 'enable_deletion_protection', unsafe: false, protects: 'deletion protection' },
  { type: 'aws_dynamodb_table', attribute: 'deletion_protection_enabled', unsafe: false, protects: 'deletion protection' },
  { type: 'aws_s3_bucket', attribute: 'force_destroy', unsafe: true, protects: 'protection against deleting a non-empty bucket' },
];

/**
 * TFS050 for every current (not deposed) managed instance of a type in
 * `rules` whose recorded attribute equals the rule's unsafe value. An
 * absent or null attribute is not reported (unknown). `environment` names
 * the protected environment in the message. Pure.
 */
export function safetyFindings(snapshot: StateSnapshot, environment: string, rules: readonly ProtectionRule[] = PROTECTION_RULES): Finding[] {
  const byType = new Map<string, ProtectionRule[]>();
  for (const r of rules) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  const out: Finding[] = [];
  for (const entry of snapshot.resources) {
    if (entry.mode !== 'managed') continue;
    const applicable = byType.get(entry.type);
    if (applicable === undefined) continue;
    for (const obj of entry.instances) {
      if (obj.deposed !== '') continue;
      const attributes = decodedAttributes(obj);
      if (attributes === null) continue;
      for (const rule of applicable) {
        if (attributes[rule.attribute] !== rule.unsafe) continue;
        const address = formatAbsResourceInstance({ module: entry.module, resource: { mode: entry.mode, type: entry.type, name: entry.name }, key: obj.key });
        out.push({
          code: 'TFS050',
          severity: 'warning',
          address,
          message: `${address} in the protected environment ${environment} has ${rule.protects} off (${rule.attribute} = ${String(rule.unsafe)}).`,
          remedy: `Set ${rule.attribute} = ${String(!rule.unsafe)} in its configuration and apply.`,
        });
      }
    }
  }
  return out;
}
