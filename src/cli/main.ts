#!/usr/bin/env node
/**
 * `tfstate` entry point: sets up the process, runs the CLI, maps any
 * unexpected exception to a clear message (never a stack trace unless
 * TFSTATE_DEBUG is set) and exits with the contract's code.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { runCli } = await import('./program.js');
const { processStreams } = await import('./output.js');

try {
  const code = await runCli(process.argv.slice(2), processStreams);
  process.exitCode = code;
} catch (e) {
  const err = e as Error;
  process.stderr.write(`Error: tfstate failed unexpectedly: ${err.message}\n\nNothing was written unless a message above says so. Re-run with TFSTATE_DEBUG=1 for details and report it.\n`);
  if (process.env.TFSTATE_DEBUG) process.stderr.write(`${err.stack ?? ''}\n`);
  process.exitCode = 1;
}
