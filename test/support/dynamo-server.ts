/**
 * An in-process DynamoDB server for tests: `dynalite` in memory
 * (`createTableMs: 0`) behind a small front on 127.0.0.1 with a random port.
 * The front reads each request's JSON body, lets fault rules see the
 * operation and the parsed body (so a test can fail only the digest PutItem),
 * then forwards to dynalite.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { applyFaults, type Fault } from './s3-server.js';

export type { Fault } from './s3-server.js';

/** What a DynamoDB fault rule sees: the operation (`PutItem`, `GetItem`, …) and the request body. */
export interface DynamoRequest {
  readonly operation: string;
  readonly body: Record<string, unknown>;
}

/** Decides, per request, whether to inject a fault. `undefined`: serve normally. */
export type DynamoFaultRule = (request: DynamoRequest) => Fault | undefined;

/** A running test DynamoDB server. */
export interface DynamoTestServer {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Every request that reached dynalite, in order. */
  readonly requests: DynamoRequest[];
  /** Creates a Terraform lock table: hash key `LockID` (String), on-demand. */
  createLockTable(name: string): Promise<void>;
  /** Adds a fault rule; returns its remover. */
  injectFault(rule: DynamoFaultRule): () => void;
  /** Removes every fault rule. */
  clearFaults(): void;
  /** A client for this server (dummy credentials, no retries), for setup and assertions; one per server. */
  client(): DynamoDBClient;
  /** Stops both servers and drops open connections. */
  stop(): Promise<void>;
}

type DynaliteFactory = (options: { createTableMs: number; deleteTableMs: number; updateTableMs: number }) => Server;
const dynalite = createRequire(import.meta.url)('dynalite') as DynaliteFactory;

/** Starts the server. Call `stop()` when done. */
export async function startDynamo(): Promise<DynamoTestServer> {
  const inner = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => inner.listen(0, '127.0.0.1', resolve));
  const innerPort = (inner.address() as AddressInfo).port;
  const rules: DynamoFaultRule[] = [];
  const requests: DynamoRequest[] = [];
  const clients: DynamoDBClient[] = [];
  let signalStopped!: () => void;
  const stopped = new Promise<void>((r) => (signalStopped = r));

  const jsonError = (code: string, message: string) => ({
    contentType: 'application/x-amz-json-1.0',
    body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${code}`, message }),
  });

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const out = request(
      { host: '127.0.0.1', port: innerPort, method: req.method, path: req.url, headers: { ...req.headers, 'content-length': String(body.length) } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    out.end(body);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      } catch {
        parsed = {};
      }
      const target = String(req.headers['x-amz-target'] ?? '');
      const summary: DynamoRequest = { operation: target.slice(target.indexOf('.') + 1), body: parsed };
      const asRules = rules.map((rule) => () => rule(summary));
      if (await applyFaults(asRules, { method: req.method ?? 'POST', bucket: '', key: '', query: new URLSearchParams(), headers: req.headers }, req, res, stopped, jsonError)) return;
      requests.push(summary);
      forward(req, res, body);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const makeClient = (): DynamoDBClient => {
    if (clients.length > 0) return clients[0];
    const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    clients.push(client);
    return client;
  };

  return {
    endpoint,
    requests,
    async createLockTable(name) {
      const client = makeClient();
      await client.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'LockID', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'LockID', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    },
    injectFault(rule) {
      rules.push(rule);
      return () => {
        const i = rules.indexOf(rule);
        if (i >= 0) rules.splice(i, 1);
      };
    },
    clearFaults() {
      rules.length = 0;
    },
    client: makeClient,
    async stop() {
      signalStopped();
      for (const c of clients) c.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      inner.closeAllConnections();
      await new Promise<void>((resolve) => inner.close(() => resolve()));
    },
  };
}
