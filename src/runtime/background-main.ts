/**
 * The background thread's program (see background-thread.ts): answers
 * `hash` requests and runs `index` requests, in the order they arrive.
 */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { indexContainers, newContainerIndexMemory } from '../core/statefile/container-index.js';
import type { BackgroundReply, BackgroundRequest } from './background-thread.js';

/**
 * Indexes a small state-shaped document a few times, so the skipper is
 * compiled with the recorder before the first real state arrives: a single
 * long call would otherwise run its first megabytes unoptimised.
 */
function warmUp(): void {
  const attributes: Record<string, unknown> = {};
  for (let i = 0; i < 40; i++) attributes[`k${i}`] = i % 3 ? `v\\u00e9${i}` : { a: [1, 2.5e3, true, null], b: { c: 'x'.repeat(i) } };
  const instance = { schema_version: 0, attributes, sensitive_attributes: [], dependencies: ['aws_vpc.main'] };
  const state = { version: 4, outputs: { o: { value: [1, 2], type: ['list', 'number'] } }, resources: Array.from({ length: 40 }, () => ({ mode: 'managed', instances: [instance] })) };
  const bytes = new TextEncoder().encode(JSON.stringify(state, null, 2));
  for (let i = 0; i < 20; i++) indexContainers(bytes, newContainerIndexMemory(bytes.length));
}

const port = parentPort;
if (port !== null) {
  port.on('message', (m: BackgroundRequest) => {
    if (m.kind === 'index') {
      indexContainers(m.bytes, m.index);
      return;
    }
    let reply: BackgroundReply;
    try {
      const hash = createHash('sha256');
      for (const part of m.parts) hash.update(part);
      reply = { id: m.id, hex: hash.digest('hex') };
    } catch (e) {
      reply = { id: m.id, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
  try {
    warmUp();
  } catch {
    // only ever a speed-up
  }
}
