/**
 * Decoding: bytes -> StateSnapshot, collecting every problem found.
 *
 * v4 files are indexed by a single scan (json-scan.ts): small metadata fields
 * are decoded, payloads (`attributes`, `private`, `identity`, outputs) stay
 * raw. v1-v3 files are upgraded in memory (upgrade.ts) to v4 text first and
 * then indexed the same way. Nothing here throws for bad input: every refusal
 * is a diagnostic.
 */
import { error, fail, hasErrors, ok, type Result } from '../diag/index.js';
import type { Framing, RawField, RawJson, ResourceEntry, Span, StateSnapshot } from '../state/types.js';
import type { ContainerEnds } from './container-index.js';
import { DecodeContext, shorten, shown } from './decode-context.js';
import { JsonScanner, JsonSyntaxError, lineColumn, spanText } from './json-scan.js';
import { binaryStateDiagnostic, encryptedStateDiagnostic, futureVersionDiagnostic, noStateDiagnostic, sniff } from './sniff.js';
import { upgradeLegacyState } from './upgrade.js';

/** Options for decoding. */
export interface DecodeOptions {
  /** How to name the file in messages (a path or s3:// URL). */
  readonly location: string;
  /**
   * An index of the same bytes being built on another thread (see
   * container-index.ts), to skip what it has validated; ignored when it
   * indexes other bytes. Never changes the result, only the time.
   */
  readonly containerEnds?: ContainerEnds;
}

const encoder = new TextEncoder();

/**
 * Decodes a state file. Refuses (with diagnostics, never a throw) empty files,
 * the legacy binary format, encrypted OpenTofu envelopes, unknown format
 * versions, invalid JSON (with line and column) and structural errors; all
 * structural problems are reported, not only the first.
 */
export function decodeState(bytes: Uint8Array, options: DecodeOptions): Result<StateSnapshot> {
  const where = options.location;
  const kind = sniff(bytes);
  if (kind.kind === 'empty') return fail(noStateDiagnostic(where));
  if (kind.kind === 'binary') return fail(binaryStateDiagnostic(where));
  try {
    const ends = options.containerEnds?.bytes === bytes ? options.containerEnds : null;
    return decodeJson(bytes, where, ends);
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      const { line, column } = lineColumn(bytes, e.offset);
      return fail(
        error(
          'state.invalid-json',
          'Invalid JSON in state file',
          `${where}:${line}:${column}: ${e.message}. The file is not valid JSON, so it is not a usable state; nothing was changed. Restore it from a backup (tfstate backups) or fix the syntax at that position.`,
        ),
      );
    }
    throw e;
  }
}

function decodeJson(bytes: Uint8Array, where: string, ends: ContainerEnds | null): Result<StateSnapshot> {
  const s = new JsonScanner(bytes, ends);
  if (s.peek() !== 0x7b) {
    return fail(error('state.not-a-state', 'Not a state file', `${where} does not contain a JSON object, so it is not a Terraform state file.`));
  }
  const framing: Framing = bytes[s.pos + 1] === 0x0a || bytes[s.pos + 1] === 0x0d ? 'indent' : 'compact';
  const ctx = new DecodeContext(bytes, where, framing);
  const topFields: RawField[] = [];
  let version: unknown;
  let versionText = '';
  let resources: ResourceEntry[] = [];
  let sawEncryption = false;
  let sawModules = false;
  s.object((key) => {
    if (key === 'resources' && (version === undefined || version === 4)) {
      const start = s.pos;
      resources = ctx.resources(s);
      topFields.push(topField(key, ctx.raw({ start, end: s.pos }, 1)));
      return;
    }
    const span = s.skipValue();
    topFields.push(topField(key, ctx.raw(span, 1)));
    if (key === 'version') {
      version = parseAt(bytes, span);
      versionText = spanText(bytes, span);
    }
    if (key === 'encryption_version' || key === 'encrypted_data') sawEncryption = true;
    if (key === 'modules') sawModules = true;
  });
  const afterTop = s.pos;
  if (s.ws() !== -1) s.fail(`invalid character ${s.describe(s.pos)} after top-level value`);
  const trailer = bytes.subarray(afterTop);

  if (version === undefined) {
    if (sawEncryption) return fail(encryptedStateDiagnostic(where));
    return fail(error('state.no-version', 'Not a state file', `${where} does not have a "version" attribute, so it is not a Terraform state file (or it is damaged). Check the path, or restore a backup.`));
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail(error('state.bad-version', 'Invalid state file format', `${where} has an invalid "version" attribute (${typeof version === 'object' && version !== null ? shown(version) : shorten(versionText)}); it must be an integer between 1 and 4.`));
  }
  const tfVersionField = topFields.find((f) => f.key === 'terraform_version')?.value;
  const tfVersion = tfVersionField ? safeString(bytes, tfVersionField.span) : null;
  if (version > 4) return fail(futureVersionDiagnostic(where, version, tfVersion));
  if (version < 4) {
    void sawModules;
    const upgraded = upgradeLegacyState(bytes, version, where);
    if (!upgraded.ok) return upgraded;
    const again = decodeState(encoder.encode(upgraded.value), { location: where });
    if (!again.ok) return again;
    return ok({ ...again.value, upgraded: true, meta: { ...again.value.meta, formatVersion: version } }, [...upgraded.diags, ...again.diags]);
  }

  const diags = ctx.diags;
  const field = (k: string): RawJson | undefined => topFields.find((f) => f.key === k)?.value;
  const terraformVersion = tfVersion ?? '';
  if (!tfVersionField || tfVersion === null || !/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(tfVersion)) {
    diags.push(error('state.bad-terraform-version', 'Invalid state file format', `${where} has an invalid "terraform_version" (${tfVersionField ? spanText(bytes, tfVersionField.span) : 'missing'}); it must be a version such as "1.11.4".`));
  }
  const serialField = field('serial');
  let serial = 0n;
  const serialText = serialField ? spanText(bytes, serialField.span) : '';
  if (/^\d+$/.test(serialText)) serial = BigInt(serialText);
  else diags.push(error('state.bad-serial', 'Invalid state file format', `${where} has an invalid "serial" (${serialText || 'missing'}); it must be a non-negative integer.`));
  const lineageField = field('lineage');
  const lineage = lineageField ? safeString(bytes, lineageField.span) : '';
  if (lineageField && lineage === null) diags.push(error('state.bad-lineage', 'Invalid state file format', `${where} has a "lineage" that is not a string.`));
  const outputsField = field('outputs');
  const outputs = outputsField ? ctx.outputs(outputsField) : [];

  if (hasErrors(diags)) return fail(diags);
  return ok(
    {
      meta: { formatVersion: 4, terraformVersion, serial, lineage: lineage ?? '' },
      framing,
      resources,
      outputs,
      bytes,
      topFields,
      trailer,
      upgraded: false,
    },
    diags,
  );
}

function topField(key: string, value: RawJson): RawField {
  return { key, value };
}

function parseAt(bytes: Uint8Array, span: Span): unknown {
  try {
    return JSON.parse(spanText(bytes, span));
  } catch (e) {
    throw new JsonSyntaxError((e as Error).message, span.start);
  }
}

function safeString(bytes: Uint8Array, span: Span): string | null {
  try {
    const v = JSON.parse(spanText(bytes, span));
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}
