/**
 * Cross-environment isolation: the same remote object managed by two
 * environments, and values in one environment naming another environment's
 * objects (a staging security group that names a production VPC).
 */
import { formatAbsResourceInstance } from '../addr/index.js';
import type { StateSnapshot } from '../state/types.js';
import { decodedAttributes, forEachString } from './attributes.js';
import { tfstateCommand } from './shell.js';
import type { Finding } from './types.js';

/** A state with the name of its environment. */
export interface NamedSnapshot {
  readonly name: string;
  readonly snapshot: StateSnapshot;
}

/** Options for `crossEnvironmentFindings`. */
export interface CrossEnvironmentOptions {
  /** IDs shorter than this are too common to compare (default 8). ARNs are always compared. */
  readonly minIdLength?: number;
}

/**
 * Providers whose resources are not remote objects (random values, local
 * files, computed documents): their IDs say nothing about isolation.
 */
const NOT_REMOTE_OBJECTS: ReadonlySet<string> = new Set(['random', 'time', 'null', 'local', 'tls', 'archive', 'terraform', 'http', 'external', 'cloudinit', 'template']);

interface Owner {
  readonly env: string;
  readonly address: string;
  readonly type: string;
  readonly value: string;
}

function providerPrefix(type: string): string {
  const i = type.indexOf('_');
  return i === -1 ? type : type.slice(0, i);
}

function isArn(s: string): boolean {
  return s.startsWith('arn:') && s.split(':').length >= 6;
}

/**
 * Findings across environments. TFS060 (error) when two environments
 * manage the same object: equal `arn` attributes, or, for objects without
 * one, equal resource type and `id` (IDs shorter than `minIdLength` or all
 * digits are ignored). TFS061 (warning) when a string in one environment's
 * attributes (managed or data, current objects) is, or contains as a token,
 * an `id` or `arn` that only another environment manages; ARN tokens also
 * match their `/`-separated prefixes and without a trailing `*`. One
 * finding per (environment, instance, other environment's instance), with
 * the attribute paths. Values owned by more than one environment are left
 * to TFS060. Resources of non-remote providers (random, time, null, local,
 * tls, …) are ignored. Linear in the size of the attributes: every
 * environment's IDs go into one Map, then each string leaf is looked up.
 * Never prints a value other than the other environment's object ID.
 */
