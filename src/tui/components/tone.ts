/**
 * How line tones look: the only place model tones become Ink text styles.
 */
import type { Tone } from '../model/lines.js';

/** Ink `<Text>` props for a tone. */
export interface ToneStyle {
  readonly color?: string;
  readonly bold?: boolean;
  readonly dimColor?: boolean;
}

const STYLES: Readonly<Record<Tone, ToneStyle>> = {
  plain: {},
  title: { bold: true },
  heading: { bold: true, color: 'cyan' },
  dim: { dimColor: true },
  warn: { color: 'yellow' },
  error: { color: 'red', bold: true },
  cycle: { color: 'red', bold: true },
  add: { color: 'green' },
  remove: { color: 'red' },
  hunk: { color: 'cyan' },
};

/** The style of a tone. */
export function toneStyle(t: Tone): ToneStyle {
  return STYLES[t];
}

/** The colour of a status tone. */
export function statusColor(tone: 'info' | 'success' | 'warning' | 'error' | 'progress'): string | undefined {
  return { info: undefined, success: 'green', warning: 'yellow', error: 'red', progress: 'cyan' }[tone];
}
