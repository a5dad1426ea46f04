/**
 * Registers `graph` and `audit`.
 */
import type { Command } from 'commander';
import type { GlobalOptions } from '../options.js';
import type { OutputOptions, Streams } from '../output.js';
import type { AuditOptions, GraphOptions } from './analysis.js';

const analysis = () => import('./analysis.js');

/** Adds the analysis commands to the program. */
export function registerAnalysisCommands(
  _program: Command,
  cmd: (name: string, desc: string, build?: (c: Command) => Command) => Command,
  io: (c: Command) => [GlobalOptions, OutputOptions],
  set: (p: Promise<number>) => Promise<void>,
  s: Streams,
): void {
  cmd('graph', 'the dependency graph: text tree, DOT, Mermaid, JSON or SVG', (c) =>
    c.option('--format <format>', 'text, dot, mermaid, json or svg').option('--focus <address>', 'centre on one resource').option('--depth <n>', 'how many edges away from the focus'),
  ).action(async (_o, c: Command) => set((await analysis()).graphCommand(s, io(c)[1], io(c)[0], c.opts<GraphOptions>())));
  cmd('audit', 'cycles, dangling dependencies, orphans, upgrade readiness, secrets, production safety', (c) =>
    c
      .option('--config-dir <dir>', 'compare with this Terraform configuration')
      .option('--all-envs', 'audit every configured environment, with cross-environment checks')
      .option('--all <s3-prefix>', 'audit every state under s3://bucket/prefix')
      .option('--format <format>', 'text, json or sarif')
      .option('--fail-on <level>', 'exit 5 when findings reach error, warning or never', 'error')
      .option('--target-version <version>', 'the Terraform version you are upgrading to'),
  ).action(async (_o, c: Command) => set((await analysis()).auditCommand(s, io(c)[1], io(c)[0], c.opts<AuditOptions>())));
}
