/**
 * The status line: progress while an effect runs, then its result.
 */
import React from 'react';
import { Box, Text } from 'ink';
import { STATUS_ROWS } from '../model/layout.js';
import type { Status } from '../model/types.js';
import { statusColor } from './tone.js';

/** Props: the status (null: empty) and the usable width. */
export interface StatusLineProps {
  readonly status: Status | null;
  readonly width: number;
}

/** Up to `STATUS_ROWS` wrapped rows; longer messages are cut. */
export function StatusLine({ status, width }: StatusLineProps): React.JSX.Element {
  const text = status ? (status.tone === 'progress' ? `… ${status.text}` : status.text) : '';
  const rows = wrap(text, width).slice(0, STATUS_ROWS);
  while (rows.length < STATUS_ROWS) rows.push(' ');
  const color = status ? statusColor(status.tone) : undefined;
  return (
    <Box flexDirection="column" width={width}>
      {rows.map((r, i) => (
        <Text key={i} color={color} wrap="truncate-end">
          {r}
        </Text>
      ))}
    </Box>
  );
}

/** Breaks text into rows of at most `width` characters, at spaces where possible. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let rest = text.replace(/\s*\n\s*/g, ' ');
  while (rest.length > width) {
    let cut = rest.lastIndexOf(' ', width);
    if (cut <= 0) cut = width;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, '');
  }
  if (rest !== '') out.push(rest);
  return out;
}
