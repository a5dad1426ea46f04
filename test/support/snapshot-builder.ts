/**
 * A small test builder for `StateSnapshot` values, independent of the codec.
 *
 * `buildSnapshot(spec)` makes a snapshot from a compact description;
 * `snapshotFromStateJson(text)` reads a hand-written Terraform v4 state
 * (JSON.parse based: fine for test inputs, not lossless); `stateJson(spec)`
 * prints a spec as a Terraform-shaped v4 file, for writing fixtures. Raw
 * values are built by encoding JSON text with TextEncoder; every raw field
 * has its own byte array and no origin span.
 */
import { isLegacyProvider, parseModuleInstance, parseProviderConfig } from '../../src/core/addr/index.js';
import { intKey, NO_KEY, stringKey, type InstanceKey } from '../../src/core/addr/types.js';
import type { InstanceObject, OutputEntry, RawField, RawJson, ResourceEntry, StateSnapshot } from '../../src/core/state/types.js';

/** One instance object. */
export interface InstanceSpec {
  readonly key?: number | string;
  readonly deposed?: string;
  readonly status?: 'tainted';
  readonly schemaVersion?: number;
  /** Attribute object (JSON-encoded); default `{}` unless `attributesFlat` is given. */
  readonly attributes?: unknown;
  readonly attributesFlat?: Readonly<Record<string, string>>;
  /** `sensitive_attributes` paths in state file form. */
  readonly sensitiveAttributes?: readonly unknown[];
  readonly dependencies?: readonly string[];
  readonly createBeforeDestroy?: boolean;
}

/** One resource entry. */
export interface ResourceSpec {
  /** Module instance string as stored (`module.a["x"]`); default root. */
  readonly module?: string;
  readonly mode?: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** Default `provider["registry.terraform.io/hashicorp/<type prefix>"]`. */
  readonly provider?: string;
  readonly instances?: readonly InstanceSpec[];
}

/** One root output. */
export interface OutputSpec {
  readonly name: string;
  readonly value: unknown;
  readonly type?: unknown;
  readonly sensitive?: boolean;
}

/** A whole snapshot. */
export interface SnapshotSpec {
  readonly formatVersion?: number;
  readonly terraformVersion?: string;
  readonly serial?: number;
  readonly lineage?: string;
  readonly upgraded?: boolean;
  readonly outputs?: readonly OutputSpec[];
  readonly resources: readonly ResourceSpec[];
}

const encoder = new TextEncoder();

/** A raw value holding exactly `json` (must be valid JSON text). */
export function raw(json: string): RawJson {
  const bytes = encoder.encode(json);
  return { bytes, span: { start: 0, end: bytes.length }, framing: 'indent', depth: 0 };
}

function field(key: string, value: unknown): RawField {
  return { key, value: raw(JSON.stringify(value)) };
}

function instanceKey(k: number | string | undefined): InstanceKey {
  if (k === undefined) return NO_KEY;
  return typeof k === 'number' ? intKey(k) : stringKey(k);
}

function defaultProvider(type: string): string {
  return `provider["registry.terraform.io/hashicorp/${type.split('_')[0]}"]`;
}

function buildInstance(spec: InstanceSpec): InstanceObject {
  const fields: RawField[] = [];
  if (spec.key !== undefined) fields.push(field('index_key', spec.key));
  if (spec.status !== undefined) fields.push(field('status', spec.status));
  if (spec.deposed !== undefined) fields.push(field('deposed', spec.deposed));
  fields.push(field('schema_version', spec.schemaVersion ?? 0));
  if (spec.attributes !== undefined || spec.attributesFlat === undefined) fields.push(field('attributes', spec.attributes ?? {}));
  if (spec.attributesFlat !== undefined) fields.push(field('attributes_flat', spec.attributesFlat));
  fields.push(field('sensitive_attributes', spec.sensitiveAttributes ?? []));
  if (spec.dependencies !== undefined && spec.dependencies.length > 0) fields.push(field('dependencies', spec.dependencies));
  if (spec.createBeforeDestroy) fields.push(field('create_before_destroy', true));
  return {
    key: instanceKey(spec.key),
    deposed: spec.deposed ?? '',
    status: spec.status ?? 'ready',
    schemaVersion: spec.schemaVersion ?? 0,
    dependencies: spec.dependencies ?? [],
    createBeforeDestroy: spec.createBeforeDestroy ?? false,
    provider: '',
    fields,
    origin: null,
  };
}

function buildResource(spec: ResourceSpec): ResourceEntry {
  const module = parseModuleInstance(spec.module ?? '');
  if (!module.ok) throw new Error(`bad module in test spec: ${spec.module}`);
  const provider = spec.provider ?? defaultProvider(spec.type);
  const parsed = parseProviderConfig(provider);
  const instances = (spec.instances ?? [{}]).map(buildInstance);
  const fields: RawField[] = [];
  if (spec.module) fields.push(field('module', spec.module));
  fields.push(field('mode', spec.mode ?? 'managed'), field('type', spec.type), field('name', spec.name), field('provider', provider));
  return {
    module: module.value,
    mode: spec.mode ?? 'managed',
    type: spec.type,
    name: spec.name,
    provider,
    providerConfig: parsed.ok ? parsed.value.config : null,
    legacyProvider: parsed.ok && (parsed.value.legacy || isLegacyProvider(parsed.value.config.provider)),
    instances,
    fields,
    origin: null,
  };
}

