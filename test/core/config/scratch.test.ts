import { it } from 'vitest';
import { loadConfiguration } from '../../../src/session/config-loader.js';
import { compareStateWithConfig, findConfigCycles } from '../../../src/core/config/index.js';
import { fixtureSnapshot, FIXTURES_DIR } from '../../support/fixtures.js';
it('scratch', async () => {
  const r = await loadConfiguration(FIXTURES_DIR + '/config/orphans');
  if (!r.ok) throw new Error(JSON.stringify(r.diags));
  
  console.log(r.value.diagnostics);
  
  const c = await loadConfiguration(FIXTURES_DIR + '/config/cycles');
  if (!c.ok) throw new Error('x');
  for (const cy of findConfigCycles(c.value)) console.log(cy.edges.map(e => `${e.from} -> ${e.to} @${e.location.file}:${e.location.line}${e.implicit?"(i)":""}`).join(" | "), cy.members.length);
});
