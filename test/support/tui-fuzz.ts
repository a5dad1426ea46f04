/**
 * Harness for fuzzing the TUI: starts the whole app (store, session
 * gateway, controller, Ink) in a scratch directory holding the case's
 * files, sends key presses one write at a time as a terminal does, resizes
 * the terminal between them, and watches every frame and what happens to
 * the files. Every frame must fit the terminal it was drawn on (no line
 * wider, as Ink measures it, and a row fewer than it has), and be the app
 * (its header first) or, on a terminal below the minimum size, the notice
 * saying so.
 *
 * Whether an edit was confirmed is judged from what the user saw, not from
 * the app's own state: a press of enter while the frame showed a
 * confirmation dialog with Apply focused (drawn in inverse video) and, in a
 * protected environment, its name typed in the field. A pasted chunk
 * holding an enter while such a dialog is shown counts too, since the keys
 * in it may switch to Apply first.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { KEYMAP } from '../../src/tui/keymap/table.js';
import type { OpenRequest } from '../../src/tui/effects/gateway.js';
import type { TermSize } from '../../src/tui/model/types.js';
import { tooSmall, tooSmallLines } from '../../src/tui/model/layout.js';
// Ink's own measure of a line's width (Ink lays out and truncates with it).
import stringWidth from 'string-width';
import { mountApp, type DemoApp } from '../tui/support/app.js';
import { checkFiles, crashSign, listFiles, type Files } from './cli-fuzz.js';

/** One write to the terminal's input: a key's bytes or a pasted chunk. */
export type Write = string;

/** The terminal window resized (the app gets a 'resize' event). */
export interface Resize {
  readonly resize: TermSize;
}

/** What the user does: a write, or a resize of the window. */
export type Step = Write | Resize;

/** A TUI fuzz case: the files of the scratch directory, what to open, the terminal size at the start and the steps. */
export interface TuiScene {
  readonly files: Readonly<Record<string, Uint8Array>>;
  readonly open: OpenRequest;
  readonly size: TermSize;
  readonly steps: readonly Step[];
  /** Bytes the app reads from somewhere else than the files (an S3 state), which a frame may quote. */
  readonly elsewhere?: readonly Uint8Array[];
}

/** What a session did. */
export interface TuiObserved {
  /** Writes the user confirmed an edit with (see the module comment). */
  readonly confirmations: number;
  /** Writes actually sent (the app may quit before the last). */
  readonly sent: number;
  /** Writes sent while a confirmation dialog was shown. */
  readonly inDialog: number;
  /** True when a state was loaded at some point (the header showed a serial). */
  readonly loaded: boolean;
  /** Resizes done. */
  readonly resized: number;
  readonly lastFrame: string;
  readonly before: Files;
  readonly after: Files;
}

/** The bytes a terminal sends for the keymap's key names. */
const SEQUENCES: Readonly<Record<string, string>> = {
  up: '\u001b[A', down: '\u001b[B', right: '\u001b[C', left: '\u001b[D', pageup: '\u001b[5~', pagedown: '\u001b[6~', home: '\u001b[H', end: '\u001b[F',
  enter: '\r', esc: '\u001b', tab: '\t', 'shift+tab': '\u001b[Z', backspace: '\u007f', space: ' ',
};

/** The bytes of a key as the keymap names it (`j`, `ctrl+d`, `pagedown`…). */
export function keyBytes(name: string): string {
  const ctrl = /^ctrl\+([a-z])$/.exec(name);
  if (ctrl) return String.fromCharCode(ctrl[1].charCodeAt(0) - 96);
  return SEQUENCES[name] ?? name;
}

/** Every key the keymap binds, in any context (so a new binding is fuzzed as soon as it exists). */
export const BOUND_KEYS: readonly string[] = [...new Set(KEYMAP.flatMap((b) => b.keys))];

/** Signs of a crash only the TUI shows: Ink's error screen, its stack lines, and the task runner's catch-all. */
const TUI_CRASH_SIGNS: readonly RegExp[] = [/^\s*ERROR\s/m, /^\s*- .*\(.*:\d+:\d+\)\s*$/m, /Unexpected error/];

