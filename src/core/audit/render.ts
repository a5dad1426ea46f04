/**
 * Audit output: text grouped by severity, JSON, and the `--fail-on` rule.
 */
import { at } from '../config/extract.js';
import { SEVERITIES, type Finding, type FindingSeverity } from './types.js';

/** Counts per severity. */
export type FindingSummary = Readonly<Record<FindingSeverity, number>>;

/** Counts findings per severity. */
export function summarize(findings: readonly Finding[]): FindingSummary {
  const s = { error: 0, warning: 0, info: 0 };
  for (const f of findings) s[f.severity]++;
  return s;
}

const HEADINGS: Readonly<Record<FindingSeverity, string>> = { error: 'Errors', warning: 'Warnings', info: 'Info' };

function indent(text: string, prefix: string): string {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l === '' ? l : prefix + l))
    .join('\n');
}

/**
 * Renders findings as text: one section per severity that has findings
 * ("Errors (2)", "Warnings (1)", "Info (3)"), each finding as its code and
 * address (prefixed by `[environment]` when set), the message, the
 * configuration location when there is one, and the remedy; then a summary
 * line. With no findings: "No findings.". Keeps the given order within a
 * section. Ends with a newline. Pure.
 */
export function renderAuditText(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No findings.\n';
  const lines: string[] = [];
  for (const severity of SEVERITIES) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    if (lines.length > 0) lines.push('');
    lines.push(`${HEADINGS[severity]} (${group.length})`);
    for (const f of group) {
      const env = f.environment === undefined ? '' : `[${f.environment}] `;
      lines.push('', `  ${f.code} ${env}${f.address === '' ? '(state)' : f.address}`);
      lines.push(indent(f.message, '    '));
      if (f.location !== undefined) lines.push(`    at ${at(f.location)}`);
      lines.push(indent(`Fix: ${f.remedy}`, '    '));
    }
  }
  const s = summarize(findings);
  lines.push('', `${s.error} error${s.error === 1 ? '' : 's'}, ${s.warning} warning${s.warning === 1 ? '' : 's'}, ${s.info} info`);
  return lines.join('\n') + '\n';
}

/** The JSON document for `audit --format json`. */
export interface AuditJson {
  readonly version: 1;
  readonly summary: FindingSummary;
  readonly findings: readonly Finding[];
}

/** Findings as the JSON document `{version, summary, findings}`, 2-space indented with a trailing newline. Pure. */
export function renderAuditJson(findings: readonly Finding[]): string {
  const doc: AuditJson = { version: 1, summary: summarize(findings), findings };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** The `--fail-on` levels. */
export type FailOn = 'error' | 'warning' | 'never';

/**
 * True when the findings reach the `--fail-on` level (the CLI then exits
 * with code 5): `error` - any error; `warning` - any error or warning;
 * `never` - never. Info findings never fail a run.
 */
export function shouldFail(findings: readonly Finding[], failOn: FailOn): boolean {
  switch (failOn) {
    case 'never':
      return false;
    case 'error':
      return findings.some((f) => f.severity === 'error');
    case 'warning':
      return findings.some((f) => f.severity === 'error' || f.severity === 'warning');
  }
}
