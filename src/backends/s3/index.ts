/**
 * The S3 backend's public surface. Import from here; the other files are
 * internal. Loading this module sets the environment variable that silences
 * the AWS SDK's Node 20 warning before the SDK loads.
 */
import './sdk-env.js';

export { createS3Backend, type S3Backend, type S3BackendConfig } from './backend.js';
export type { ClientTuning } from './clients.js';
export { ChecksumMismatchError, DigestUpdateError, InvalidS3LocationError, S3BackendError, type S3Step } from './errors.js';
export {
  BACKUPS_SUFFIX,
  DEFAULT_WORKSPACE_KEY_PREFIX,
  DIGEST_ID_SUFFIX,
  LOCK_FILE_SUFFIX,
  isValidWorkspaceName,
  namesFor,
  objectKeyFor,
  parseS3Url,
  validateS3Location,
  type S3Credentials,
  type S3Location,
  type S3Names,
} from './location.js';
export type { ConsistencyOptions } from './state-store.js';
export { listWorkspaces } from './list-workspaces.js';
export { listStateKeys } from './list-states.js';
