#!/usr/bin/env node
// `npm run bench`: tfstate against terraform, jq and the node floor on
// generated 1 MB, 10 MB and 100 MB states.
//
//   node bench/run.mjs [--quick] [--sizes 1MB,10MB] [--runs N] [--seed N]
//                      [--ops list,rm,...] [--tools tfstate,terraform,jq,floor]
//                      [--timeout SECONDS] [--s3-states N] [--no-docs] [--tui|--no-tui]
//                      [--cli PATH]
//
// --quick runs the 1 MB and 10 MB states only and skips the S3 audit suite. Every timed run works on a fresh
// copy of the state in a fresh directory (the copy is not timed), so edits and
// the backups they leave never leak into the next run. Each command gets 5
// runs (3 for terraform and jq on the 100 MB state); the tables give the median
// with min and max, and the peak RSS (GNU time's %M). Runs of the tools are
// interleaved (tfstate, terraform, jq, tfstate, ...) so background load hits
// them alike.
//
// Prints a markdown report on stdout, progress on stderr, and writes the
// report into docs/benchmarks.md between the markers of the run's kind
// (full, quick or custom). Timings never fail the run: the exit code is 1 only
// when a command errors (a command the CLI does not have yet is skipped with a
// note).
//
// The S3 audit suite (bench/s3-audit.mjs, `--ops s3-audit`) runs in the full
// run when the CLI has `audit --all`: N (default 200) distinct 1 MB states on
// a local s3rver, `tfstate audit --all s3://…`, states per second.
//
// The full run (and --tui in other runs; --no-tui to skip) also runs
// bench/tui.mjs when it exists: it must export
// `benchTui({ states, runs, quick, cli, log })` (states: [{ size, file, info }])
// resolving to a markdown string, which is added to the report.
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, tmpdir, totalmem, release } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { killRunning, measure, memoryProbe } from './measure.mjs';
import { ensureState, inspectState, writeBatch } from './states.mjs';
import { OPERATIONS, TOOLS, runsFor } from './suites.mjs';
import { fmtMs, goalsSection, stateSection } from './report.mjs';
import { benchS3Audit, s3AuditSection } from './s3-audit.mjs';

const BENCH = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(BENCH, '..');
const DOCS = join(ROOT, 'docs', 'benchmarks.md');
const log = (m) => process.stderr.write(`[bench] ${m}\n`);

