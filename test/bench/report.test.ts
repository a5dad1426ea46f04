import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The bench modules are plain .mjs scripts; import them by computed path so
// the typechecker does not look for declarations.
const bench = join(import.meta.dirname, '..', '..', 'bench');
type Sample = { ms: number; rssKB: number | null };
type Cell = { samples: Sample[]; error?: string; skipped?: string };
interface Measure {
  summarize(values: number[]): { median: number; min: number; max: number; n: number };
}
interface Report {
  fmtMs(ms: number): string;
  goalsSection(all: Record<string, { info: { bytes: number }; results: Record<string, Record<string, Cell>> }>): string;
}
interface States {
  writeBatch(dir: string, managed: { address: string }[], n: number): { file: string; note: string | null };
}
const { summarize } = (await import(join(bench, 'measure.mjs'))) as Measure;
const { fmtMs, goalsSection } = (await import(join(bench, 'report.mjs'))) as Report;
const { writeBatch } = (await import(join(bench, 'states.mjs'))) as States;

const dir = mkdtempSync(join(tmpdir(), 'tfstate-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cell = (...ms: number[]): Cell => ({ samples: ms.map((m) => ({ ms: m, rssKB: 100_000 })) });

describe('summarize', () => {
  it.each([
    [[3], 3, 3, 3],
    [[5, 1, 3], 3, 1, 5],
    [[4, 1, 3, 2], 2.5, 1, 4],
  ])('gives median, min and max of %j', (values, median, min, max) => {
    expect(summarize(values)).toEqual({ median, min, max, n: values.length });
  });
});

describe('fmtMs', () => {
  it.each([
    [12.4, '12 ms'],
    [1234, '1.23 s'],
    [65_432, '65.4 s'],
  ])('prints %d ms as %s', (ms, text) => {
    expect(fmtMs(ms)).toBe(text);
  });
});

describe('goalsSection', () => {
  it('marks a goal PASS or MISS from the 100 MB medians and peak memory', () => {
    const results = {
      rm: { tfstate: cell(1000, 900, 1100), terraform: cell(21_000) },
      mv: { tfstate: cell(2000), terraform: cell(25_000) },
      list: { tfstate: cell(400), terraform: cell(5000) },
      'batch-1000': { tfstate: cell(3000) },
    };
    const text = goalsSection({ '100MB': { info: { bytes: 100e6 }, results } });
    expect(text).toContain('| rm ≥ 20× faster than terraform on 100 MB | 21× (1.00 s vs 21.0 s) | PASS |');
    expect(text).toContain('| mv ≥ 20× faster than terraform on 100 MB | 13× (2.00 s vs 25.0 s) | MISS |');
    expect(text).toContain('| list ≥ 10× faster than terraform on 100 MB | 13× (400 ms vs 5.00 s) | PASS |');
    expect(text).toContain('| rm peak memory < 2.5× the file size on 100 MB | 1.0× (102 MB for 100 MB) | PASS |');
    expect(text).toContain('| a 1000-op batch ≤ 2× a single op (tfstate mv), 100MB | 1.5× (3.00 s vs 2.00 s) | PASS |');
  });

  it('says a goal was not measured without a 100 MB run', () => {
    const text = goalsSection({ '1MB': { info: { bytes: 1e6 }, results: {} } });
    expect(text).toContain('| rm ≥ 20× faster than terraform on 100 MB | not measured (no 100 MB run) | — |');
    expect(text).toContain('| a 1000-op batch ≤ 2× a single op (tfstate mv), 1MB | not measured | — |');
  });
});

describe('writeBatch', () => {
  it('renames distinct resources when the state has enough', () => {
    const managed = ['a.x', 'a.y', 'a.z', 'a.w'].map((address) => ({ address }));
    const { file, note } = writeBatch(dir, managed, 2);
    expect(readFileSync(file, 'utf8').split('\n').slice(1, -1)).toEqual(["mv 'a.x' 'a.x_b1'", "mv 'a.z' 'a.z_b1'"]);
    expect(note).toBeNull();
  });

  it('chains renames when the batch is larger than the state, each from the previous name', () => {
    const managed = [{ address: 'module.m["k"].a.x' }, { address: 'a.y' }];
    const { file, note } = writeBatch(dir, managed, 5);
    expect(readFileSync(file, 'utf8').split('\n').slice(1, -1)).toEqual([
      `mv 'module.m["k"].a.x' 'module.m["k"].a.x_b1'`,
      "mv 'a.y' 'a.y_b1'",
      `mv 'module.m["k"].a.x_b1' 'module.m["k"].a.x_b2'`,
      "mv 'a.y_b1' 'a.y_b2'",
      `mv 'module.m["k"].a.x_b2' 'module.m["k"].a.x_b3'`,
    ]);
    expect(note).toBe('the state has 2 managed resources, so the 5-op batch renames each one in a chain of up to 3 moves');
  });
});
