// Audit throughput on S3 (issue 5): `tfstate audit --all s3://bucket/prefix`
// over many 1 MB states on a local S3 server, in states per second.
//
// The server is s3rver (the test suite's S3 store) on 127.0.0.1 with a random
// port, in this process, wrapped to count GET requests in flight so the report
// shows how many states the CLI really reads at once. The states are distinct
// (bench/generate.mjs with seeds 1..N, about 1 MB each, cached in
// bench/out/s3-audit/) so cross-environment checks see a realistic fleet, not
// N identical copies. Nothing leaves 127.0.0.1.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';
import { generatorVersion } from './states.mjs';
import { measure, summarize } from './measure.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CACHE = join(HERE, 'out', 's3-audit');
const BUCKET = 'bench';
const PREFIX = 'fleet/';

/** Generates (or reuses) `count` distinct states of about `bytes` each. */
function fleetStates(count, bytes, log) {
  const version = generatorVersion();
  const stamp = join(CACHE, 'generator.txt');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() !== version) rmSync(CACHE, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(stamp, version + '\n');
  const sampleFile = join(CACHE, '.sample.tfstate');
  const sample = generate({ cells: 40, seed: 1, out: sampleFile });
  rmSync(sampleFile, { force: true });
  const cells = Math.max(1, Math.round(bytes / (sample.bytes / 40)));
  const files = [];
  let made = 0;
  for (let seed = 1; seed <= count; seed++) {
    const file = join(CACHE, `state-${cells}cells-seed${seed}.tfstate`);
    if (!existsSync(file) || statSync(file).size === 0) {
      const tmp = `${file}.${process.pid}.tmp`;
      generate({ cells, seed, out: tmp });
      renameSync(tmp, file);
      made++;
    }
    files.push(file);
  }
  log(`s3-audit: ${count} states of ${cells} service cells (${made} generated, ${count - made} reused)`);
  return files;
}

/** Starts s3rver behind a counter of in-flight object GETs. */
async function startServer() {
  const S3rver = createRequire(import.meta.url)('s3rver');
  const directory = mkdtempSync(join(tmpdir(), 'tfstate-bench-s3rver-'));
  const s3rver = new S3rver({ directory, silent: true, resetOnClose: false });
  const koa = s3rver.callback();
  const gets = { inFlight: 0, max: 0, total: 0 };
  const server = createServer((req, res) => {
    delete req.headers.authorization;
    const isGet = req.method === 'GET' && /^\/[^/?]+\/[^?]/.test(req.url ?? '');
    if (isGet) {
      gets.total++;
      gets.max = Math.max(gets.max, ++gets.inFlight);
      res.once('close', () => gets.inFlight--);
    }
    koa(req, res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  return {
    endpoint,
    gets,
    store: s3rver.store,
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      s3rver.logger?.close?.();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function upload(endpoint, files) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const { S3Client, PutObjectCommand, CreateBucketCommand } = await import('@aws-sdk/client-s3');
  const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const i = next++;
        const key = `${PREFIX}env-${String(i + 1).padStart(3, '0')}/terraform.tfstate`;
        await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: readFileSync(files[i]), ContentType: 'application/json' }));
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  } finally {
    s3.destroy();
  }
}

/**
 * Runs the S3 audit benchmark and resolves to
 * `{ count, stateBytes, samples, error?, maxConcurrentGets, getsPerRun }`.
 */
export async function benchS3Audit({ cli, count, bytes, runs, probe, timeoutMs, scratch, log }) {
  const files = fleetStates(count, bytes, log);
  const stateBytes = files.reduce((n, f) => n + statSync(f).size, 0) / files.length;
  const server = await startServer();
  const result = { count, stateBytes, samples: [], maxConcurrentGets: 0, getsPerRun: 0 };
  try {
    log(`s3-audit: uploading ${count} states to ${server.endpoint}`);
    await upload(server.endpoint, files);
    const env = { ...process.env, AWS_ENDPOINT_URL_S3: server.endpoint, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };
    for (let i = 0; i < runs; i++) {
      const dir = mkdtempSync(join(scratch, 's3-audit-'));
      server.gets.max = 0;
      const before = server.gets.total;
      const r = await measure({ cmd: process.execPath, args: [cli, 'audit', '--all', `s3://${BUCKET}/${PREFIX}`, '--fail-on', 'never', '--format', 'json'], cwd: dir, env, stdoutFile: join(dir, 'audit.json'), timeoutMs, probe });
      rmSync(dir, { recursive: true, force: true });
      if (r.timedOut || r.code !== 0) {
        result.error = r.timedOut ? 'timed out' : `exit ${r.code ?? r.signal}: ${r.stderr.trim().split('\n').slice(-6).join(' / ')}`;
        log(`s3-audit: ERROR ${result.error}`);
        break;
      }
      result.samples.push({ ms: r.ms, rssKB: r.rssKB });
      result.maxConcurrentGets = Math.max(result.maxConcurrentGets, server.gets.max);
      result.getsPerRun = server.gets.total - before;
      log(`s3-audit run ${i + 1}/${runs}: ${(r.ms / 1000).toFixed(2)} s, ${(count / (r.ms / 1000)).toFixed(1)} states/s, ${server.gets.max} GETs at once`);
    }
  } finally {
    await server.stop();
  }
  return result;
}

/** Markdown for the S3 audit result. */
export function s3AuditSection(r) {
  const lines = [`#### Audit throughput on S3: ${r.count} states of ${(r.stateBytes / 1e6).toFixed(1)} MB`, ''];
  if (r.error) {
    lines.push(`ERROR: ${r.error}`, '');
    return lines.join('\n');
  }
  const t = summarize(r.samples.map((s) => s.ms));
  const rss = Math.max(...r.samples.map((s) => s.rssKB ?? 0));
  const rate = (ms) => (r.count / (ms / 1000)).toFixed(1);
  lines.push('`tfstate audit --all s3://bench/fleet/ --fail-on never --format json` against s3rver on 127.0.0.1 (in the harness process), all state objects distinct.', '');
  lines.push('| states | median (min–max) | states per second (median, best) | MB/s (median) | peak RSS | most GETs in flight | GETs per run |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  lines.push(`| ${r.count} | ${(t.median / 1000).toFixed(2)} s (${(t.min / 1000).toFixed(2)}–${(t.max / 1000).toFixed(2)} s) | ${rate(t.median)}, ${rate(t.min)} | ${((r.count * r.stateBytes) / 1e6 / (t.median / 1000)).toFixed(1)} | ${rss ? `${Math.round((rss * 1024) / 1e6)} MB` : ''} | ${r.maxConcurrentGets} | ${r.getsPerRun} |`);
  lines.push('');
  return lines.join('\n');
}