function parseArgs(argv) {
  const o = { sizes: ['1MB', '10MB', '100MB'], runs: 5, seed: 1, timeoutMs: 300_000, docs: true, tui: null, quick: false, custom: false, cli: join(ROOT, 'dist', 'bin', 'tfstate.js'), ops: null, tools: TOOLS, s3States: 200 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--quick') (o.quick = true), (o.sizes = ['1MB', '10MB']);
    else if (a === '--sizes') (o.sizes = val().split(',')), (o.custom = true);
    else if (a === '--runs') o.runs = Number(val());
    else if (a === '--seed') o.seed = Number(val());
    else if (a === '--ops') (o.ops = val().split(',')), (o.custom = true);
    else if (a === '--tools') (o.tools = val().split(',')), (o.custom = true);
    else if (a === '--timeout') o.timeoutMs = Number(val()) * 1000;
    else if (a === '--s3-states') o.s3States = Number(val());
    else if (a === '--no-docs') o.docs = false;
    else if (a === '--tui') o.tui = true;
    else if (a === '--no-tui') o.tui = false;
    else if (a === '--cli') o.cli = resolve(val());
    else if (a === '--help' || a === '-h') o.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  // The full run measures the TUI too; --quick and custom runs only on request.
  if (o.tui === null) o.tui = !o.quick && !o.custom;
  if (!(o.runs >= 1) || !Number.isInteger(o.runs)) throw new Error('--runs needs a positive integer');
  if (!Number.isInteger(o.seed)) throw new Error('--seed needs an integer');
  if (!(o.timeoutMs > 0)) throw new Error('--timeout needs a positive number of seconds');
  for (const t of o.tools) if (!TOOLS.includes(t)) throw new Error(`unknown tool ${t} (${TOOLS.join(', ')})`);
  if (!(Number.isInteger(o.s3States) && o.s3States >= 1)) throw new Error('--s3-states needs a positive integer');
  for (const op of o.ops ?? []) if (op !== 's3-audit' && !OPERATIONS.some((x) => x.id === op)) throw new Error(`unknown operation ${op} (${[...OPERATIONS.map((x) => x.id), 's3-audit'].join(', ')})`);
  return o;
}

function version(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' } });
  return r.status === 0 ? r.stdout.trim().split('\n')[0] : null;
}

function gitRevision() {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' });
  return head.stdout.trim() + (dirty.stdout.trim() ? ' with uncommitted changes' : '');
}

function commandLine(argv) {
  const q = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  if (process.env.npm_lifecycle_event === 'bench') return `npm run bench${argv.length ? ' -- ' + argv.map(q).join(' ') : ''}`;
  return ['node bench/run.mjs', ...argv.map(q)].join(' ');
}

function countLines(file) {
  const text = readFileSync(file, 'utf8');
  return text.length === 0 ? 0 : text.split('\n').filter(Boolean).length;
}

/** Runs one timed command on a fresh copy; returns the sample or a failure. */
async function runOnce(ctx, op, tool, opts) {
  const dir = mkdtempSync(join(ctx.scratch, `${op.id}-${tool}-`));
  try {
    const state = join(dir, 'terraform.tfstate');
    copyFileSync(ctx.file, state);
    const spec = op.runners[tool].run({ ...ctx, dir, state });
    const stdoutFile = spec.stdout === true ? join(dir, 'stdout.txt') : spec.stdout || null;
    const r = await measure({ cmd: spec.cmd, args: spec.args, cwd: dir, env: { ...process.env, ...spec.env }, stdoutFile, timeoutMs: opts.timeoutMs, probe: ctx.probe });
    if (r.timedOut) return { error: `timed out after ${fmtMs(opts.timeoutMs)}` };
    if (r.code !== 0) {
      const note = op.runners[tool].skip?.(r);
      if (note) return { skipped: note };
      return { error: `exit ${r.code ?? r.signal}: ${r.stderr.trim().split('\n').slice(-6).join(' / ')}` };
    }
    const checks = [];
    if (op.lists && stdoutFile) {
      const n = countLines(stdoutFile);
      if (n !== ctx.info.instances) checks.push(`printed ${n} addresses, the state has ${ctx.info.instances} instances`);
    }
    if (op.edits && tool !== 'floor') {
      const written = tool === 'jq' ? spec.stdout : state;
      if (!existsSync(written) || statSync(written).size === 0 || (tool !== 'jq' && statSync(written).size === ctx.info.bytes)) checks.push('the state file looks unchanged after the edit');
    }
    return { sample: { ms: r.ms, rssKB: r.rssKB }, checks };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Bounds the time one command can take: a command whose first run took over
 * 10 s gets at most 3 runs, over 60 s a single run.
 */
function slowRuns(want, firstMs) {
  if (firstMs > 60_000) return 1;
  if (firstMs > 10_000) return Math.min(want, 3);
  return want;
}

/** The operations `--ops` selects, with the floor rows the selected ones compare with. */
function selectedOperations(opts) {
  if (!opts.ops) return OPERATIONS;
  const picked = OPERATIONS.filter((op) => opts.ops.includes(op.id));
  const floors = new Set(picked.map((op) => op.floor).filter(Boolean));
  return OPERATIONS.filter((op) => picked.includes(op) || (op.floorRow && (floors.has(op.id.replace('floor-', '')) || op.id === 'floor-read') && floors.size > 0));
}

/** Measures every selected operation on one state. */
async function benchState(ctx, opts, notes) {
  const results = {};
  const ops = selectedOperations(opts);
  for (const op of ops) {
    const tools = TOOLS.filter((t) => op.runners[t] && opts.tools.includes(t));
    if (tools.length === 0) continue;
    const row = (results[op.id] = {});
    for (const t of tools) row[t] = { samples: [] };
    const want = Object.fromEntries(tools.map((t) => [t, runsFor(t, ctx.info.bytes, opts.runs)]));
    const rounds = Math.max(...Object.values(want));
    for (let i = 0; i < rounds; i++) {
      for (const t of tools) {
        const cell = row[t];
        if (cell.error || cell.skipped || cell.samples.length >= want[t]) continue;
        const r = await runOnce(ctx, op, t, opts);
        const where = `[${ctx.size}] ${op.title} · ${t}`;
        if (r.skipped) {
          cell.skipped = r.skipped;
          notes.push(`${ctx.size} ${op.title}, ${t}: skipped, ${r.skipped}.`);
          log(`${where}: skipped (${r.skipped})`);
        } else if (r.error) {
          cell.error = r.error;
          notes.push(`${ctx.size} ${op.title}, ${t}: ERROR ${r.error}`);
          log(`${where}: ERROR ${r.error}`);
        } else {
          cell.samples.push(r.sample);
          if (cell.samples.length === 1) want[t] = slowRuns(want[t], r.sample.ms);
          for (const c of r.checks) {
            const text = `${ctx.size} ${op.title}, ${t}: check: ${c}.`;
            if (!notes.includes(text)) notes.push(text);
          }
          const mem = r.sample.rssKB ? `, ${Math.round((r.sample.rssKB * 1024) / 1e6)} MB` : '';
          log(`${where} run ${cell.samples.length}/${want[t]}: ${fmtMs(r.sample.ms)}${mem}`);
        }
      }
    }
  }
  return results;
}

/**
 * Copies the built CLI (the folder above dist/bin/tfstate.js) to
 * bench/out/.dist-PID, still under the repository so its packages resolve,
 * and points `opts.cli` at the copy: a rebuild of dist/ during the run (npm
 * run build elsewhere) cannot then break or change the measured program.
 * Checks the copy loads (`--version` imports every command module).
 */
function snapshotDist(opts) {
  const dist = resolve(opts.cli, '..', '..');
  const copy = join(BENCH, 'out', `.dist-${process.pid}`);
  rmSync(copy, { recursive: true, force: true });
  cpSync(dist, copy, { recursive: true, filter: (src) => !src.endsWith('.map') });
  opts.cli = join(copy, opts.cli.slice(dist.length + 1));
  const r = spawnSync(process.execPath, [opts.cli, '--version'], { encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(copy, { recursive: true, force: true });
    throw new Error(`the built CLI does not load (a build may be in progress; run again): ${r.stderr.trim().split('\n').slice(0, 3).join(' / ')}`);
  }
  log(`measuring a snapshot of ${dist} in ${copy}`);
  return copy;
}

function docsBlock(kind) {
  return { begin: `<!-- bench:${kind}:begin -->`, end: `<!-- bench:${kind}:end -->` };
}

/** Replaces the run kind's block in docs/benchmarks.md (creating what is missing). */
function writeDocs(kind, body) {
  const { begin, end } = docsBlock(kind);
  let text = existsSync(DOCS) ? readFileSync(DOCS, 'utf8') : '# Benchmarks\n\nWritten by `npm run bench` (bench/run.mjs).\n';
  const block = `${begin}\n${body.trimEnd()}\n${end}`;
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a >= 0 && b > a) text = text.slice(0, a) + block + text.slice(b + end.length);
  else text = text.trimEnd() + `\n\n## Results (${kind} run)\n\n${block}\n`;
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  writeFileSync(DOCS, text);
}

async function main(argv) {
  const opts = parseArgs(argv);
  if (opts.help) {
    console.log('usage: node bench/run.mjs [--quick] [--sizes 1MB,10MB] [--runs N] [--seed N] [--ops list,show,rm,mv,batch-1,batch-100,batch-1000,graph,audit,s3-audit] [--tools tfstate,terraform,jq,floor] [--timeout SECONDS] [--s3-states N] [--no-docs] [--tui|--no-tui] [--cli PATH]');
    return 0;
  }
  const started = Date.now();
  if (opts.tools.includes('tfstate') && !existsSync(opts.cli)) throw new Error(`${opts.cli} does not exist: run \`npm run build\` first (or leave tfstate out with --tools)`);
  const probe = memoryProbe();
  if (probe !== 'gnu-time') log('GNU time (/usr/bin/time) not found: peak memory is measured for node commands only (apt-get install -y time)');
  const versions = {
    node: process.version,
    terraform: version('terraform', ['version']),
    jq: version('jq', ['--version']),
    tfstate: opts.tools.includes('tfstate') ? version(process.execPath, [opts.cli, '--version']) : null,
  };
  for (const t of ['terraform', 'jq']) {
    if (opts.tools.includes(t) && !versions[t]) throw new Error(`${t} is not installed (or leave it out with --tools)`);
  }
  const load = loadavg();
  const snapshot = opts.tools.includes('tfstate') ? snapshotDist(opts) : null;
  const scratch = mkdtempSync(join(tmpdir(), 'tfstate-bench-'));
  const rc = join(scratch, 'empty.tfrc');
  writeFileSync(rc, '');
  const interrupted = (signal) => {
    killRunning();
    rmSync(scratch, { recursive: true, force: true });
    if (snapshot) rmSync(snapshot, { recursive: true, force: true });
    log(`interrupted (${signal}); nothing was written to the docs`);
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const notes = [];
  const all = {};
  let errors = 0;
  try {
    for (const size of selectedOperations(opts).length ? opts.sizes : []) {
      const file = ensureState(size, opts.seed, log);
      const info = inspectState(file);
      const dir = join(scratch, `inputs-${size}`);
      mkdirSync(dir);
      const batches = {};
      for (const n of [1, 100, 1000]) {
        batches[n] = writeBatch(dir, info.managed, n);
        if (batches[n].note && (!opts.ops || opts.ops.includes(`batch-${n}`))) notes.push(`${size}: ${batches[n].note}.`);
      }
      log(`${size}: ${(info.bytes / 1e6).toFixed(1)} MB, ${info.resources} resources, ${info.instances} instances; target ${info.target.address}`);
      const results = await benchState({ size, file, info, batches, scratch, rc, probe, cli: opts.cli, benchDir: BENCH }, opts, notes);
      for (const row of Object.values(results)) for (const cell of Object.values(row)) if (cell.error) errors++;
      all[size] = { info, results, file };
    }
    let s3 = null;
    const wantS3 = opts.tools.includes('tfstate') && (opts.ops ? opts.ops.includes('s3-audit') : !opts.quick);
    if (wantS3) {
      const help = spawnSync(process.execPath, [opts.cli, 'audit', '--help'], { encoding: 'utf8' });
      if (!/--all <|--all \[/.test(help.stdout)) notes.push('S3 audit throughput: not measured, the CLI has no `audit --all s3://…` yet.');
      else {
        s3 = await benchS3Audit({ cli: opts.cli, count: opts.s3States, bytes: 1e6, runs: Math.min(opts.runs, 3), probe, timeoutMs: opts.timeoutMs, scratch, log });
        if (s3.error) {
          errors++;
          notes.push(`S3 audit: ERROR ${s3.error}`);
        }
      }
    }
    let tui = null;
    if (opts.tui) {
      const path = join(BENCH, 'tui.mjs');
      if (!existsSync(path)) notes.push('--tui: bench/tui.mjs does not exist yet; the TUI was not measured.');
      else {
        const mod = await import(pathToFileURL(path).href);
        const fn = mod.benchTui ?? mod.default;
        if (typeof fn !== 'function') notes.push('--tui: bench/tui.mjs exports no benchTui function; the TUI was not measured.');
        else {
          const states = Object.entries(all).map(([size, v]) => ({ size, file: v.file, info: v.info }));
          const out = await fn({ states, runs: opts.runs, quick: opts.quick, cli: opts.cli, log });
          tui = typeof out === 'string' ? out : out?.markdown ?? null;
        }
      }
    }
    const minutes = (Date.now() - started) / 60000;
    const md = [];
    md.push(`Command: \`${commandLine(argv)}\``);
    md.push('');
    md.push(`Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}. Machine: ${cpus().length} cores (\`nproc\`) ${cpus()[0]?.model ?? ''}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Linux ${release()}, load average ${load[0].toFixed(2)} at the start. Node ${versions.node}; ${versions.terraform ?? 'terraform not run'}; ${versions.jq ?? 'jq not run'}; tfstate ${versions.tfstate ?? 'not run'} (git ${gitRevision()}). Peak memory from ${probe === 'gnu-time' ? 'GNU time %M' : 'process.resourceUsage() (node only)'}. The whole run took ${minutes.toFixed(1)} min.`);
    md.push('');
    md.push(`Runs: ${opts.runs} per command (${Math.min(opts.runs, 3)} for terraform and jq on states of 50 MB or more), a command whose first run took over 10 s gets at most 3 runs and over 60 s one run (n= in the table when fewer runs were made). Each run works on a fresh copy of the state in a fresh directory; the copy is not timed. Times are wall-clock and include process start-up.`);
    md.push('');
    if (Object.keys(all).length) {
      md.push('#### Goals');
      md.push('');
      md.push(goalsSection(all));
      for (const [size, v] of Object.entries(all)) md.push(stateSection(size, v.info, v.results, opts.runs));
      md.push('¹ skipped or failed, see the notes. ² estimate: N separate `terraform state mv` runs at the measured median of one (terraform has no batch).');
      md.push('');
    }
    if (s3) md.push(s3AuditSection(s3));
    if (tui) md.push('#### TUI', '', tui.trimEnd(), '');
    if (notes.length) md.push('#### Notes', '', ...notes.map((n) => `- ${n}`), '');
    const body = md.join('\n');
    process.stdout.write(body + '\n');
    if (opts.docs) {
      const kind = opts.custom ? 'custom' : opts.quick ? 'quick' : 'full';
      writeDocs(kind, body);
      log(`wrote the ${kind} run to ${DOCS}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    if (snapshot) rmSync(snapshot, { recursive: true, force: true });
  }
  if (errors) log(`${errors} command(s) failed; see the notes`);
  return errors ? 1 : 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  log(`error: ${e.message}`);
  process.exitCode = 2;
}
