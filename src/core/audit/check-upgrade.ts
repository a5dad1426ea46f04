/**
 * Upgrade readiness: what stands between this state and a target Terraform
 * version.
 */
import {
  formatAbsResource,
  formatAbsResourceInstance,
  formatProviderConfig,
  formatProviderSource,
  impliedProviderType,
  isLegacyProvider,
} from '../addr/index.js';
import type { ProviderSource } from '../addr/types.js';
import { findField } from '../statefile/raw.js';
import type { ResourceEntry, StateSnapshot } from '../state/types.js';
import { tfstateCommand } from './shell.js';
import type { Finding } from './types.js';

/** A parsed `major.minor.patch[-pre]` version. */
interface Version {
  readonly parts: readonly [number, number, number];
  readonly pre: string;
}

/** Parses a Terraform version string (`1.11.4`, `v0.12.31`, `1.15.0-dev`); null when it is not one. */
export function parseVersion(text: string): Version | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/.exec(text.trim());
  if (m === null) return null;
  return { parts: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ?? '' };
}

/** Orders versions like semver (a pre-release sorts before its release). */
export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a.parts[i] !== b.parts[i]) return a.parts[i]! - b.parts[i]!;
  if (a.pre === b.pre) return 0;
  if (a.pre === '') return 1;
  if (b.pre === '') return -1;
  return a.pre < b.pre ? -1 : 1;
}

function providerOf(entry: ResourceEntry): ProviderSource | null {
  if (entry.providerConfig !== null) return isLegacyProvider(entry.providerConfig.provider) ? entry.providerConfig.provider : null;
  if (!entry.legacyProvider) return null;
  return { hostname: 'registry.terraform.io', namespace: '-', type: impliedProviderType(entry.type) };
}

function versionAdvice(from: Version, target: string): string {
  const [major, minor] = from.parts;
  if (major === 0 && minor < 12) return `Upgrade in steps: run Terraform 0.12 (its 0.12upgrade guide), then 0.13, then ${target}.`;
  if (major === 0 && minor < 13) return `Run Terraform 0.13 once (it rewrites provider addresses in the state), then ${target}.`;
  return `Terraform ${target} reads this state; its next write records the new version. Keep a backup ("tfstate pull > before-upgrade.tfstate").`;
}

/**
 * Upgrade-readiness findings: TFS030 format version below 4; TFS031 one per
 * legacy provider (`registry.terraform.io/-/TYPE`), with the exact
 * `tfstate replace-provider FROM TO` command; TFS032 per resource with
 * `attributes_flat`-only instances; TFS033/TFS034 when `targetVersion` is
 * given and `terraform_version` is older/newer (nothing when either is not
 * a version); TFS035 per tainted object; TFS036 per instance with deposed
 * objects; TFS037 per resource with zero instances. Pure.
 */
