/**
 * Hashing and comparing state content (an array or a rope) part by part,
 * for the backends: nothing here joins a rope into one array.
 */
import { createHash } from 'node:crypto';
import { asRope, type StateBytes } from '../../core/statefile/byte-rope.js';

/** The `sha256` or `md5` digest of `content`, in lower-case hex or base64 (S3's Content-MD5). */
export function digestOf(algorithm: 'sha256' | 'md5', content: StateBytes, encoding: 'hex' | 'base64' = 'hex'): string {
  const h = createHash(algorithm);
  for (const p of asRope(content).parts) h.update(p);
  return h.digest(encoding);
}

/** True when `content` holds exactly `bytes`. */
export function contentEquals(content: StateBytes, bytes: Uint8Array): boolean {
  const rope = asRope(content);
  if (rope.length !== bytes.length) return false;
  let o = 0;
  for (const p of rope.parts) {
    if (Buffer.compare(p, bytes.subarray(o, o + p.length)) !== 0) return false;
    o += p.length;
  }
  return true;
}
