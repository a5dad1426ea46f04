/**
 * SARIF 2.1.0 output, for code-scanning dashboards.
 */
import { RULES } from './rules.js';
import type { Finding, FindingSeverity } from './types.js';

/** Options for `renderAuditSarif`. */
export interface SarifOptions {
  /** The tool's version (`tool.driver.version`). */
  readonly toolVersion: string;
  /** Where the tool is documented (`tool.driver.informationUri`). */
  readonly informationUri?: string;
  /**
   * URI of each environment's state (key: environment name, `''` for a
   * single-state audit), used as the location of findings that have no
   * configuration location. Omitted: such findings have only a logical location.
   */
  readonly stateUris?: Readonly<Record<string, string>>;
  /** Prefix for configuration file paths (which are relative to the configuration root), e.g. `infra/`. */
  readonly configUriPrefix?: string;
}

const LEVELS: Readonly<Record<FindingSeverity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note' };

/** 32-bit FNV-1a of a string, as 8 hex digits (a stable fingerprint; not security-relevant). */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The findings as a SARIF 2.1.0 log object: one run, the driver `tfstate`
 * with every rule of `RULES` (id = code, name, description, default
 * level), one result per finding (level error/warning/note, message with
 * the remedy, a physical location in the configuration or the state when
 * known, the address as a logical location, a partial fingerprint of code,
 * environment and address, and `remedy`/`environment`/`related` as
 * properties). Valid against the published 2.1.0 schema. Pure.
 */
export function auditToSarif(findings: readonly Finding[], options: SarifOptions): Record<string, unknown> {
  const rules = Object.values(RULES);
  const index = new Map(rules.map((r, i) => [r.code, i]));
  const results = findings.map((f) => {
    const env = f.environment ?? '';
    const physical =
      f.location !== undefined
        ? { artifactLocation: { uri: `${options.configUriPrefix ?? ''}${f.location.file}` }, region: { startLine: f.location.line } }
        : options.stateUris?.[env] !== undefined
          ? { artifactLocation: { uri: options.stateUris[env] } }
          : undefined;
    const location: Record<string, unknown> = {};
    if (physical !== undefined) location['physicalLocation'] = physical;
    if (f.address !== '') location['logicalLocations'] = [{ fullyQualifiedName: env === '' ? f.address : `${env}:${f.address}`, kind: 'resource' }];
    const properties: Record<string, unknown> = { remedy: f.remedy };
    if (f.environment !== undefined) properties['environment'] = f.environment;
    if (f.related !== undefined) properties['related'] = f.related;
    const result: Record<string, unknown> = {
      ruleId: f.code,
      level: LEVELS[f.severity],
      message: { text: `${f.message}\nFix: ${f.remedy}` },
      partialFingerprints: { 'tfstateFinding/v1': fnv1a(`${f.code}\u0000${env}\u0000${f.address}`) },
      properties,
    };
    const ruleIndex = index.get(f.code);
    if (ruleIndex !== undefined) result['ruleIndex'] = ruleIndex;
    if (Object.keys(location).length > 0) result['locations'] = [location];
    return result;
  });
  const driver: Record<string, unknown> = {
    name: 'tfstate',
    version: options.toolVersion,
    rules: rules.map((r) => ({
      id: r.code,
      name: r.name,
      shortDescription: { text: r.description },
      defaultConfiguration: { level: LEVELS[r.severity] },
    })),
  };
  if (options.informationUri !== undefined) driver['informationUri'] = options.informationUri;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver }, results }],
  };
}

/** `auditToSarif` serialised with 2-space indent and a trailing newline. */
export function renderAuditSarif(findings: readonly Finding[], options: SarifOptions): string {
  return JSON.stringify(auditToSarif(findings, options), null, 2) + '\n';
}
