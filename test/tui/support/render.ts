/**
 * Rendering Ink apps at a fixed terminal size in tests.
 *
 * ink-testing-library's fake stdout is fixed at 100 columns and has no
 * rows, so this helper builds the same kind of fake streams (debug mode:
 * every frame written whole) with the size we ask for, which `resize`
 * changes as a terminal window does. `press` writes one
 * key at a time and waits between keys so React flushes; `waitForFrame`
 * polls the last frame until a predicate holds.
 */
import { EventEmitter } from 'node:events';
import { stripVTControlCharacters } from 'node:util';
import type { ReactElement } from 'react';
import { render } from 'ink';
import type { TermSize } from '../../../src/tui/model/types.js';

/** Key byte sequences as a terminal sends them. */
export const KEY = {
  enter: '\r',
  esc: '\u001b',
  tab: '\t',
  up: '\u001b[A',
  down: '\u001b[B',
  left: '\u001b[D',
  right: '\u001b[C',
  backspace: '\u007f',
  space: ' ',
  ctrlC: '\u0003',
  ctrlU: '\u0015',
} as const;

/** A terminal's output stream of a given size, keeping every frame written. */
export class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  readonly frames: string[] = [];
  constructor(private size: TermSize) {
    super();
  }
  /** Changes the size and tells listeners, as a terminal does on SIGWINCH. */
  resize(size: TermSize): void {
    this.size = size;
    this.emit('resize');
  }
  get columns(): number {
    return this.size.columns;
  }
  get rows(): number {
    return this.size.rows;
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    return true;
  };
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  write = (data: string): void => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = (): string | null => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

/** A rendered app. */
export interface Rendered {
  readonly stdin: FakeStdin;
  /** The last frame, without colours. */
  lastFrame(): string;
  /** Every frame written so far, escape sequences (colours, inverse video) included. */
  rawFrames(): readonly string[];
  /** Resizes the terminal (columns and rows change, then 'resize' is emitted). */
  resize(size: TermSize): void;
  /** The fake terminal's output stream, for what follows its size. */
  readonly stdout: FakeStdout;
  /** Renders `tree` again, synchronously (Ink's `rerender`). */
  rerender(tree: ReactElement): void;
  /** The terminal's size now. */
  size(): TermSize;
  unmount(): void;
  waitUntilExit(): Promise<unknown>;
}

/** Renders `tree` on a fake terminal of `size`. */
export function renderAt(tree: ReactElement, size: TermSize): Rendered {
  const stdout = new FakeStdout(size);
  const stdin = new FakeStdin();
  const stderr = new FakeStdout(size);
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return {
    stdin,
    lastFrame: () => stripVTControlCharacters(stdout.frames[stdout.frames.length - 1] ?? ''),
    rawFrames: () => stdout.frames,
    resize: (size) => stdout.resize(size),
    stdout,
    rerender: (t) => instance.rerender(t),
    size: () => ({ columns: stdout.columns, rows: stdout.rows }),
    unmount: () => instance.unmount(),
    waitUntilExit: () => instance.waitUntilExit(),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Presses keys one at a time (a key is a character or a KEY sequence), pausing so React flushes between them. */
export async function press(stdin: { write(d: string): void }, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    stdin.write(k);
    await sleep(25);
  }
}

/** Types text one character at a time (printable characters need no escape-sequence wait, so the pause is shorter). */
export async function typeText(stdin: { write(d: string): void }, text: string): Promise<void> {
  for (const ch of text) {
    stdin.write(ch);
    await sleep(8);
  }
  await sleep(20);
}

/**
 * Polls the last frame until `predicate` holds; returns that frame. Fails
 * with the last frame shown after `timeoutMs`.
 */
export async function waitForFrame(r: Rendered, predicate: (frame: string) => boolean, timeoutMs = 5000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const f = r.lastFrame();
    if (predicate(f)) return f;
    if (Date.now() > until) throw new Error(`Timed out waiting for the screen. Last frame:\n${f}`);
    await sleep(20);
  }
}