export function upgradeFindings(snapshot: StateSnapshot, targetVersion?: string): Finding[] {
  const out: Finding[] = [];
  const { formatVersion, terraformVersion } = snapshot.meta;
  if (formatVersion < 4) {
    out.push({
      code: 'TFS030',
      severity: 'warning',
      address: '',
      message: `The state is stored in format version ${formatVersion}; it was upgraded to format 4 in memory for this audit.`,
      remedy: 'The next write (terraform apply, or any tfstate edit) stores format 4. Keep a copy of the original first ("tfstate pull > state-v' + formatVersion + '.backup").',
    });
  }

  const legacy = new Map<string, { source: ProviderSource; resources: string[]; configs: Set<string> }>();
  for (const entry of snapshot.resources) {
    const source = providerOf(entry);
    if (source === null) continue;
    const key = formatProviderSource(source);
    let group = legacy.get(key);
    if (group === undefined) legacy.set(key, (group = { source, resources: [], configs: new Set() }));
    group.resources.push(formatAbsResource({ module: entry.module, resource: { mode: entry.mode, type: entry.type, name: entry.name } }));
    group.configs.add(entry.providerConfig !== null ? formatProviderConfig(entry.providerConfig) : entry.provider);
  }
  for (const [from, g] of legacy) {
    const to = formatProviderSource({ hostname: 'registry.terraform.io', namespace: 'hashicorp', type: g.source.type });
    const n = g.resources.length;
    out.push({
      code: 'TFS031',
      severity: 'warning',
      address: [...g.configs][0]!,
      message: `${n} resource${n === 1 ? '' : 's'} use${n === 1 ? 's' : ''} the legacy provider address ${from}, which Terraform 0.13 and later cannot install: ${g.resources.slice(0, 5).join(', ')}${n > 5 ? ', ...' : ''}.`,
      remedy: `Run: ${tfstateCommand('replace-provider', from, to)}\n(use the provider's real namespace instead of hashicorp if it is a partner or community provider)`,
      related: g.resources,
    });
  }

  for (const entry of snapshot.resources) {
    const resource = { mode: entry.mode, type: entry.type, name: entry.name };
    const address = formatAbsResource({ module: entry.module, resource });
    if (entry.instances.length === 0) {
      out.push({
        code: 'TFS037',
        severity: 'info',
        address,
        message: `${address} has no instances; the entry only records that the resource existed.`,
        remedy: 'Harmless; Terraform drops the entry on the next apply once the configuration no longer declares the resource.',
      });
      continue;
    }
    let flat = 0;
    const deposed = new Map<string, number>();
    for (const obj of entry.instances) {
      const inst = formatAbsResourceInstance({ module: entry.module, resource, key: obj.key });
      if (findField(obj.fields, 'attributes') === undefined && findField(obj.fields, 'attributes_flat') !== undefined) flat++;
      if (obj.deposed !== '') deposed.set(inst, (deposed.get(inst) ?? 0) + 1);
      else if (obj.status === 'tainted') {
        out.push({
          code: 'TFS035',
          severity: 'warning',
          address: inst,
          message: `${inst} is tainted; the next apply destroys and re-creates it.`,
          remedy: `If the object is healthy, run: ${tfstateCommand('untaint', inst)}`,
        });
      }
    }
    if (flat > 0) {
      out.push({
        code: 'TFS032',
        severity: 'warning',
        address,
        message: `${address}: ${flat} instance object${flat === 1 ? '' : 's'} still store${flat === 1 ? 's' : ''} attributes in the pre-0.12 flat format (attributes_flat).`,
        remedy: 'Run "terraform apply -refresh-only" with Terraform 0.12 or later and the provider installed; the provider converts them. State edits keep them as they are.',
      });
    }
    for (const [inst, n] of deposed) {
      out.push({
        code: 'TFS036',
        severity: 'warning',
        address: inst,
        message: `${inst} has ${n} deposed object${n === 1 ? '' : 's'} left by an interrupted create_before_destroy replacement; the next apply destroys ${n === 1 ? 'it' : 'them'}.`,
        remedy: `Check that the deposed object${n === 1 ? ' is' : 's are'} not in use (${tfstateCommand('show', inst)}), then let "terraform apply" clean up.`,
      });
    }
  }

  if (targetVersion !== undefined) {
    const have = parseVersion(terraformVersion);
    const want = parseVersion(targetVersion);
    if (have !== null && want !== null) {
      const c = compareVersions(have, want);
      if (c < 0) {
        out.push({
          code: 'TFS033',
          severity: 'info',
          address: '',
          message: `The state was last written by Terraform ${terraformVersion}, older than the target ${targetVersion}.`,
          remedy: versionAdvice(have, targetVersion),
        });
      } else if (c > 0) {
        out.push({
          code: 'TFS034',
          severity: 'warning',
          address: '',
          message: `The state was last written by Terraform ${terraformVersion}, newer than the target ${targetVersion}. Terraform ${targetVersion} reads format 4 regardless, but drops what newer versions add (such as resource identity) when it writes.`,
          remedy: `Use Terraform ${terraformVersion} or later with this state, or accept the downgrade knowingly.`,
        });
      }
    }
  }
  return out;
}
