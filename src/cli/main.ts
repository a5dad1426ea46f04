#!/usr/bin/env node
/**
 * `tfstate` entry point: sets up the process, runs the CLI, maps any
 * unexpected exception to a clear message (never a stack trace unless
 * TFSTATE_DEBUG is set) and exits with the contract's code once the output
 * is flushed (SDK keep-alive sockets must not keep a finished command alive).
 */
import { configureBackgroundThread } from '../runtime/background-thread.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// A closed pipe (`tfstate list | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

// The background thread's program sits beside this one in the bundle (dist/bin).
configureBackgroundThread(new URL('./background.js', import.meta.url));

const { runCli } = await import('./program.js');
const { processStreams } = await import('./output.js');

let code = 1;
try {
  code = await runCli(process.argv.slice(2), processStreams);
} catch (e) {
  const err = e as Error;
  process.stderr.write(`Error: tfstate failed unexpectedly: ${err.message}\n\nNothing was written unless a message above says so. Re-run with TFSTATE_DEBUG=1 for details and report it.\n`);
  if (process.env.TFSTATE_DEBUG) process.stderr.write(`${err.stack ?? ''}\n`);
  code = 1;
}
process.exitCode = code;
const flushed = (s: NodeJS.WriteStream): Promise<void> => new Promise((resolve) => s.write('', () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
