/**
 * Screen geometry as pure arithmetic on the terminal size, shared by the
 * reducer (scrolling) and the screens (drawing) so they always agree.
 *
 * The frame is one row shorter than the terminal: Ink clears the whole
 * terminal on every frame once its output fills the screen, which flickers.
 */
import type { TermSize } from './types.js';

/** Rows of the header. */
export const HEADER_ROWS = 2;
/** Rows of the footer (key hints). */
export const FOOTER_ROWS = 1;
/** Rows of the status line (long messages wrap onto the second). */
export const STATUS_ROWS = 2;
/** The smallest usable terminal. */
export const MIN_SIZE: TermSize = { columns: 40, rows: 12 };

/** Rows the app draws. */
export function frameRows(size: TermSize): number {
  return Math.max(MIN_SIZE.rows, size.rows) - 1;
}

/** Rows of the main pane (between header and footer). */
export function paneRows(size: TermSize): number {
  return frameRows(size) - HEADER_ROWS - FOOTER_ROWS - STATUS_ROWS;
}

/** Rows of a list or text body inside the pane (below the pane's title line). */
export function bodyRows(size: TermSize): number {
  return paneRows(size) - 1;
}

/** Rows of the audit list (the selected finding's remedy takes two rows below it). */
export function auditRows(size: TermSize): number {
  return bodyRows(size) - 2;
}

/** Rows a confirmation dialog's note takes (it wraps). */
export const NOTE_ROWS = 2;

/** Rows for the plan and diff inside a confirmation dialog (title, note, field and buttons around it). */
export function dialogBodyRows(size: TermSize, protectedEnv: boolean, hasNote: boolean): number {
  return Math.max(3, paneRows(size) - 2 - (protectedEnv ? 1 : 0) - (hasNote ? NOTE_ROWS : 0));
}

/** Usable columns. */
export function frameColumns(size: TermSize): number {
  return Math.max(MIN_SIZE.columns, size.columns);
}

/**
 * True when the terminal is narrower or lower than `MIN_SIZE`: the app then
 * draws only `tooSmallLines` (a frame of the minimum size would wrap and
 * scroll into garbage) and takes no key but quit (nothing may happen unseen).
 */
export function tooSmall(size: TermSize): boolean {
  return size.columns < MIN_SIZE.columns || size.rows < MIN_SIZE.rows;
}

/**
 * The notice drawn on a terminal that is `tooSmall`: its words wrapped to
 * the terminal's width (a longer word cut into pieces), at most one row
 * fewer than the terminal has, and at least one row. Pure.
 */
export function tooSmallLines(size: TermSize): string[] {
  const width = Math.max(1, size.columns);
  const words = `tfstate-tui needs ${MIN_SIZE.columns}x${MIN_SIZE.rows}; this terminal is ${size.columns}x${size.rows}. Press q to quit, or enlarge it.`.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const joined = line === '' ? word : `${line} ${word}`;
    if (joined.length <= width) {
      line = joined;
      continue;
    }
    if (line !== '') lines.push(line);
    let rest = word;
    while (rest.length > width) {
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    line = rest;
  }
  if (line !== '') lines.push(line);
  return lines.slice(0, Math.max(1, size.rows - 1));
}

/** A cursor and the first visible row of a scrolled list. */
export interface Scrolled {
  readonly cursor: number;
  readonly scroll: number;
}

/** A cursor movement. */
export type Move = 'up' | 'down' | 'top' | 'bottom' | 'pageUp' | 'pageDown';

/**
 * Moves a cursor over `count` rows shown `height` at a time, keeping it
 * visible with the least scrolling. Clamps into range; an empty list gives
 * cursor 0, scroll 0.
 */
export function moveCursor(at: Scrolled, move: Move | null, count: number, height: number): Scrolled {
  if (count <= 0) return { cursor: 0, scroll: 0 };
  const h = Math.max(1, height);
  let cursor = at.cursor;
  switch (move) {
    case 'up':
      cursor -= 1;
      break;
    case 'down':
      cursor += 1;
      break;
    case 'top':
      cursor = 0;
      break;
    case 'bottom':
      cursor = count - 1;
      break;
    case 'pageUp':
      cursor -= h;
      break;
    case 'pageDown':
      cursor += h;
      break;
    case null:
      break;
  }
  cursor = Math.min(Math.max(cursor, 0), count - 1);
  let scroll = Math.min(Math.max(at.scroll, cursor - h + 1), cursor);
  scroll = Math.max(0, Math.min(scroll, Math.max(0, count - h)));
  return { cursor, scroll };
}

/** Scrolls a cursor-less text by `delta` rows, clamped. */
export function scrollBy(scroll: number, delta: number, count: number, height: number): number {
  return Math.max(0, Math.min(scroll + delta, Math.max(0, count - height)));
}
