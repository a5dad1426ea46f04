/**
 * Registers `graph` and `audit` (wired once the graph/audit core lands).
 */
import type { Command } from 'commander';
import type { GlobalOptions } from '../options.js';
import type { OutputOptions, Streams } from '../output.js';

/** Adds the analysis commands to the program. */
export function registerAnalysisCommands(
  _program: Command,
  _cmd: (name: string, desc: string, build?: (c: Command) => Command) => Command,
  _io: (c: Command) => [GlobalOptions, OutputOptions],
  _set: (p: Promise<number>) => Promise<void>,
  _s: Streams,
): void {}
