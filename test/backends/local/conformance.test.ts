/**
 * The local backend against the shared conformance suite, twice: with the
 * competing lock holder in a second process (how Terraform competes), and as
 * a second backend instance in this process (the process-wide lock table).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createLocalBackend } from '../../../src/backends/local/index.js';
import { runBackendConformance } from '../../conformance/suite.js';
import { spawnChildBackend } from './child-backend.js';

async function location(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tfstate-local-'));
  return { dir, file: path.join(dir, 'terraform.tfstate') };
}

runBackendConformance('local, second holder in another process', async () => {
  const { dir, file } = await location();
  return {
    backend: createLocalBackend(file),
    makeSecond: () => spawnChildBackend(file, 'bob@elsewhere'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

runBackendConformance('local, second holder in this process', async () => {
  const { dir, file } = await location();
  return {
    backend: createLocalBackend(file),
    makeSecond: async () => createLocalBackend(file),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