/** Builds a snapshot from a compact spec (defaults: v4, Terraform 1.11.4, serial 1, lineage "test-lineage"). */
export function buildSnapshot(spec: SnapshotSpec): StateSnapshot {
  const outputs: OutputEntry[] = (spec.outputs ?? []).map((o) => ({
    name: o.name,
    sensitive: o.sensitive ?? false,
    value: raw(JSON.stringify(o.value)),
    type: raw(JSON.stringify(o.type ?? 'string')),
  }));
  const text = stateJson(spec);
  return {
    meta: {
      formatVersion: spec.formatVersion ?? 4,
      terraformVersion: spec.terraformVersion ?? '1.11.4',
      serial: BigInt(spec.serial ?? 1),
      lineage: spec.lineage ?? 'test-lineage',
    },
    framing: 'indent',
    resources: spec.resources.map(buildResource),
    outputs,
    bytes: encoder.encode(text),
    topFields: [],
    trailer: encoder.encode('\n'),
    upgraded: spec.upgraded ?? false,
  };
}

/** Prints `spec` as a Terraform-shaped v4 state file (2-space indent, trailing newline). */
export function stateJson(spec: SnapshotSpec): string {
  const doc = {
    version: 4,
    terraform_version: spec.terraformVersion ?? '1.11.4',
    serial: spec.serial ?? 1,
    lineage: spec.lineage ?? 'test-lineage',
    outputs: Object.fromEntries(
      (spec.outputs ?? []).map((o) => [o.name, { value: o.value, type: o.type ?? 'string', ...(o.sensitive ? { sensitive: true } : {}) }]),
    ),
    resources: spec.resources.map((r) => ({
      ...(r.module ? { module: r.module } : {}),
      mode: r.mode ?? 'managed',
      type: r.type,
      name: r.name,
      provider: r.provider ?? defaultProvider(r.type),
      instances: (r.instances ?? [{}]).map((i) => ({
        ...(i.key !== undefined ? { index_key: i.key } : {}),
        ...(i.status ? { status: i.status } : {}),
        ...(i.deposed ? { deposed: i.deposed } : {}),
        schema_version: i.schemaVersion ?? 0,
        ...(i.attributes !== undefined || i.attributesFlat === undefined ? { attributes: i.attributes ?? {} } : {}),
        ...(i.attributesFlat ? { attributes_flat: i.attributesFlat } : {}),
        sensitive_attributes: i.sensitiveAttributes ?? [],
        ...(i.dependencies && i.dependencies.length > 0 ? { dependencies: i.dependencies } : {}),
        ...(i.createBeforeDestroy ? { create_before_destroy: true } : {}),
      })),
    })),
    check_results: null,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

interface StateDoc {
  version?: number;
  terraform_version?: string;
  serial?: number;
  lineage?: string;
  outputs?: Record<string, { value: unknown; type?: unknown; sensitive?: boolean }>;
  resources?: {
    module?: string;
    mode?: 'managed' | 'data';
    type: string;
    name: string;
    provider?: string;
    instances?: {
      index_key?: number | string;
      status?: 'tainted';
      deposed?: string;
      schema_version?: number;
      attributes?: unknown;
      attributes_flat?: Record<string, string>;
      sensitive_attributes?: unknown[];
      dependencies?: string[];
      create_before_destroy?: boolean;
    }[];
  }[];
}

/**
 * Reads a hand-written Terraform v4 state file (test fixtures) into a
 * snapshot via `buildSnapshot`. `formatVersion` overrides the file's
 * `version` (for fixtures standing for upgraded v3 states).
 */
export function snapshotFromStateJson(text: string, options: { formatVersion?: number; upgraded?: boolean } = {}): StateSnapshot {
  const doc = JSON.parse(text) as StateDoc;
  return buildSnapshot({
    formatVersion: options.formatVersion ?? doc.version ?? 4,
    upgraded: options.upgraded ?? false,
    terraformVersion: doc.terraform_version ?? '1.11.4',
    serial: doc.serial ?? 1,
    lineage: doc.lineage ?? '',
    outputs: Object.entries(doc.outputs ?? {}).map(([name, o]) => ({ name, value: o.value, type: o.type, sensitive: o.sensitive ?? false })),
    resources: (doc.resources ?? []).map((r) => ({
      module: r.module,
      mode: r.mode ?? 'managed',
      type: r.type,
      name: r.name,
      provider: r.provider,
      instances: (r.instances ?? []).map((i) => ({
        key: i.index_key,
        status: i.status,
        deposed: i.deposed,
        schemaVersion: i.schema_version,
        attributes: i.attributes,
        attributesFlat: i.attributes_flat,
        sensitiveAttributes: i.sensitive_attributes,
        dependencies: i.dependencies,
        createBeforeDestroy: i.create_before_destroy,
      })),
    })),
  });
}
