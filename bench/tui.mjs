#!/usr/bin/env node
// TUI timings (a benchmark, not a test: it prints numbers and asserts nothing).
//
//   node bench/tui.mjs [--size 100MB] [--state FILE] [--keys N] [--seed N]
//
// Runs the built app (dist/tui) in-process on a fake 120x40 terminal, on a
// generated state (bench/generate.mjs, reused from bench/out) or on --state:
// - first screen: from opening the location (read, decode, index, lock
//   status) to the first frame showing the resource list;
// - keystroke to frame while scrolling (j, ctrl-d, G, g) and while typing a
//   filter (each character, then backspaces): p50, p95 and max.
// Frames are Ink's debug-mode frames (the whole screen as text), so the time
// includes layout and rendering but not the terminal's own drawing.
//
// `npm run bench -- --tui` calls benchTui() and adds its table to the report.
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureState } from './states.mjs';

// As dist/tui/main.js does: React's production build (set before React loads).
process.env.NODE_ENV ??= 'production';

const HERE = dirname(fileURLToPath(import.meta.url));
const DIST = join(HERE, '..', 'dist');

class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = 120;
  rows = 40;
  last = '';
  waiters = [];
  write = (frame) => {
    this.last = frame;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
    return true;
  };
  nextFrame() {
    return new Promise((r) => this.waiters.push(r));
  }
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  data = null;
  write = (d) => {
    this.data = d;
    this.emit('readable');
    this.emit('data', d);
  };
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

const load = (rel) => import(pathToFileURL(join(DIST, rel)).href);
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, min: s[0], p50: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

/** Measures one state file; returns the numbers. */
export async function measureTui(file, { keys = 100, log = () => undefined } = {}) {
  const React = (await import('react')).default;
  const { render } = await import('ink');
  const { App } = await load('tui/app.js');
  const { Controller } = await load('tui/effects/controller.js');
  const { SessionGateway } = await load('tui/effects/gateway.js');
  const { createStore } = await load('tui/model/store.js');
  const { initialState } = await load('tui/model/reducer.js');

  const stdout = new FakeStdout();
  const stdin = new FakeStdin();
  const store = createStore(initialState({ columns: stdout.columns, rows: stdout.rows }));
  const gw = new SessionGateway({ cwd: dirname(file), env: process.env, version: 'bench' });
  let instance;
  const controller = new Controller(store, gw, { cwd: dirname(file), exit: () => instance.unmount() });
  instance = render(React.createElement(App, { controller }), { stdout, stdin, stderr: new FakeStdout(), debug: true, exitOnCtrlC: false, patchConsole: false });

  const t0 = process.hrtime.bigint();
  await controller.start({ state: file });
  while (!/Resources \(tree\)/.test(stdout.last) || store.getState().loaded === null) await stdout.nextFrame();
  const firstScreen = ms(t0);
  const instances = store.getState().loaded ? (await load('tui/model/state-index.js')).indexState(store.getState().loaded.snapshot).entries.length : 0;
  log(`first screen ${firstScreen.toFixed(0)} ms (${instances} instances)`);

  const press = async (k) => {
    const frame = stdout.nextFrame();
    const t = process.hrtime.bigint();
    stdin.write(k);
    await Promise.race([frame, new Promise((r) => setTimeout(r, 2000))]);
    const d = ms(t);
    await new Promise((r) => setImmediate(r));
    return d;
  };

  const scroll = [];
  for (let i = 0; i < keys; i++) scroll.push(await press('j'));
  for (let i = 0; i < 10; i++) scroll.push(await press('\u0004'));
  scroll.push(await press('G'), await press('g'));
  stdin.write('\t'); // flat list
  await new Promise((r) => setTimeout(r, 20));
  for (let i = 0; i < keys / 2; i++) scroll.push(await press('j'));

  const filter = [];
  await press('/');
  const query = 'aws_security_group';
  for (const ch of query) filter.push(await press(ch));
  for (let i = 0; i < query.length; i++) filter.push(await press('\u007f'));
  instance.unmount();
  return { instances, firstScreen, scroll: stats(scroll), filter: stats(filter) };
}

