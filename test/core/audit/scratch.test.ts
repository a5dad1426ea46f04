import { it } from 'vitest';
import { auditState, auditEnvironments, renderAuditText } from '../../../src/core/audit/index.js';
import { loadConfiguration } from '../../../src/session/config-loader.js';
import { fixtureSnapshot, FIXTURES_DIR } from '../../support/fixtures.js';
it('scratch', async () => {
  const s = fixtureSnapshot('graph/audit/v4-upgrade-readiness.tfstate', { formatVersion: 3, upgraded: true });
  console.log(renderAuditText(auditState(s, { targetVersion: '1.11.4', protected: true, environment: 'prod' })));
  const envs = [
    { name: 'prod', snapshot: fixtureSnapshot('graph/audit/v4-prod.tfstate'), protected: true },
    { name: 'staging', snapshot: fixtureSnapshot('graph/audit/v4-staging.tfstate') },
  ];
  console.log(renderAuditText(auditEnvironments(envs)));
  const c = await loadConfiguration(FIXTURES_DIR + '/config/orphans');
  if (c.ok) console.log(renderAuditText(auditState(fixtureSnapshot('config/orphans.tfstate'), { config: c.value })));
  const c2 = await loadConfiguration(FIXTURES_DIR + '/config/cycles');
  if (c2.ok) console.log(renderAuditText(auditState(fixtureSnapshot('graph/v4-small-web.tfstate'), { config: c2.value })));
});
