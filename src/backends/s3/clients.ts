/**
 * Building the SDK clients for a location, and reading SDK errors.
 *
 * Endpoints: explicit `endpoint` / `dynamodbEndpoint`, else
 * `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL_DYNAMODB` (then the generic
 * `AWS_ENDPOINT_URL`), else the SDK's AWS defaults. With a custom S3 endpoint
 * the client uses path-style addressing (unless `forcePathStyle: false`) and
 * computes request/response checksums only when an operation requires them,
 * which S3-compatible stores such as s3rver and MinIO need.
 *
 * Credentials come from the SDK's default chain (environment, shared config
 * with `profile`, SSO, instance metadata) unless given explicitly.
 */
import './sdk-env.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Location } from './location.js';

/** Tuning of the SDK clients; the defaults suit production. */
export interface ClientTuning {
  /** Attempts per request, including the first (SDK standard retry mode). Default 4. */
  readonly maxAttempts?: number;
  /** A request whose socket stays idle this long fails (and is retried). Default 60 000. */
  readonly idleTimeoutMs?: number;
  /** Connection establishment timeout. Default 10 000. */
  readonly connectTimeoutMs?: number;
  /** This tool's version, added to the SDK's user agent. */
  readonly version?: string;
  /** Environment to read endpoint variables from. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The clients of one backend. `dynamodb` is null without a table. */
export interface S3Clients {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient | null;
  /** True when S3 is reached through a custom endpoint. */
  readonly customEndpoint: boolean;
  destroy(): void;
}

/** Resolves the endpoints and builds the clients. Does not contact AWS. */
export function createClients(location: S3Location, tuning: ClientTuning = {}): S3Clients {
  const env = tuning.env ?? process.env;
  const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);
  const s3Endpoint = nonEmpty(location.endpoint) ?? nonEmpty(env.AWS_ENDPOINT_URL_S3) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  const dynamoEndpoint = nonEmpty(location.dynamodbEndpoint) ?? nonEmpty(env.AWS_ENDPOINT_URL_DYNAMODB) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  const customEndpoint = s3Endpoint !== undefined;
  // Custom endpoints are S3-compatible stores, which rarely check regions.
  const region = location.region ?? (customEndpoint ? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? 'us-east-1' : undefined);
  const common = {
    ...(region !== undefined ? { region } : {}),
    ...(location.profile !== undefined ? { profile: location.profile } : {}),
    ...(location.credentials !== undefined ? { credentials: location.credentials } : {}),
    maxAttempts: tuning.maxAttempts ?? 4,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: tuning.connectTimeoutMs ?? 10_000,
      socketTimeout: tuning.idleTimeoutMs ?? 60_000,
    },
    ...(tuning.version !== undefined ? { customUserAgent: `tfstate/${tuning.version}` } : {}),
  } as const;
  const s3 = new S3Client({
    ...common,
    ...(s3Endpoint !== undefined ? { endpoint: s3Endpoint } : {}),
    forcePathStyle: location.forcePathStyle ?? customEndpoint,
    ...(customEndpoint ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
  });
  const dynamodb =
    location.dynamodbTable !== undefined && location.dynamodbTable !== ''
      ? new DynamoDBClient({ ...common, ...(dynamoEndpoint !== undefined ? { endpoint: dynamoEndpoint } : {}) })
      : null;
  return {
    s3,
    dynamodb,
    customEndpoint,
    destroy() {
      s3.destroy();
      dynamodb?.destroy();
    },
  };
}
