/**
 * A window of toned lines with an optional cursor row: how every text pane
 * (detail, graph, audit, help, backups, diffs) is drawn. Only the visible
 * rows are rendered.
 */
import React from 'react';
import { Box, Text } from 'ink';
import type { Line } from '../model/lines.js';
import { toneStyle } from './tone.js';

/** Props: the lines, the first visible one, how many rows, the cursor (omit for none). */
export interface LineListProps {
  readonly lines: readonly Line[];
  readonly scroll: number;
  readonly height: number;
  readonly width: number;
  readonly cursor?: number;
}

/** Draws `height` rows from `scroll`, padding with empty rows. */
export function LineList({ lines, scroll, height, width, cursor }: LineListProps): React.JSX.Element {
  const rows: React.JSX.Element[] = [];
  for (let i = 0; i < height; i++) {
    const at = scroll + i;
    const l = lines[at];
    if (!l) {
      rows.push(<Text key={i}> </Text>);
      continue;
    }
    const selected = cursor === at;
    rows.push(
      <Text key={i} wrap="truncate-end" inverse={selected} {...toneStyle(l.tone)}>
        {clip(l.text === '' ? ' ' : l.text, width)}
      </Text>,
    );
  }
  return <Box flexDirection="column" width={width}>{rows}</Box>;
}

/** Cuts a string to `width` columns (by code points; wide characters are rare in state addresses). */
export function clip(s: string, width: number): string {
  const cps = [...s.replace(/\t/g, '    ')];
  return cps.length <= width ? cps.join('') : cps.slice(0, Math.max(0, width - 1)).join('') + '…';
}
