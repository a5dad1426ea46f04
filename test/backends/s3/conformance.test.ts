/**
 * The shared backend conformance suite, run against every S3 locking variant
 * Terraform supports (DynamoDB, the .tflock object, both) and without locking.
 * The second backend is another client on the same bucket and key.
 */
import { createS3Backend } from '../../../src/backends/s3/index.js';
import { runBackendConformance } from '../../conformance/suite.js';
import { LOCK_MODES, useS3Fixture, type LockMode } from './harness.js';

const fx = useS3Fixture();

const labels: Record<LockMode | 'none', string> = {
  dynamodb: 'S3 + DynamoDB lock',
  lockfile: 'S3 + .tflock lock',
  both: 'S3 + .tflock and DynamoDB locks',
  none: 'S3 without locking',
};

for (const mode of [...LOCK_MODES, 'none'] as const) {
  runBackendConformance(
    labels[mode],
    async () => {
      await fx.fresh();
      const config = fx.configFor(mode);
      return {
        backend: createS3Backend(config),
        makeSecond: async () => createS3Backend(config),
        cleanup: async () => {},
      };
    },
    { locking: mode !== 'none' },
  );
}
