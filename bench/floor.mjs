#!/usr/bin/env node
// The floor: what any Node tool must pay to touch a state file at all.
//
//   node bench/floor.mjs read FILE    read the bytes
//   node bench/floor.mjs parse FILE   read, decode UTF-8 and JSON.parse
//   node bench/floor.mjs write FILE   read, JSON.parse, JSON.stringify (2-space
//                                     indent, as Terraform) and write the text
//                                     back over FILE
//
// Each mode runs in its own process so the benchmark can take its peak RSS.
// Prints one line: the mode and the byte count handled.
import { readFileSync, writeFileSync } from 'node:fs';

const [mode, file] = process.argv.slice(2);
if (!file || !['read', 'parse', 'write'].includes(mode)) {
  console.error('usage: node bench/floor.mjs read|parse|write FILE');
  process.exit(2);
}

if (mode === 'read') {
  const bytes = readFileSync(file);
  console.log(`read ${bytes.length}`);
} else if (mode === 'parse') {
  const state = JSON.parse(readFileSync(file, 'utf8'));
  console.log(`parse ${state.resources?.length ?? 0} resources`);
} else {
  const state = JSON.parse(readFileSync(file, 'utf8'));
  const text = JSON.stringify(state, null, 2) + '\n';
  writeFileSync(file, text);
  console.log(`write ${Buffer.byteLength(text)}`);
}
