/**
 * Terraform's LockInfo (statemgr.LockInfo), JSON-compatible with Terraform:
 * Go marshals the capitalised field names in this order, compact, so our lock
 * records and Terraform's recognise each other.
 */
export interface LockInfo {
  /** Unique lock ID (a UUID-formatted string). */
  ID: string;
  /** Why the lock is held, e.g. `state-mv`, `state-rm`, `tfstate-lock-hold`. */
  Operation: string;
  /** Free-form extra text (`--reason`). */
  Info: string;
  /** `user@hostname`. */
  Who: string;
  /** Version of the tool holding the lock. */
  Version: string;
  /** RFC 3339 UTC timestamp with nanoseconds. */
  Created: string;
  /** The locked state's path (`<bucket>/<key>` for S3). */
  Path: string;
}

/** Serialises LockInfo exactly as Terraform does (compact, struct order, no newline). */
export function marshalLockInfo(info: LockInfo): string {
  return JSON.stringify({
    ID: info.ID,
    Operation: info.Operation,
    Info: info.Info,
    Who: info.Who,
    Version: info.Version,
    Created: info.Created,
    Path: info.Path,
  })
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

/**
 * Parses a LockInfo JSON document (ours or Terraform's). Returns null when the
 * text is not a JSON object; missing fields become ''.
 */
export function parseLockInfo(text: string): LockInfo | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const s = (k: string): string => (typeof o[k] === 'string' ? (o[k] as string) : '');
  return { ID: s('ID'), Operation: s('Operation'), Info: s('Info'), Who: s('Who'), Version: s('Version'), Created: s('Created'), Path: s('Path') };
}

/** Terraform's human form of a lock, as printed in "Error acquiring the state lock". */
export function formatLockInfo(info: LockInfo): string {
  return [
    'Lock Info:',
    `  ID:        ${info.ID}`,
    `  Path:      ${info.Path}`,
    `  Operation: ${info.Operation}`,
    `  Who:       ${info.Who}`,
    `  Version:   ${info.Version}`,
    `  Created:   ${info.Created}`,
    `  Info:      ${info.Info}`,
  ].join('\n');
}
