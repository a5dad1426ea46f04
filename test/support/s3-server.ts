/**
 * An in-process S3 server for tests: `s3rver` (objects in a temporary
 * directory) behind a small front of our own, on 127.0.0.1 with a random port.
 *
 * The front adds what s3rver lacks and AWS has:
 * - conditional writes: `If-None-Match: *` and `If-Match: <etag>` on PUT
 *   object are enforced under a per-key mutex (412 PreconditionFailed; 404
 *   NoSuchKey for If-Match on a missing key), as AWS does. `conditionalWrites:
 *   'ignore'` simulates S3-compatible stores that silently ignore them;
 * - server-side encryption headers: the SSE headers sent with a PUT are
 *   remembered per key and returned by GET/HEAD (s3rver drops them);
 * - atomic object writes: a PUT object's body is read in full before s3rver
 *   sees it, so a client that dies mid-upload leaves the previous object in
 *   place, as on AWS (s3rver streams into the object file and would keep
 *   the truncated bytes under the old ETag). The object file is then
 *   written beside the bucket and renamed into place before the PUT is
 *   answered: s3rver's own `putObject` answers once the body has passed
 *   through, before its write stream has flushed, so a GET right after a
 *   PUT could read a truncated file (read-after-write, as AWS has it);
 * - atomic reads: a GET or HEAD of an object is served under the same
 *   per-key mutex as PUT and DELETE, so it never mixes the bytes of one
 *   version with the size or ETag of another;
 * - fault injection: a rule sees each request and may answer with an error
 *   status, drop the connection, stall, or run code first;
 * - a request log, for asserting what a client sent.
 *
 * Signatures are not checked (the Authorization header is removed before
 * s3rver sees the request), so any credentials work.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, IncomingMessage, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';

/** The parts of s3rver (an untyped CommonJS package) this harness uses. */
interface S3rverInstance {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  readonly store: S3rverStore;
  readonly logger: { close(): void };
}
/** s3rver's filesystem store, the parts used here. */
interface S3rverStore {
  existsObject(bucket: string, key: string): Promise<boolean>;
  getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
  putBucket(bucket: string): Promise<unknown>;
  getResourcePath(bucket: string, key: string, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: Record<string, unknown>, md5: string): Promise<void>;
  putObject(object: S3rverObject): Promise<{ size: number; md5: string }>;
}
/** An object as s3rver hands it to its store. */
interface S3rverObject {
  readonly bucket: string;
  readonly key: string;
  readonly content: Buffer | AsyncIterable<Buffer>;
  readonly metadata: Record<string, unknown>;
}
type S3rverConstructor = new (options: { directory: string; silent: boolean; resetOnClose: boolean }) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

/** What a fault rule sees of a request. `key` is '' for bucket-level requests. */
export interface RequestSummary {
  readonly method: string;
  readonly bucket: string;
  readonly key: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
}

/**
 * What the server does instead of (or before) serving a request:
 * - `status`: answer with this HTTP status and an AWS-style XML error;
 * - `drop`: destroy the connection without answering;
 * - `stall`: wait `ms` (Infinity: until the server stops), then serve normally;
 * - `before`: run `run()`, then serve normally.
 */
export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly code?: string; readonly message?: string }
  | { readonly kind: 'drop' }
  | { readonly kind: 'stall'; readonly ms: number }
  | { readonly kind: 'before'; readonly run: () => Promise<void> };

/** Decides, per request, whether to inject a fault. `undefined`: serve normally. */
export type FaultRule = (request: RequestSummary) => Fault | undefined;

/** SSE settings remembered for an object. */
export interface ObjectEncryption {
  readonly serverSideEncryption?: string;
  readonly kmsKeyId?: string;
  readonly bucketKeyEnabled?: string;
}

/** A running test S3 server. */
export interface S3TestServer {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Every request received, in order (after fault rules, before serving). */
  readonly requests: RequestSummary[];
  /** Creates a bucket directly in the store. */
  createBucket(name: string): Promise<void>;
  /** Adds a fault rule (rules are consulted in order); returns its remover. */
  injectFault(rule: FaultRule): () => void;
  /** Removes every fault rule. */
  clearFaults(): void;
  /** `enforce` (default, like AWS) or `ignore` (like stores that skip conditional headers). */
  setConditionalWrites(mode: 'enforce' | 'ignore'): void;
  /** The SSE headers the last PUT of this object carried, if any. */
  encryptionOf(bucket: string, key: string): ObjectEncryption | undefined;
  /** A client for this server (path style, dummy credentials, no retries), for test setup and assertions; one per server. */
  client(): S3Client;
  /** Stops the server, drops open connections and deletes the data directory. */
  stop(): Promise<void>;
}

