// Turns measurements into markdown: per-state time and memory tables with
// ratios, the goals with PASS/MISS, and notes.
import { summarize } from './measure.mjs';
import { OPERATIONS, TOOLS } from './suites.mjs';

/** "123 ms" or "1.23 s". */
export function fmtMs(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10000) return `${(ms / 1000).toFixed(2)} s`;
  return `${(ms / 1000).toFixed(1)} s`;
}

function fmtMB(bytes) {
  return bytes >= 10e6 ? `${Math.round(bytes / 1e6)} MB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

function fmtX(x) {
  return x >= 10 ? `${x.toFixed(0)}×` : `${x.toFixed(1)}×`;
}

/** Time and memory summary of one cell, or null. */
export function cellStats(cell) {
  if (!cell || cell.samples.length === 0) return null;
  const t = summarize(cell.samples.map((s) => s.ms));
  const rss = cell.samples.map((s) => s.rssKB).filter((v) => v !== null);
  return { ...t, peakBytes: rss.length ? Math.max(...rss) * 1024 : null };
}

function timeCell(cell, base) {
  if (!cell) return '';
  if (cell.skipped) return 'skipped¹';
  if (cell.error) return 'error¹';
  const s = cellStats(cell);
  if (!s) return '';
  const n = base !== undefined && s.n !== base ? `, n=${s.n}` : '';
  return s.n === 1 ? `${fmtMs(s.median)}${n}` : `${fmtMs(s.median)} (${fmtMs(s.min)}–${fmtMs(s.max)}${n})`;
}

function memCell(cell, fileBytes) {
  const s = cell && !cell.error && !cell.skipped ? cellStats(cell) : null;
  if (!s || s.peakBytes === null) return '';
  return `${fmtMB(s.peakBytes)} (${fmtX(s.peakBytes / fileBytes)})`;
}

/** Median time of a measured cell, or null. */
function med(cell) {
  const s = cell && !cell.error && !cell.skipped ? cellStats(cell) : null;
  return s ? s.median : null;
}

/**
 * The terraform time a batch of `n` moves would take as `n` separate
 * `terraform state mv` runs (an estimate from the measured single mv).
 */
function terraformBatchEstimate(results, n) {
  const one = med(results.mv?.terraform);
  return one === null ? null : one * n;
}

/** Markdown for one state's results. */
export function stateSection(size, info, results, base) {
  const lines = [];
  lines.push(`### ${size} state: ${fmtMB(info.bytes)}, ${info.resources.toLocaleString('en-US')} resources, ${info.instances.toLocaleString('en-US')} instances (${info.objects.toLocaleString('en-US')} objects)`);
  lines.push('');
  lines.push('Time: median (min–max) of the runs, n= when fewer than the default were made. Ratios compare medians: "× faster" is the other tool\'s time divided by tfstate\'s; "× floor" is tfstate\'s time divided by the floor\'s (1× would be as fast as reading and parsing the file in node).');
  lines.push('');
  lines.push('| operation | tfstate | terraform | jq | floor (node) | vs terraform | vs jq | vs floor |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const floorOf = { parse: results['floor-parse']?.floor, write: results['floor-write']?.floor };
  for (const op of OPERATIONS) {
    const r = results[op.id];
    if (!r) continue;
    if (op.floorRow) {
      lines.push(`| ${op.title} | | | | ${timeCell(r.floor, base)} | | | |`);
      continue;
    }
    let tf = timeCell(r.terraform, base);
    let tfMed = med(r.terraform);
    if (op.batch && !r.terraform) {
      const est = terraformBatchEstimate(results, op.batch);
      if (est !== null) {
        tf = `≈ ${fmtMs(est)}²`;
        tfMed = est;
      }
    }
    const ts = med(r.tfstate);
    const fl = op.floor ? floorOf[op.floor] : undefined;
    const flMed = med(fl);
    const vsTf = ts !== null && tfMed !== null ? fmtX(tfMed / ts) : '';
    const vsJq = ts !== null && med(r.jq) !== null ? fmtX(med(r.jq) / ts) : '';
    const vsFloor = ts !== null && flMed !== null ? `${fmtX(ts / flMed)} ${op.floor}` : '';
    lines.push(`| ${op.title} | ${timeCell(r.tfstate, base)} | ${tf} | ${timeCell(r.jq, base)} | ${fl && flMed !== null ? `${op.floor}: ${fmtMs(flMed)}` : ''} | ${vsTf} | ${vsJq} | ${vsFloor} |`);
  }
  lines.push('');
  lines.push('Peak memory (RSS, the largest of the runs) and its ratio to the file size:');
  lines.push('');
  lines.push('| operation | tfstate | terraform | jq | floor (node) |');
  lines.push('| --- | --- | --- | --- | --- |');
  for (const op of OPERATIONS) {
    const r = results[op.id];
    if (!r) continue;
    const cells = TOOLS.map((tool) => memCell(r[tool], info.bytes));
    if (cells.every((c) => c === '')) continue;
    lines.push(`| ${op.title} | ${cells.join(' | ')} |`);
  }
  lines.push('');
  return lines.join('\n');
}

/**
 * The goals (issues 1 and 3) with PASS or MISS; `all` maps size label to
 * `{ info, results }`.
 */
export function goalsSection(all) {
  const big = all['100MB'];
  const rows = [];
  const speed = (op, factor) => {
    const goal = `${op} ≥ ${factor}× faster than terraform on 100 MB`;
    if (!big) return [goal, 'not measured (no 100 MB run)', '—'];
    const ts = med(big.results[op]?.tfstate);
    const tf = med(big.results[op]?.terraform);
    if (ts === null || tf === null) return [goal, 'not measured (a command failed or was skipped)', '—'];
    const x = tf / ts;
    return [goal, `${fmtX(x)} (${fmtMs(ts)} vs ${fmtMs(tf)})`, x >= factor ? 'PASS' : 'MISS'];
  };
  const memory = (op) => {
    const goal = `${op} peak memory < 2.5× the file size on 100 MB`;
    if (!big) return [goal, 'not measured (no 100 MB run)', '—'];
    const s = big.results[op]?.tfstate && !big.results[op].tfstate.error ? cellStats(big.results[op].tfstate) : null;
    if (!s || s.peakBytes === null) return [goal, 'not measured', '—'];
    const x = s.peakBytes / big.info.bytes;
    return [goal, `${fmtX(x)} (${fmtMB(s.peakBytes)} for ${fmtMB(big.info.bytes)})`, x < 2.5 ? 'PASS' : 'MISS'];
  };
  rows.push(speed('rm', 20), memory('rm'), speed('mv', 20), memory('mv'), speed('list', 10));
  for (const [size, { results }] of Object.entries(all)) {
    const goal = `a 1000-op batch ≤ 2× a single op (tfstate mv), ${size}`;
    const b = med(results['batch-1000']?.tfstate);
    const one = med(results.mv?.tfstate);
    if (b === null || one === null) rows.push([goal, 'not measured', '—']);
    else rows.push([goal, `${fmtX(b / one)} (${fmtMs(b)} vs ${fmtMs(one)})`, b <= 2 * one ? 'PASS' : 'MISS']);
  }
  const lines = ['| goal | measured | result |', '| --- | --- | --- |'];
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  return lines.join('\n') + '\n';
}