export function crossEnvironmentFindings(envs: readonly NamedSnapshot[], options: CrossEnvironmentOptions = {}): Finding[] {
  const minIdLength = options.minIdLength ?? 8;
  const out: Finding[] = [];
  // Identity of each managed object, and the IDs/ARNs that name it.
  const identities = new Map<string, Owner[]>();
  const names = new Map<string, Owner[]>();
  const add = (map: Map<string, Owner[]>, key: string, owner: Owner): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [owner]);
    else if (!list.some((o) => o.env === owner.env && o.address === owner.address)) list.push(owner);
  };

  for (const { name: env, snapshot } of envs) {
    for (const entry of snapshot.resources) {
      if (entry.mode !== 'managed' || NOT_REMOTE_OBJECTS.has(providerPrefix(entry.type))) continue;
      for (const obj of entry.instances) {
        if (obj.deposed !== '') continue;
        const attributes = decodedAttributes(obj);
        if (attributes === null) continue;
        const address = formatAbsResourceInstance({ module: entry.module, resource: { mode: entry.mode, type: entry.type, name: entry.name }, key: obj.key });
        const id = typeof attributes['id'] === 'string' ? attributes['id'] : '';
        const arn = typeof attributes['arn'] === 'string' && isArn(attributes['arn']) ? attributes['arn'] : '';
        const usableId = id.length >= minIdLength && !/^\d+$/.test(id);
        if (arn !== '') add(identities, `arn\u0000${arn}`, { env, address, type: entry.type, value: arn });
        else if (usableId) add(identities, `id\u0000${entry.type}\u0000${id}`, { env, address, type: entry.type, value: id });
        if (arn !== '') add(names, arn, { env, address, type: entry.type, value: arn });
        if (usableId || isArn(id)) add(names, id, { env, address, type: entry.type, value: id });
      }
    }
  }

  for (const owners of identities.values()) {
    const envNames = new Set(owners.map((o) => o.env));
    if (envNames.size < 2) continue;
    const first = owners[0]!;
    const where = owners.map((o) => `${o.env} (${o.address})`).join(' and ');
    out.push({
      code: 'TFS060',
      severity: 'error',
      address: first.address,
      environment: first.env,
      message: `The same ${first.type} ${first.value} is managed in ${where}; an apply in one environment changes or destroys the other's object.`,
      remedy: `Keep it in one environment and read it with a data source in the others. To stop managing it in ${owners[1]!.env} (the object stays): ${tfstateCommand('rm', owners[1]!.address, '--env', owners[1]!.env)}`,
      related: owners.slice(1).map((o) => `${o.env}:${o.address}`),
    });
  }

  // A known name's owner when exactly one environment has it (null: several), worked out once per name.
  const soleOwners = new Map<string, Owner | null>();
  const lookup = (token: string, env: string): Owner | undefined => {
    let sole = soleOwners.get(token);
    if (sole === undefined) {
      const owners = names.get(token);
      if (owners === undefined) return undefined;
      sole = owners.every((o) => o.env === owners[0]!.env) ? owners[0]! : null;
      soleOwners.set(token, sole);
    }
    return sole === null || sole.env === env ? undefined : sole;
  };
  const candidates = (token: string): string[] => {
    const list = [token];
    if (token.endsWith('*')) list.push(token.replace(/[/:]?\*+$/, ''));
    if (isArn(token)) for (let i = token.lastIndexOf('/'); i > 0; i = token.lastIndexOf('/', i - 1)) list.push(token.slice(0, i));
    return list;
  };

  for (const { name: env, snapshot } of envs) {
    for (const entry of snapshot.resources) {
      if (NOT_REMOTE_OBJECTS.has(providerPrefix(entry.type))) continue;
      for (const obj of entry.instances) {
        if (obj.deposed !== '') continue;
        const attributes = decodedAttributes(obj);
        if (attributes === null) continue;
        const hits = new Map<string, { owner: Owner; paths: string[] }>();
        forEachString(attributes, (s, path) => {
          if (s.length < minIdLength) return;
          const tokens = s.length > 2048 || /[\s"',;()[\]{}<>]/.test(s) ? s.split(/[\s"',;()[\]{}<>]+/) : [s];
          for (const token of tokens) {
            if (token.length < minIdLength) continue;
            for (const candidate of candidates(token)) {
              const owner = lookup(candidate, env);
              if (owner === undefined) continue;
              const key = `${owner.env}\u0000${owner.address}`;
              const hit = hits.get(key);
              if (hit === undefined) hits.set(key, { owner, paths: [path] });
              else if (!hit.paths.includes(path)) hit.paths.push(path);
              break;
            }
          }
        });
        if (hits.size === 0) continue;
        const address = formatAbsResourceInstance({ module: entry.module, resource: { mode: entry.mode, type: entry.type, name: entry.name }, key: obj.key });
        for (const { owner, paths } of hits.values()) {
          out.push({
            code: 'TFS061',
            severity: 'warning',
            address,
            environment: env,
            message: `${env}: ${address} refers to ${owner.env}'s ${owner.address} (${owner.value}) in ${paths.join(', ')}.`,
            remedy:
              entry.mode === 'data'
                ? `This data source reads ${owner.env}'s object: point it at ${env}'s own object unless ${env} is meant to depend on ${owner.env}.`
                : `Point it at ${env}'s own object, or, if sharing is intended, read ${owner.env}'s object through a data source or a remote-state output and document the exception.`,
            related: [`${owner.env}:${owner.address}`],
          });
        }
      }
    }
  }
  return out;
}
