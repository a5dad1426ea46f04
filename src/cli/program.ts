/**
 * The `tfstate` command line (design §7), built with commander. This file
 * only wires arguments to command functions; it holds no behaviour.
 */
import { Command, CommanderError } from 'commander';
import { error } from '../core/diag/index.js';
import { withEditOptions, withLocationOptions, withLockOptions, type GlobalOptions } from './options.js';
import { outputOptions, reportFailure, type Streams } from './output.js';
import { VERSION } from './version.js';
import { registerAnalysisCommands } from './commands/analysis-register.js';

// Command implementations are loaded on demand, so `tfstate list` does not
// pay for the AWS SDK, the HCL parser or Graphviz at start-up.
const admin = () => import('./commands/admin.js');
const edit = () => import('./commands/edit.js');
const read = () => import('./commands/read.js');
const cross = () => import('./commands/cross.js');
const lockHold = () => import('./commands/lock-hold.js');

function usage(s: Streams, o: ReturnType<typeof outputOptions>, message: string): number {
  return reportFailure(s, o, [error('usage.invalid', 'Invalid command line', message)], 2);
}

/** commander's parse error as a diagnostic detail: the message as a sentence, then where to find the usage. */
function usageDetail(message: string, argv: readonly string[], commands: readonly string[]): string {
  const text = message.replace(/^error: /, '').trim();
  const sentence = `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.?!)]$/.test(text) ? '' : '.'}`;
  const command = argv.find((a) => commands.includes(a));
  return `${sentence} Run 'tfstate ${command ? `${command} ` : ''}--help' for usage.`;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], s: Streams): Promise<number> {
  let code = 0;
  const set = (p: Promise<number>): Promise<void> => p.then((c) => void (code = c));
  const program = new Command('tfstate')
    .description('Inspect and operate on Terraform state: list, show, graph, audit, and guarded mv/rm/import with backups and locks.')
    .version(VERSION)
    .exitOverride()
    // Parse errors are reported below as diagnostics, like every other failure, not in commander's own format.
    .configureOutput({ writeOut: (t) => s.out(t), writeErr: (t) => s.err(t), outputError: () => undefined });

  const cmd = (name: string, desc: string, build: (c: Command) => Command = (c) => c): Command => build(withLocationOptions(program.command(name).description(desc)));
  const io = (c: Command): [GlobalOptions, ReturnType<typeof outputOptions>] => {
    const g = c.opts<GlobalOptions>();
    return [g, outputOptions(g, s)];
  };

  cmd('list', 'list resource instances, like terraform state list', (c) => c.argument('[address...]').option('--id <id>', 'only instances whose id attribute equals ID')).action(async (addrs: string[], _o, c: Command) => set((await read()).listCommand(s, io(c)[1], io(c)[0], addrs, c.opts<{ id?: string }>().id)));
  cmd('show', 'show one resource instance with sensitive values masked', (c) => c.argument('<address>').option('--show-sensitive', 'show sensitive values')).action(async (a: string, _o, c: Command) => set((await read()).showCommand(s, io(c)[1], io(c)[0], a, c.opts<{ showSensitive?: boolean }>().showSensitive === true)));
  cmd('pull', "print the state's exact bytes").action(async (_o, c: Command) => set((await read()).pullCommand(s, io(c)[1], io(c)[0])));

  cmd('mv', 'move a resource, instance or module (terraform state mv)', (c) =>
    withEditOptions(c).argument('<source>').argument('<destination>').option('--to-state <location>', 'move into another state (split)').option('--to-env <name>', "move into another environment's state"),
  ).action(async (from: string, to: string, _o, c: Command) => {
    const x = c.opts<{ toState?: string; toEnv?: string }>();
    if (x.toState !== undefined || x.toEnv !== undefined) return set((await cross()).crossCommand(s, io(c)[1], io(c)[0], 'mv', { state: x.toState, env: x.toEnv }, from, to, `tfstate mv ${from} ${to}`));
    return set((await edit()).singleEdit(s, io(c)[1], io(c)[0], { op: 'mv', from, to }));
  });
  cmd('rm', 'remove instances from state without destroying them (terraform state rm)', (c) => withEditOptions(c).argument('<address...>')).action(async (addresses: string[], _o, c: Command) => set((await edit()).singleEdit(s, io(c)[1], io(c)[0], { op: 'rm', addresses })));
  cmd('import', 'add an object by ID, or copy one from another state with --from/--from-env', (c) =>
    withEditOptions(c)
      .argument('<address>')
      .argument('[id-or-destination]', 'the object ID; with --from/--from-env, the destination address (default: the same address)')
      .option('--provider <addr>', 'provider config or source for a new resource')
      .option('--from <location>', 'copy the object from another state')
      .option('--from-env <name>', "copy the object from another environment's state"),
  ).action(async (address: string, second: string | undefined, _o, c: Command) => {
    const x = c.opts<{ provider?: string; from?: string; fromEnv?: string }>();
    if (x.from !== undefined || x.fromEnv !== undefined) return set((await cross()).crossCommand(s, io(c)[1], io(c)[0], 'import', { state: x.from, env: x.fromEnv }, address, second ?? address, `tfstate import --from ${x.from ?? x.fromEnv} ${address}`));
    if (second === undefined) return set(Promise.resolve(usage(s, io(c)[1], 'import needs an ID: tfstate import ADDRESS ID (or --from LOCATION to copy from another state)')));
    return set((await edit()).singleEdit(s, io(c)[1], io(c)[0], { op: 'import', address, id: second, ...(x.provider !== undefined ? { provider: x.provider } : {}) }));
  });
  cmd('taint', 'mark an instance for replacement', (c) => withEditOptions(c).argument('<address>')).action(async (address: string, _o, c: Command) => set((await edit()).singleEdit(s, io(c)[1], io(c)[0], { op: 'taint', address })));
  cmd('untaint', 'clear the tainted mark of an instance', (c) => withEditOptions(c).argument('<address>')).action(async (address: string, _o, c: Command) => set((await edit()).singleEdit(s, io(c)[1], io(c)[0], { op: 'untaint', address })));
  cmd('replace-provider', 'replace the provider of every resource using FROM', (c) => withEditOptions(c).argument('<from>').argument('<to>')).action(async (from: string, to: string, _o, c: Command) => set((await edit()).singleEdit(s, io(c)[1], io(c)[0], { op: 'replace-provider', from, to })));
  cmd('apply-batch', 'apply a file of operations as one transaction', (c) => withEditOptions(c).argument('<file>')).action(async (file: string, _o, c: Command) => set((await edit()).batchCommand(s, io(c)[1], io(c)[0], file)));

  cmd('backups', 'list backups, newest first').action(async (_o, c: Command) => set((await admin()).backupsCommand(s, io(c)[1], io(c)[0])));
  cmd('restore', 'write a backup back as a new transaction', (c) => withEditOptions(c).argument('<backup-id>').option('--force', 'restore a backup of an unrelated state (different lineage)')).action(async (id: string, _o, c: Command) => set((await admin()).restoreCommand(s, io(c)[1], io(c)[0], id)));
  const lock = program.command('lock').description('inspect or hold the state lock');
  withLocationOptions(lock.command('status').description('show who holds the lock')).action(async (_o, c: Command) => set((await admin()).lockStatusCommand(s, io(c)[1], io(c)[0])));
  withLockOptions(withLocationOptions(lock.command('hold').description('hold the lock until the time is up or Ctrl-C')))
    .option('--for <duration>', 'release after this long')
    .option('--reason <text>', 'recorded in the lock info')
    .action(async (_o, c: Command) => set((await lockHold()).lockHoldCommand(s, io(c)[1], io(c)[0])));
  cmd('force-unlock', 'remove a lock left behind by a crashed run', (c) => c.argument('<lock-id>').option('--yes', 'do not ask')).action(async (id: string, _o, c: Command) => set((await admin()).forceUnlockCommand(s, io(c)[1], io(c)[0], id)));
  cmd('envs', 'list configured environments').action(async (_o, c: Command) => set((await admin()).envsCommand(s, io(c)[1], io(c)[0])));
  registerAnalysisCommands(program, cmd, io, set, s);

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      const flags = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
      const o = outputOptions({ json: flags.includes('--json'), color: !flags.includes('--no-color') }, s);
      return usage(s, o, usageDetail(e.message, argv, program.commands.map((c) => c.name())));
    }
    throw e;
  }
  return code;
}
