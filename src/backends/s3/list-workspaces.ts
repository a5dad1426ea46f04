/**
 * `listWorkspaces` for callers without a backend (e.g. `tfstate envs`).
 */
import './sdk-env.js';
import { createClients, type ClientTuning } from './clients.js';
import { InvalidS3LocationError } from './errors.js';
import { validateS3Location, type S3Location } from './location.js';
import { listWorkspacesWith } from './workspaces.js';

/**
 * Lists the workspaces stored for `location` (its `workspace` is ignored):
 * `default` first, then the others sorted. Builds and destroys its own
 * client. Throws `InvalidS3LocationError` for an invalid location and
 * `S3BackendError` (step `list`) when S3 fails.
 */
export async function listWorkspaces(location: S3Location & ClientTuning): Promise<string[]> {
  const diags = validateS3Location({ ...location, workspace: 'default' });
  if (diags.length > 0) throw new InvalidS3LocationError(diags);
  const clients = createClients({ ...location, dynamodbTable: undefined }, location);
  try {
    return await listWorkspacesWith(clients.s3, location);
  } finally {
    clients.destroy();
  }
}
