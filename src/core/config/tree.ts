/**
 * The configuration tree: the root module and the modules reached through
 * local `source` paths.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import { mergeConfigFiles, readConfigFile } from './extract.js';
import type { HclParse } from './hcl-node.js';
import type { ConfigModule, ConfigSourceFile, ModuleChild, ModuleNode, ConfigTree } from './types.js';

/**
 * Returns the `.tf` files of a module directory (path relative to the
 * configuration root, `/`-separated; files in name order), or null when the
 * directory does not exist. Supplied by the session.
 */
export type ModuleDirReader = (dir: string) => readonly ConfigSourceFile[] | null;

/** True for a local module source (`./…` or `../…`, as Terraform decides). */
export function isLocalModuleSource(source: string): boolean {
  return /^\.\.?[\\/]/.test(source);
}

/**
 * Joins a module directory and a local source path, `/`-separated and
 * normalised (`.` segments dropped, `..` resolved; leading `..` kept when
 * the path climbs above the root). The root directory is `.`.
 */
export function joinModuleDir(dir: string, source: string): string {
  const parts: string[] = [];
  for (const seg of `${dir}/${source}`.split(/[\\/]+/)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(seg);
  }
  return parts.length === 0 ? '.' : parts.join('/');
}

/**
 * Reads the configuration rooted at `rootDir` (default `.`): parses every
 * file `read` returns for a directory, merges them per module, and follows
 * `module` blocks whose source is a local path. Remote sources become
 * `remote` children (not checked); a local source whose directory is
 * missing, or that leads back to one of its own ancestors, becomes an
 * `unloaded` child with the reason. Each directory is read and parsed once
 * even when several calls use it. Pure apart from calling `read` and
 * `parse`. Returns null when the root directory itself does not exist.
 * Diagnostics of a directory used by several calls are reported once.
 */
export function loadConfigTree(read: ModuleDirReader, parse: HclParse, rootDir = '.'): ConfigTree | null {
  const parsed = new Map<string, ConfigModule | null>();
  const moduleAt = (dir: string): ConfigModule | null => {
    if (!parsed.has(dir)) {
      const files = read(dir);
      parsed.set(dir, files === null ? null : mergeConfigFiles(files.map((f) => readConfigFile(f, parse))));
    }
    return parsed.get(dir)!;
  };

  const rootModule = moduleAt(rootDir);
  if (rootModule === null) return null;
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<string>();

  const build = (dir: string, path: readonly string[], module: ConfigModule, ancestors: readonly string[]): ModuleNode => {
    if (!reported.has(dir)) {
      reported.add(dir);
      diagnostics.push(...module.diagnostics);
    }
    const children = new Map<string, ModuleChild>();
    for (const call of module.moduleCalls) {
      if (call.source === null) {
        children.set(call.name, { kind: 'unloaded', call, reason: 'its source is not a literal string' });
      } else if (!isLocalModuleSource(call.source)) {
        children.set(call.name, { kind: 'remote', call });
      } else {
        const childDir = joinModuleDir(dir, call.source);
        if (ancestors.includes(childDir)) {
          children.set(call.name, { kind: 'unloaded', call, reason: `its source ${childDir} contains this module call (a module cannot call itself)` });
          continue;
        }
        const child = moduleAt(childDir);
        if (child === null) children.set(call.name, { kind: 'unloaded', call, reason: `its source directory ${childDir} does not exist` });
        else children.set(call.name, { kind: 'local', call, node: build(childDir, [...path, call.name], child, [...ancestors, childDir]) });
      }
    }
    return { dir, path, module, children };
  };

  const root = build(rootDir, [], rootModule, [rootDir]);
  return { root, diagnostics };
}
