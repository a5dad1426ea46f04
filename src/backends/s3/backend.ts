/**
 * The S3 backend: one location's state object, lock (lock file, DynamoDB or
 * both) and backups, speaking Terraform's S3 backend conventions
 * (terraform-state.md §10.2) so Terraform and this tool can share a state.
 */
import './sdk-env.js';
import type { Backend } from '../../ports/backend.js';
import { createS3BackupStore } from './backups.js';
import { createClients, type ClientTuning } from './clients.js';
import { InvalidS3LocationError } from './errors.js';
import { createDynamoDbLock } from './lock-dynamodb.js';
import { createLockFile } from './lock-file.js';
import type { LockMechanism } from './lock-mechanism.js';
import { namesFor, validateS3Location, type S3Location, type S3Names } from './location.js';
import { createS3Locker } from './locker.js';
import { createS3Recovery, type LockState } from './recover.js';
import { createS3StateStore, type ConsistencyOptions } from './state-store.js';
import { listWorkspacesWith } from './workspaces.js';

/** Configuration of `createS3Backend`: a location plus injectable behaviour. */
export interface S3BackendConfig extends S3Location, ClientTuning {
  /** Clock for the digest wait's deadline. Default: the system clock. */
  readonly clock?: () => Date;
  /** `user@host` recorded in backups whose metadata names nobody. */
  readonly who?: string;
  /** Digest wait timings (Terraform: 10 s, every 2 s) and its sleep. */
  readonly consistency?: Omit<ConsistencyOptions, 'now'>;
  /** Receives non-fatal problems, e.g. a digest that could not be read. */
  readonly warn?: (message: string) => void;
}

/** An S3 backend, with the names it derived and workspace listing. */
export interface S3Backend extends Backend {
  readonly kind: 's3';
  readonly names: S3Names;
  /** The backend's workspaces, `default` first (see `listWorkspacesWith`). */
  listWorkspaces(): Promise<string[]>;
}

/**
 * Creates the backend. Validates the location (throws
 * `InvalidS3LocationError` with diagnostics when invalid) and builds the SDK
 * clients, but contacts neither S3 nor DynamoDB. `locker` is null when
 * neither `dynamodbTable` nor `useLockfile` is set (Terraform: no locking).
 * Object writes are atomic; `recover()` finishes the digest update of a
 * write interrupted between the object put and the digest update, and
 * forgets the recorded intent of one interrupted before the put (see
 * recover.ts). Without a digest table it returns null without a request.
 */
export function createS3Backend(config: S3BackendConfig): S3Backend {
  const diags = validateS3Location(config);
  if (diags.length > 0) throw new InvalidS3LocationError(diags);
  const names = namesFor(config);
  const clients = createClients(config, config);
  const table = clients.dynamodb !== null && config.dynamodbTable !== undefined ? config.dynamodbTable : null;
  const mechanisms: LockMechanism[] = [];
  if (config.useLockfile === true) mechanisms.push(createLockFile(clients.s3, names));
  if (table !== null && clients.dynamodb !== null) mechanisms.push(createDynamoDbLock(clients.dynamodb, table, names));
  const locker = mechanisms.length > 0 ? createS3Locker(mechanisms, names.lockPath, names.url) : null;
  const lockState = async (): Promise<LockState> => {
    if (locker === null) return { kind: 'free' };
    if (locker.heldId() !== null) return { kind: 'ours' };
    const holder = await locker.status();
    return holder === null ? { kind: 'free' } : { kind: 'other', holder };
  };
  const recover = createS3Recovery({ clients, names, table, lockState });
  return {
    kind: 's3',
    names,
    store: createS3StateStore({
      clients,
      names,
      table,
      consistency: { ...config.consistency, ...(config.clock !== undefined ? { now: config.clock } : {}) },
      ...(config.warn !== undefined ? { warn: config.warn } : {}),
    }),
    locker,
    backups: createS3BackupStore(clients.s3, names, config.who),
    recover,
    async close() {
      clients.destroy();
    },
    listWorkspaces() {
      return listWorkspacesWith(clients.s3, config);
    },
  };
}
