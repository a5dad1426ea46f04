/**
 * The operation grammar shared by the CLI, batch files and the TUI command
 * line: `mv A B`, `rm A...`, `import A ID [--provider P]`, `taint A`,
 * `untaint A`, `replace-provider FROM TO`.
 */
import { error, fail, ok, type Result } from '../diag/index.js';

/** One state edit, with addresses as typed. */
export type Operation =
  | { readonly op: 'mv'; readonly from: string; readonly to: string }
  | { readonly op: 'rm'; readonly addresses: readonly string[] }
  | { readonly op: 'import'; readonly address: string; readonly id: string; readonly provider?: string }
  | { readonly op: 'taint'; readonly address: string }
  | { readonly op: 'untaint'; readonly address: string }
  | { readonly op: 'replace-provider'; readonly from: string; readonly to: string };

/** The command line of an operation, shell-quoted where needed (for records and messages). */
export function formatOperation(o: Operation): string {
  const q = (s: string): string => (/^[A-Za-z0-9_.\-/[\]:@=]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  switch (o.op) {
    case 'mv':
      return `mv ${q(o.from)} ${q(o.to)}`;
    case 'rm':
      return `rm ${o.addresses.map(q).join(' ')}`;
    case 'import':
      return `import ${q(o.address)} ${q(o.id)}${o.provider ? ` --provider ${q(o.provider)}` : ''}`;
    case 'taint':
    case 'untaint':
      return `${o.op} ${q(o.address)}`;
    case 'replace-provider':
      return `replace-provider ${q(o.from)} ${q(o.to)}`;
  }
}

/**
 * Builds an operation from already-split words (`['mv', 'a', 'b']`).
 * `where` prefixes messages (e.g. `batch.txt:3`).
 */
export function operationFromWords(words: readonly string[], where: string): Result<Operation> {
  const [verb, ...args] = words;
  const bad = (usage: string): Result<Operation> =>
    fail(error('batch.usage', 'Invalid operation', `${where}: ${JSON.stringify(words.join(' '))} is not a valid operation. Usage: ${usage}`));
  switch (verb) {
    case 'mv':
      return args.length === 2 ? ok({ op: 'mv', from: args[0], to: args[1] }) : bad('mv SOURCE DESTINATION');
    case 'rm':
      return args.length >= 1 ? ok({ op: 'rm', addresses: args }) : bad('rm ADDRESS...');
    case 'import': {
      let provider: string | undefined;
      const rest: string[] = [];
      for (let i = 0; i < args.length; i++) {
        if (args[i] === '--provider' && i + 1 < args.length) provider = args[++i];
        else if (args[i].startsWith('--provider=')) provider = args[i].slice('--provider='.length);
        else rest.push(args[i]);
      }
      return rest.length === 2 ? ok({ op: 'import', address: rest[0], id: rest[1], ...(provider ? { provider } : {}) }) : bad('import ADDRESS ID [--provider ADDR]');
    }
    case 'taint':
    case 'untaint':
      return args.length === 1 ? ok({ op: verb, address: args[0] }) : bad(`${verb} ADDRESS`);
    case 'replace-provider':
      return args.length === 2 ? ok({ op: 'replace-provider', from: args[0], to: args[1] }) : bad('replace-provider FROM TO');
    default:
      return fail(error('batch.unknown-op', 'Unknown operation', `${where}: unknown operation ${JSON.stringify(verb ?? '')}; use one of mv, rm, import, taint, untaint, replace-provider.`));
  }
}