const SSE_HEADERS = {
  serverSideEncryption: 'x-amz-server-side-encryption',
  kmsKeyId: 'x-amz-server-side-encryption-aws-kms-key-id',
  bucketKeyEnabled: 'x-amz-server-side-encryption-bucket-key-enabled',
} as const;

/** Builds an AWS-style XML error document. */
export function s3ErrorXml(code: string, message: string, extra: Record<string, string> = {}): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const fields = Object.entries(extra)
    .map(([k, v]) => `<${k}>${esc(v)}</${k}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${esc(code)}</Code><Message>${esc(message)}</Message>${fields}<RequestId>TEST</RequestId><HostId>TEST</HostId></Error>`;
}

/** Parses a path-style request URL into bucket, key and query. */
export function summarize(req: IncomingMessage): RequestSummary {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname.replace(/^\//, '');
  const slash = path.indexOf('/');
  const bucket = decodeURIComponent(slash < 0 ? path : path.slice(0, slash));
  const key = slash < 0 ? '' : decodeURIComponent(path.slice(slash + 1));
  return { method: req.method ?? 'GET', bucket, key, query: url.searchParams, headers: req.headers };
}

/**
 * Applies the first matching fault rule. Returns true when the request was
 * fully handled (answered or dropped) and must not be served.
 */
export async function applyFaults(
  rules: readonly FaultRule[],
  summary: RequestSummary,
  req: IncomingMessage,
  res: ServerResponse,
  stopped: Promise<void>,
  errorBody: (code: string, message: string) => { contentType: string; body: string },
): Promise<boolean> {
  for (const rule of rules) {
    const fault = rule(summary);
    if (fault === undefined) continue;
    switch (fault.kind) {
      case 'status': {
        req.resume();
        const { contentType, body } = errorBody(fault.code ?? 'InternalError', fault.message ?? 'We encountered an internal error. Please try again.');
        res.writeHead(fault.status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
        res.end(body);
        return true;
      }
      case 'drop':
        req.socket.destroy();
        return true;
      case 'stall': {
        let timer: NodeJS.Timeout | undefined;
        const elapsed = new Promise<void>((r) => {
          if (Number.isFinite(fault.ms)) timer = setTimeout(r, fault.ms);
        });
        const closed = new Promise<void>((r) => req.socket.once('close', () => r()));
        await Promise.race([stopped, elapsed, closed]);
        clearTimeout(timer);
        return req.socket.destroyed;
      }
      case 'before':
        await fault.run();
        return false;
    }
  }
  return false;
}

/** A per-key mutex: `run(key, fn)` runs `fn` after every earlier holder of `key` finished. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/** A request's whole body, or null when the client went away before sending all of it. */
export async function wholeBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } catch {
    return null;
  }
  return req.complete ? Buffer.concat(chunks) : null;
}

/** A request that yields `body` (already read from `req`), for s3rver to consume as if it came off the socket. */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.headers = req.headers;
  copy.rawHeaders = req.rawHeaders;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  copy.complete = true;
  copy.push(body);
  copy.push(null);
  return copy;
}

function stripQuotes(etag: string): string {
  return etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
}

/**
 * Replaces s3rver's `putObject` with one that resolves only once the object
 * file is complete: written in `staging` (same file system) and renamed over
 * the old one, its MD5 and metadata written after.
 */
function storeObjectsAtomically(store: S3rverStore, staging: string): void {
  let next = 0;
  store.putObject = async (object) => {
    const chunks: Buffer[] = [];
    if (Buffer.isBuffer(object.content)) chunks.push(object.content);
    else for await (const c of object.content) chunks.push(c);
    const content = Buffer.concat(chunks);
    const target = store.getResourcePath(object.bucket, object.key, 'object');
    const staged = join(staging, String(next++));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(staged, content);
    await rename(staged, target);
    const md5 = createHash('md5').update(content).digest('hex');
    await store.putMetadata(object.bucket, object.key, object.metadata, md5);
    return { size: content.length, md5 };
  };
}

