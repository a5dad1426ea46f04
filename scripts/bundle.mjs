#!/usr/bin/env node
// Bundles the two programs (after `tsc`) into dist/bin: one module graph per
// program with its dependencies folded in, so start-up does not resolve and
// compile hundreds of small files (ink alone pulls in ~500). Commands and
// screens stay lazily loaded (dynamic imports become separate chunks).
// Kept external: the native lock addon, the AWS SDK (loaded only for s3://
// locations), and the WebAssembly packages that locate their .wasm files
// relative to themselves.
import { chmodSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'bin');
rmSync(out, { recursive: true, force: true });
await build({
  // `background` is the program of the background thread (src/runtime/background-thread.ts).
  input: { tfstate: join(root, 'dist/cli/main.js'), 'tfstate-tui': join(root, 'dist/tui/main.js'), background: join(root, 'dist/runtime/background-main.js') },
  platform: 'node',
  external: ['os-lock', 'react-devtools-core', /^@aws-sdk\//, /^@hpcc-js\//, 'web-tree-sitter', /^@tree-sitter-grammars\//],
  logLevel: 'warn',
  // React's and Ink's production builds only (the programs set NODE_ENV=production before loading
  // them anyway); the development builds they switch on at run time are dropped from the bundle.
  transform: { define: { 'process.env.NODE_ENV': JSON.stringify('production') } },
  output: { dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
});
for (const name of ['tfstate.js', 'tfstate-tui.js']) chmodSync(join(out, name), 0o755);