const sleep = (msec) => new Promise((r) => setTimeout(r, msec));

/**
 * What a user waits for: from starting `tfstate-tui --state FILE` (the
 * bundled binary, in a detached 120x40 tmux session) until the pane shows
 * the resource list, polled every 10 ms. Median, min and max of `runs`;
 * null when tmux is not installed.
 */
export async function launchToFirstScreen(file, { runs = 3 } = {}) {
  if (spawnSync('tmux', ['-V']).status !== 0) return null;
  const bin = join(DIST, 'bin', 'tfstate-tui.js');
  const times = [];
  for (let i = 0; i < runs; i++) {
    const session = `tfstate-bench-${process.pid}-${i}`;
    const t0 = process.hrtime.bigint();
    spawnSync('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '40', process.execPath, bin, '--state', file], { cwd: dirname(file) });
    try {
      for (;;) {
        const pane = spawnSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' }).stdout ?? '';
        if (/Resources \(tree\)/.test(pane) && /\b(?:aws|module|data)[._]/.test(pane)) break;
        if (ms(t0) > 120_000) throw new Error(`tfstate-tui did not show ${file} within 120 s`);
        await sleep(10);
      }
      times.push(ms(t0));
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
    }
  }
  return stats(times);
}

function table(rows) {
  const out = ['| state | instances | launch to first screen (median, min–max) | first screen in-process | scroll p50 / p95 / max | filter keystroke p50 / p95 / max |', '|---|---:|---:|---:|---:|---:|'];
  const f = (x) => `${x.toFixed(1)} ms`;
  const launch = (l) => (l ? `${f(l.p50)} (${f(l.min)}–${f(l.max)}, n=${l.n})` : 'not measured (no tmux)');
  for (const r of rows) out.push(`| ${r.label} | ${r.instances} | ${launch(r.launch)} | ${f(r.firstScreen)} | ${f(r.scroll.p50)} / ${f(r.scroll.p95)} / ${f(r.scroll.max)} | ${f(r.filter.p50)} / ${f(r.filter.p95)} / ${f(r.filter.max)} |`);
  return out.join('\n') + '\n';
}

/** The hook `bench/run.mjs --tui` calls. */
export async function benchTui({ states, quick, log = () => undefined }) {
  const rows = [];
  for (const s of states) {
    log(`tui: ${s.size}`);
    const launch = await launchToFirstScreen(s.file);
    rows.push({ label: s.size, launch, ...(await measureTui(s.file, { keys: quick ? 40 : 100, log })) });
  }
  return `Launch to first screen: the bundled \`tfstate-tui --state FILE\` started in a detached 120×40 tmux session until the pane shows the resource list (process start-up, module loading, read, decode, index, render; polled every 10 ms). The other columns run the app in-process on a fake 120×40 terminal (Ink debug frames): first screen = read + decode + index + first frame, without start-up; keystroke = key written to next frame.\n\n${table(rows)}`;
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
  };
  if (!existsSync(join(DIST, 'tui', 'app.js'))) throw new Error('dist/tui is missing: run `npm run build` first.');
  const log = (m) => process.stderr.write(`[bench:tui] ${m}\n`);
  const state = opt('--state');
  const size = opt('--size', '100MB');
  const file = state ? resolve(state) : ensureState(size, Number(opt('--seed', '1')), log);
  const launch = await launchToFirstScreen(file);
  const r = { launch, ...(await measureTui(file, { keys: Number(opt('--keys', '100')), log })) };
  process.stdout.write(table([{ label: state ? `${file} (${(statSync(file).size / 1e6).toFixed(1)} MB)` : size, ...r }]));
  process.exit(0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exit(1);
  });
}