const APPLY_FOCUSED = /\u001b\[7m(?:\u001b\[[0-9;]*m)* Apply /;

/** The confirmation dialog's button row in `raw` (a frame as drawn), if the frame shows one. */
function buttons(raw: string): string | undefined {
  return raw.split('\n').find((l) => /^ Cancel {2,}Apply /.test(stripVTControlCharacters(l)));
}

/** True when pressing enter on the frame `raw` confirms an edit: Apply focused and, when protected, the name typed. */
function enterConfirms(raw: string): boolean {
  if (!APPLY_FOCUSED.test(buttons(raw) ?? '')) return false;
  const text = stripVTControlCharacters(raw);
  if (!/^Apply to .*\(protected\)/m.test(text)) return true;
  const typed = /^Type (.+) to apply: (.*?)\s*$/m.exec(text);
  return typed !== null && typed[1] === typed[2];
}

/** True when `w` may confirm an edit on the frame `raw` (see the module comment). */
function confirms(raw: string, w: Write): boolean {
  if (w === '\r') return enterConfirms(raw);
  return w.length > 1 && /[\r\n]/.test(w) && !w.startsWith('\u001b') && buttons(raw) !== undefined;
}

/** Waits until no effect runs and no new frame has been drawn for a moment. */
async function quiet(app: DemoApp): Promise<void> {
  let seen = -1;
  for (let i = 0; i < 500; i++) {
    while (app.controller.running) await app.controller.running;
    await new Promise((r) => setTimeout(r, 2));
    const n = app.r.rawFrames().length;
    if (!app.controller.running && n === seen) return;
    seen = n;
  }
}

let counter = 0;
/** Errors nobody caught while a session ran (listeners installed by `watchUncaught`). */
const uncaught: unknown[] = [];

/** Records uncaught exceptions and unhandled rejections for `runTui` to report; returns the function that stops. */
export function watchUncaught(): () => void {
  const record = (e: unknown): void => void uncaught.push(e);
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  return () => {
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
  };
}

/** The frame a terminal of `size` must show, as lines: the notice when it is too small, else null (the app, header first). */
function expectedNotice(size: TermSize): string | null {
  return tooSmall(size) ? tooSmallLines(size).join('\n') : null;
}

/** Why `frame` (no colours) does not fit a terminal of `size`, or null when it fits. */
function misfit(frame: string, size: TermSize): string | null {
  const lines = frame.split('\n');
  const wide = lines.find((l) => stringWidth(l) > size.columns);
  if (wide !== undefined) return `a line is ${stringWidth(wide)} columns wide on a terminal of ${size.columns}: ${JSON.stringify(wide)}`;
  if (lines.length > Math.max(1, size.rows - 1)) return `${lines.length} rows on a terminal of ${size.rows}`;
  return null;
}

/**
 * Runs a session: writes the files into a new directory under `root`,
 * starts the app, takes the steps (waiting for the app to settle after
 * each), checks every frame drawn, then quits and lists the files again.
 * Throws on a crash sign in a frame, a frame that is neither the app nor
 * the too-small notice or does not fit its terminal, an exception out of a
 * key press, or an error nobody caught.
 */
export async function runTui(scene: TuiScene, root: string): Promise<TuiObserved> {
  const dir = mkdtempSync(join(root, `${counter++}-`));
  for (const [name, bytes] of Object.entries(scene.files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  const before = listFiles(dir);
  const writes = scene.steps.filter((w): w is Write => typeof w === 'string');
  const input = [...writes, ...[...Object.values(scene.files), ...(scene.elsewhere ?? [])].map((b) => Buffer.from(b).toString('utf8'))].join('\n');
  uncaught.length = 0;
  const app = await mountApp(dir, scene.size, scene.open);
  // The terminal's size for each frame: from the frame a resize was made at on.
  const sizes: { from: number; size: TermSize }[] = [{ from: 0, size: scene.size }];
  const sizeOf = (frame: number): TermSize => sizes.findLast((x) => x.from <= frame)!.size;
  let checked = 0;
  const inspect = (after: string): void => {
    const frames = app.r.rawFrames();
    for (; checked < frames.length; checked++) {
      const frame = stripVTControlCharacters(frames[checked]);
      // Unmounting, and Ink on a narrower terminal, clear the screen.
      if (frame.trim() === '') continue;
      const sign = crashSign(frame, input) ?? crashSign(frame, input, TUI_CRASH_SIGNS);
      if (sign) throw new Error(`after ${after}, a frame looks like a crash (${sign}):\n${frame}`);
      const size = sizeOf(checked);
      const notice = expectedNotice(size);
      if (notice !== null && frame !== notice) throw new Error(`after ${after}, a frame on a ${size.columns}x${size.rows} terminal is not the too-small notice:\n${frame}`);
      if (notice === null && !frame.startsWith('tfstate-tui')) throw new Error(`after ${after}, a frame has no header:\n${frame}`);
      const bad = misfit(frame, size);
      if (bad) throw new Error(`after ${after}, a frame does not fit the terminal (${bad}):\n${frame}`);
    }
    if (uncaught.length > 0) throw new Error(`after ${after}, an error was not caught: ${uncaught.map((e) => (e instanceof Error ? (e.stack ?? e.message) : String(e))).join('\n')}`);
  };
  let confirmations = 0;
  let sent = 0;
  let inDialog = 0;
  let resized = 0;
  try {
    await quiet(app);
    inspect('opening');
    for (const w of scene.steps) {
      if (app.exited()) break;
      if (typeof w !== 'string') {
        sizes.push({ from: app.r.rawFrames().length, size: w.resize });
        app.r.resize(w.resize);
        resized++;
        await quiet(app);
        inspect(`resize ${resized} (to ${w.resize.columns}x${w.resize.rows})`);
        continue;
      }
      const frames = app.r.rawFrames();
      const last = frames[frames.length - 1] ?? '';
      if (confirms(last, w)) confirmations++;
      if (buttons(last) !== undefined) inDialog++;
      try {
        app.r.stdin.write(w);
      } catch (e) {
        throw new Error(`write ${sent} (${JSON.stringify(w)}) threw: ${(e as Error).stack ?? String(e)}`);
      }
      sent++;
      await quiet(app);
      inspect(`write ${sent - 1} (${JSON.stringify(w)})`);
    }
    if (!app.exited()) app.controller.quit();
    await quiet(app);
    inspect('quitting');
    if (!app.exited()) throw new Error('the app did not exit after quit');
    const loaded = app.r.rawFrames().some((f) => /^serial \d/m.test(stripVTControlCharacters(f)));
    return { confirmations, sent, inDialog, loaded, resized, lastFrame: app.r.rawFrames().map((f) => stripVTControlCharacters(f)).findLast((f) => f.trim() !== '') ?? '', before, after: listFiles(dir) };
  } finally {
    app.cleanup();
  }
}

/**
 * Checks what a session did to the files: nothing without a confirmation;
 * after confirmations, only `stateFiles` rewritten (each decoding, serial up
 * by at most one per confirmation, the old bytes backed up), new backups and
 * backup indexes.
 */
export function checkTuiFiles(scene: TuiScene, o: TuiObserved, stateFiles: readonly string[]): void {
  const cli = { files: scene.files, argv: ['tfstate-tui', `(${o.sent} writes, ${o.confirmations} confirmations)`] };
  checkFiles(cli, { code: 0, stdout: o.lastFrame, stderr: '', before: o.before, after: o.after }, { codes: [0], readOnly: o.confirmations === 0, mustFail: false, jsonStdout: false, stateFiles, maxWrites: o.confirmations });
}

/** A scratch root for sessions (remove it with `rmSync` when done). */
export function tuiScratch(): string {
  return mkdtempSync(join(tmpdir(), 'tfstate-tuifuzz-'));
}
