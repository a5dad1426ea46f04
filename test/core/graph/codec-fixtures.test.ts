import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditState } from '../../../src/core/audit/index.js';
import { buildResourceGraph, graphToJson } from '../../../src/core/graph/index.js';
import { decodeState } from '../../../src/core/statefile/index.js';
import { fixtureSnapshot, FIXTURES_DIR } from '../../support/fixtures.js';

const files = [
  ...readdirSync(join(FIXTURES_DIR, 'graph')).filter((f) => f.endsWith('.tfstate')).map((f) => `graph/${f}`),
  ...readdirSync(join(FIXTURES_DIR, 'graph/audit')).map((f) => `graph/audit/${f}`),
  'config/orphans.tfstate',
];

describe('graph and audit fixtures', () => {
  it.each(files)('%s decodes with the codec to the same graph and findings as with the test builder', (file) => {
    const decoded = decodeState(new Uint8Array(readFileSync(join(FIXTURES_DIR, file))), { location: file });
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const built = fixtureSnapshot(file);
    expect(graphToJson(buildResourceGraph(decoded.value))).toEqual(graphToJson(buildResourceGraph(built)));
    expect(auditState(decoded.value, { protected: true, targetVersion: '1.11.4' })).toEqual(auditState(built, { protected: true, targetVersion: '1.11.4' }));
  });
});
