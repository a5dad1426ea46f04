#!/usr/bin/env node
/**
 * `tfstate-tui`: the interactive app's entry point. Parses the location
 * options, refuses without a terminal (pointing to the CLI), then renders
 * the app on the alternate screen with Ctrl-C routed through the quit
 * command (which waits for a running edit, so its lock is always released)
 * and restores the terminal on the way out.
 */
import { NO_TTY_MESSAGE, parseTuiArgs, USAGE } from './args.js';
import { VERSION } from '../version.js';
import { configureBackgroundThread } from '../runtime/background-thread.js';

// The background thread's program sits beside this one in the bundle (dist/bin).
configureBackgroundThread(new URL('./background.js', import.meta.url));

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';

async function main(): Promise<number> {
  const parsed = parseTuiArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const args = parsed.args;
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.version) {
    process.stdout.write(`tfstate-tui ${VERSION}\n`);
    return 0;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(NO_TTY_MESSAGE);
    return 2;
  }
  // Ink renders only the last frame when it thinks it runs in CI; this is an interactive terminal.
  const ci = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  if (ci.CI !== undefined) process.env.CI = '0';
  if (ci.CONTINUOUS_INTEGRATION !== undefined) process.env.CONTINUOUS_INTEGRATION = '0';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // React's development build checks every render and is several times slower.
  process.env.NODE_ENV ??= 'production';
  const { startTui } = await import('./start.js');
  for (const [k, v] of Object.entries(ci)) if (v !== undefined) process.env[k] = v;

  process.stdout.write(ENTER_ALT_SCREEN);
  try {
    await startTui({ args, cwd: process.cwd(), env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
  } finally {
    process.stdout.write(LEAVE_ALT_SCREEN);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
    // Sockets of S3 clients may linger; the app is done.
    setTimeout(() => process.exit(code), 50).unref();
  },
  (e: unknown) => {
    process.stdout.write(LEAVE_ALT_SCREEN);
    process.stderr.write(`tfstate-tui: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
