/**
 * Scrollable text panes (detail, graph, audit, help, diffs) are lists of
 * lines. A line may carry a link (an address enter follows) and a tone the
 * screen maps to a colour; the model never names colours.
 */

/** How a line is emphasised. */
export type Tone = 'plain' | 'title' | 'heading' | 'dim' | 'warn' | 'error' | 'cycle' | 'add' | 'remove' | 'hunk';

/** One line of a pane. */
export interface Line {
  readonly text: string;
  readonly tone: Tone;
  /** What enter opens on this line (an address), if anything. */
  readonly link?: string;
}

/** A plain line. */
export function line(text: string, tone: Tone = 'plain', link?: string): Line {
  return link === undefined ? { text, tone } : { text, tone, link };
}

/** Lines of a unified diff, toned by their first character. */
export function diffLines(patch: string): Line[] {
  return patch
    .split('\n')
    .filter((l, i, all) => !(i === all.length - 1 && l === ''))
    .map((l) => line(l, l.startsWith('+++') || l.startsWith('---') ? 'dim' : l.startsWith('+') ? 'add' : l.startsWith('-') ? 'remove' : l.startsWith('@@') ? 'hunk' : 'plain'));
}
