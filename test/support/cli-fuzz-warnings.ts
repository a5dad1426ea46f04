/**
 * Fuzzing what the CLI says about a state that decodes with warnings (a
 * fractional `index_key`, which Terraform truncates): each case runs twice
 * on the same files, as text and with --json. Both runs keep the CLI
 * contract; every warning the text run prints, the --json run carries too
 * (in its document's `warnings` or on stderr); and a text run that read the
 * state and succeeded printed every warning the decode gives.
 */
import fc from 'fast-check';
import { decodeState } from '../../src/core/statefile/index.js';
import { checkContract, flagsOf, helpLike, inProcess, runScene, type Observed, type Scene } from './cli-fuzz.js';
import type { Case } from './cli-fuzz-cases.js';
import { SEEDS } from './fuzz-inputs.js';

const INT_KEY = /("index_key":\s*)(\d+)(?=\s*[,}\n])/g;
const utf8 = (b: Uint8Array): string => new TextDecoder().decode(b);

/** The seed states with integer index keys. */
const KEYED = SEEDS.filter((b) => (utf8(b).match(INT_KEY)?.length ?? 0) > 0);

/**
 * `bytes` with the integer index keys numbered `at` (modulo their count)
 * given `fraction` (`.5`, `.25e0`…): the state still decodes to the same
 * instances, with one warning per key changed. A copy; `bytes` is kept.
 */
export function withFractionalKeys(bytes: Uint8Array, at: readonly number[], fraction: string): Uint8Array {
  const text = utf8(bytes);
  const count = text.match(INT_KEY)?.length ?? 0;
  const picked = new Set(at.map((n) => n % Math.max(1, count)));
  let i = 0;
  return new TextEncoder().encode(text.replace(INT_KEY, (whole, key: string, n: string) => (picked.has(i++) ? `${key}${n}${fraction}` : whole)));
}

/** A seed state with one to three of its integer index keys made fractional. */
export const warnedState: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.constantFrom(...KEYED), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), fc.constantFrom('.5', '.25', '.999', '.0001', '.5e0'))
  .map(([seed, at, fraction]) => withFractionalKeys(seed, at, fraction));

/** The case as text (every --json among its options removed) and with --json (right after the command). */
function twins(c: Case): [Case, Case] {
  const argv = c.scene.argv;
  const options = flagsOf(argv).length;
  const text = [...argv.slice(0, options).filter((a) => a !== '--json'), ...argv.slice(options)];
  const json = [text[0], '--json', ...text.slice(1)];
  return [
    { ...c, scene: { ...c.scene, argv: text } },
    { ...c, scene: { ...c.scene, argv: json } },
  ];
}

/** Warnings printed on stderr, as `summary: first line of detail` with the scratch directory left out. */
function printed(o: Observed): string[] {
  return [...o.stderr.matchAll(/(?:^|\n)Warning: ([^\n]*)\n\n([^\n]*)/g)].map((m) => `${m[1]}: ${local(m[2], o)}`);
}

/** Warnings in the --json document's `warnings`, and on stderr, in the form of `printed`. */
function carried(o: Observed): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(o.stdout);
  } catch {
    doc = null;
  }
  const list = (doc as { warnings?: unknown } | null)?.warnings;
  const inDoc = Array.isArray(list) ? list.map((w: { summary?: string; detail?: string }) => `${w.summary}: ${local(String(w.detail).split('\n')[0], o)}`) : [];
  return [...inDoc, ...printed(o)];
}

const local = (text: string, o: Observed): string => (o.dir ? text.replaceAll(o.dir, '@DIR@') : text);

/** The decode warnings of the scene's state files: summary, and the detail's first line after the file's name. */
function decodeWarnings(scene: Scene): { summary: string; detail: string }[] {
  return Object.entries(scene.files)
    .filter(([name]) => name.endsWith('.tfstate') && !name.startsWith('.terraform/'))
    .flatMap(([, b]) => decodeState(typeof b === 'string' ? new TextEncoder().encode(b) : b, { location: '' }).diags)
    .filter((d) => d.severity === 'warning')
    .map((d) => ({ summary: d.summary, detail: d.detail.split('\n')[0] }));
}

function fail(msg: string, c: Case, text: Observed, json: Observed): never {
  const show = (o: Observed): string => `exit ${o.code}, stdout ${JSON.stringify(o.stdout.slice(0, 600))}, stderr ${JSON.stringify(o.stderr.slice(0, 800))}`;
  throw new Error(`${msg}\n  argv: ${JSON.stringify(c.scene.argv)}\n  text run: ${show(text)}\n  --json run: ${show(json)}`);
}

/** Runs the case as text and with --json (in-process) and checks the contract and the warnings (see the module comment). */
export async function checkWarnings(c: Case): Promise<void> {
  const [t, j] = twins(c);
  const text = await runScene(t.scene, c.runner?.inProcess ?? inProcess);
  checkContract(t.scene, text, t.contract);
  const json = await runScene(j.scene, c.runner?.inProcess ?? inProcess);
  checkContract(j.scene, json, j.contract);
  const inJson = new Set(carried(json));
  const missing = printed(text).filter((w) => !inJson.has(w));
  if (missing.length > 0) fail(`text mode printed warnings that --json dropped: ${JSON.stringify(missing)}`, c, text, json);
  if (text.code !== 0 || helpLike(t.scene.argv)) return;
  const shown = printed(text);
  const unsaid = decodeWarnings(c.scene).filter((w) => !shown.some((s) => s.startsWith(`${w.summary}: `) && s.endsWith(w.detail)));
  if (unsaid.length > 0) fail(`the command read the state and succeeded, but did not print its warnings: ${JSON.stringify(unsaid)}`, c, text, json);
}