/** Starts the server. Call `stop()` when done (e.g. in `afterAll`). */
export async function startS3Server(): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), 'tfstate-s3rver-'));
  const s3rver = new S3rver({ directory, silent: true, resetOnClose: false });
  const koa = s3rver.callback();
  const store = s3rver.store;
  const staging = await mkdtemp(join(tmpdir(), 'tfstate-s3rver-staging-'));
  storeObjectsAtomically(store, staging);
  const rules: FaultRule[] = [];
  const requests: RequestSummary[] = [];
  const encryption = new Map<string, ObjectEncryption>();
  const mutex = new KeyedMutex();
  let conditionalWrites: 'enforce' | 'ignore' = 'enforce';
  let signalStopped!: () => void;
  const stopped = new Promise<void>((r) => (signalStopped = r));
  const clients: S3Client[] = [];

  const currentEtag = async (bucket: string, key: string): Promise<string | null> => {
    if (!(await store.existsObject(bucket, key))) return null;
    const meta = await store.getMetadata(bucket, key);
    return stripQuotes(String(meta.etag));
  };

  const xmlError = (code: string, message: string) => ({ contentType: 'application/xml', body: s3ErrorXml(code, message) });

  const reject = (req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string, extra: Record<string, string>): void => {
    req.resume();
    const body = s3ErrorXml(code, message, extra);
    res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const finished = (res: ServerResponse): Promise<void> =>
    new Promise((resolve) => {
      if (res.writableFinished || res.destroyed) resolve();
      else res.once('close', () => resolve());
    });

  const serve = async (req: IncomingMessage, res: ServerResponse, summary: RequestSummary): Promise<void> => {
    delete req.headers.authorization;
    const { method, bucket, key } = summary;
    const isObject = bucket !== '' && key !== '';
    const id = `${bucket}/${key}`;
    if (isObject && (method === 'GET' || method === 'HEAD')) {
      const sse = encryption.get(id);
      if (sse !== undefined) {
        const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
        (res as unknown as { writeHead: (...args: unknown[]) => ServerResponse }).writeHead = (...args: unknown[]) => {
          const status = typeof args[0] === 'number' ? args[0] : res.statusCode;
          if (status === 200 || status === 206) {
            for (const [field, header] of Object.entries(SSE_HEADERS)) {
              const value = sse[field as keyof ObjectEncryption];
              if (value !== undefined) res.setHeader(header, value);
            }
          }
          return writeHead(...args);
        };
      }
    }
    const writes = isObject && (method === 'PUT' || method === 'DELETE') && !summary.query.has('uploadId');
    if (!writes) {
      if (isObject && (method === 'GET' || method === 'HEAD')) {
        await mutex.run(id, async () => {
          const done = finished(res);
          koa(req, res);
          await done;
        });
      } else koa(req, res);
      return;
    }
    // AWS stores an object only once its whole body has arrived.
    let request = req;
    if (method === 'PUT') {
      const body = await wholeBody(req);
      if (body === null) return;
      request = replay(req, body);
    }
    await mutex.run(id, async () => {
      if (method === 'PUT' && conditionalWrites === 'enforce') {
        const ifNoneMatch = req.headers['if-none-match'];
        const ifMatch = req.headers['if-match'];
        if (ifNoneMatch !== undefined || ifMatch !== undefined) {
          const etag = await currentEtag(bucket, key);
          if (ifNoneMatch !== undefined && ifNoneMatch.trim() === '*' && etag !== null) {
            reject(req, res, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: 'If-None-Match' });
            return;
          }
          if (ifMatch !== undefined) {
            if (etag === null) {
              reject(req, res, 404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
              return;
            }
            const wanted = ifMatch.split(',').map(stripQuotes);
            if (!wanted.includes('*') && !wanted.includes(etag)) {
              reject(req, res, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: 'If-Match' });
              return;
            }
          }
        }
      }
      const done = finished(res);
      koa(request, res);
      await done;
      if (res.statusCode >= 200 && res.statusCode < 300) {
        if (method === 'DELETE') {
          encryption.delete(id);
        } else {
          const sse: Record<string, string> = {};
          for (const [field, header] of Object.entries(SSE_HEADERS)) {
            const value = req.headers[header];
            if (typeof value === 'string') sse[field] = value;
          }
          if (Object.keys(sse).length > 0) encryption.set(id, sse);
          else encryption.delete(id);
        }
      }
    });
  };

  const server = createServer((req, res) => {
    const summary = summarize(req);
    void (async () => {
      try {
        if (await applyFaults(rules, summary, req, res, stopped, xmlError)) return;
        requests.push(summary);
        await serve(req, res, summary);
      } catch (err) {
        if (!res.headersSent) {
          const body = s3ErrorXml('InternalError', `test server: ${String(err)}`);
          res.writeHead(500, { 'content-type': 'application/xml' });
          res.end(body);
        } else {
          res.destroy();
        }
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;

  return {
    endpoint,
    requests,
    async createBucket(name) {
      await store.putBucket(name);
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
    setConditionalWrites(mode) {
      conditionalWrites = mode;
    },
    encryptionOf(bucket, key) {
      return encryption.get(`${bucket}/${key}`);
    },
    client() {
      if (clients.length > 0) return clients[0];
      const client = new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    async stop() {
      signalStopped();
      for (const c of clients) c.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      s3rver.logger.close();
      await rm(directory, { recursive: true, force: true });
      await rm(staging, { recursive: true, force: true });
    },
  };
}
