/**
 * Terraform address vocabulary (mirrors Terraform's `internal/addrs`).
 *
 * Every address has a string form based on HCL traversal syntax (what users
 * type and what `state list` prints) and this structural in-memory form.
 * Address values are immutable: never change one in place. Local types
 * (`Resource`) pair with absolute types (`AbsResource`) that add a module path.
 * Use `key()` strings (see format.ts) for Map/Set membership, never identity.
 */

/** No instance key: a resource or module without count/for_each. */
export interface NoKey {
  readonly kind: 'none';
}
/** A `count` index. */
export interface IntKey {
  readonly kind: 'int';
  readonly value: number;
}
/** A `for_each` key. `["0"]` is distinct from `[0]`. */
export interface StringKey {
  readonly kind: 'string';
  readonly value: string;
}
/** The closed set of instance keys. */
export type InstanceKey = NoKey | IntKey | StringKey;

/** The shared no-key value. */
export const NO_KEY: NoKey = Object.freeze({ kind: 'none' });

/** Builds an int key. */
export function intKey(value: number): IntKey {
  return { kind: 'int', value };
}
/** Builds a string key. */
export function stringKey(value: string): StringKey {
  return { kind: 'string', value };
}

/** One `module.NAME[KEY]` step of a module instance path. */
export interface ModuleInstanceStep {
  readonly name: string;
  readonly key: InstanceKey;
}

/** A module instance path; the root module is the empty array. */
export type ModuleInstance = readonly ModuleInstanceStep[];

/** The root module instance. */
export const ROOT_MODULE: ModuleInstance = Object.freeze([]) as ModuleInstance;

/** Resource modes. `ephemeral` and `list` parse but are never stored in state. */
export type ResourceMode = 'managed' | 'data' | 'ephemeral' | 'list';

/** A resource in some module, without module path or key (`aws_instance.web`). */
export interface Resource {
  readonly mode: ResourceMode;
  readonly type: string;
  readonly name: string;
}

/** A resource with its module instance path. */
export interface AbsResource {
  readonly module: ModuleInstance;
  readonly resource: Resource;
}

/** A single resource instance: module path, resource and key. */
export interface AbsResourceInstance {
  readonly module: ModuleInstance;
  readonly resource: Resource;
  readonly key: InstanceKey;
}

/**
 * What a CLI address argument denotes (Terraform's `addrs.Target`):
 * a module instance, a whole resource (no key given), or one instance.
 */
export type Target =
  | { readonly kind: 'module'; readonly module: ModuleInstance }
  | { readonly kind: 'resource'; readonly addr: AbsResource }
  | { readonly kind: 'instance'; readonly addr: AbsResourceInstance };

/**
 * A provider configuration address as stored in a resource's `provider`
 * field: `provider["registry.terraform.io/hashicorp/aws"].west`, optionally
 * prefixed by a module path without keys (`module.a.module.b.`).
 */
export interface AbsProviderConfig {
  /** Module path (names only; provider configs have no instance keys). */
  readonly module: readonly string[];
  /** Fully-qualified provider source. */
  readonly provider: ProviderSource;
  /** Alias, or '' when none. */
  readonly alias: string;
}

/** A provider source address `hostname/namespace/type`. */
export interface ProviderSource {
  readonly hostname: string;
  readonly namespace: string;
  readonly type: string;
}
