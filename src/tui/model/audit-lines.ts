/**
 * The audit view: findings of the loaded state grouped by severity, each a
 * line that links to its address (enter jumps to the resource).
 */
import { auditState, SEVERITIES, type Finding, type FindingSeverity } from '../../core/audit/index.js';
import type { StateSnapshot } from '../../core/state/types.js';
import { line, type Line } from './lines.js';

const cache = new WeakMap<StateSnapshot, Map<string, Finding[]>>();

/**
 * The (cached) findings for a snapshot audited as `environment`
 * (`protected` turns on the production-safety check). Pure apart from the
 * cache; the audit itself never reads attribute values into findings.
 */
export function findingsOf(snap: StateSnapshot, environment: string | null, isProtected: boolean): Finding[] {
  let bySettings = cache.get(snap);
  if (!bySettings) {
    bySettings = new Map();
    cache.set(snap, bySettings);
  }
  const key = `${environment ?? ''}\u0000${isProtected}`;
  let f = bySettings.get(key);
  if (!f) {
    f = auditState(snap, { protected: isProtected, ...(environment ? { environment } : {}) });
    bySettings.set(key, f);
  }
  return f;
}

const TITLES: Record<FindingSeverity, string> = { error: 'Errors', warning: 'Warnings', info: 'Info' };

/** The audit pane: one heading per severity present, then its findings (`CODE address: message`). */
export function auditLines(findings: readonly Finding[]): { lines: Line[]; findingAt: (number | null)[] } {
  const lines: Line[] = [];
  const findingAt: (number | null)[] = [];
  if (findings.length === 0) {
    lines.push(line('No findings: the audit found nothing to report for this state.', 'dim'));
    findingAt.push(null);
    return { lines, findingAt };
  }
  for (const sev of SEVERITIES) {
    const group = findings.map((f, i) => [f, i] as const).filter(([f]) => f.severity === sev);
    if (group.length === 0) continue;
    lines.push(line(`${TITLES[sev]} (${group.length})`, sev === 'error' ? 'error' : sev === 'warning' ? 'warn' : 'heading'));
    findingAt.push(null);
    for (const [f, i] of group) {
      // The message names the address.
      lines.push(line(`  ${f.code}  ${f.message}`, 'plain', f.address || undefined));
      findingAt.push(i);
    }
  }
  return { lines, findingAt };
}
