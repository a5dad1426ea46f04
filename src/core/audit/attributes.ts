/**
 * Looking at instance attributes for the audit (decoded lazily, read only).
 */
import { findField, rawValue } from '../statefile/raw.js';
import type { InstanceObject } from '../state/types.js';

/**
 * The decoded `attributes` object of an instance object, or null when it
 * has none (flatmap-only instances) or it is not a JSON object. Uses
 * `JSON.parse`, so large integers lose precision: for looking only.
 */
export function decodedAttributes(obj: InstanceObject): Record<string, unknown> | null {
  const raw = findField(obj.fields, 'attributes');
  if (raw === undefined) return null;
  const value = rawValue(raw);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A step of a `sensitive_attributes` path as stored (§1.4). */
type PathStep = { type?: string; value?: unknown };

/**
 * The decoded `sensitive_attributes` paths of an instance object (empty when
 * absent or malformed; a path with a step that is not an object is left out).
 */
export function sensitivePaths(obj: InstanceObject): PathStep[][] {
  const raw = findField(obj.fields, 'sensitive_attributes');
  if (raw === undefined) return [];
  const value = rawValue(raw);
  if (!Array.isArray(value)) return [];
  return value.filter((p): p is PathStep[] => Array.isArray(p) && p.every((step) => typeof step === 'object' && step !== null && !Array.isArray(step)));
}

/** Formats a `sensitive_attributes` path like an HCL traversal: `password`, `tags["db"]`, `ingress[0].cidr_blocks`. */
export function formatSensitivePath(path: readonly PathStep[]): string {
  let out = '';
  for (const step of path) {
    if (step.type === 'get_attr' && typeof step.value === 'string') {
      out += out === '' ? step.value : `.${step.value}`;
    } else if (step.type === 'index') {
      const key = (step.value as { value?: unknown } | undefined)?.value;
      out += typeof key === 'string' ? `[${JSON.stringify(key)}]` : `[${String(key)}]`;
    }
  }
  return out;
}

/** The value at a `sensitive_attributes` path, or undefined when the path leads nowhere. */
export function valueAtPath(attributes: unknown, path: readonly PathStep[]): unknown {
  let cur: unknown = attributes;
  for (const step of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const key = step.type === 'index' ? (step.value as { value?: unknown } | undefined)?.value : step.value;
    if (Array.isArray(cur)) {
      if (typeof key !== 'number') return undefined;
      cur = cur[key];
    } else {
      if (typeof key !== 'string') return undefined;
      cur = (cur as Record<string, unknown>)[key];
    }
  }
  return cur;
}

/**
 * Calls `visit(value, path)` for every string leaf of a decoded JSON value,
 * with its path as a traversal (`ingress[0].security_groups[1]`).
 * Iterative, so deep values are safe.
 */
export function forEachString(value: unknown, visit: (s: string, path: string) => void): void {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') visit(v, path);
    else if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!;
        stack.push([child, path === '' ? k : /^[A-Za-z_][\w-]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`]);
      }
    }
  }
}
