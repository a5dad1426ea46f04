/**
 * A message to read in full (every diagnostic of a refused or failed edit),
 * scrollable; esc, enter or q closes it.
 */
import React from 'react';
import { Box, Text } from 'ink';
import { line } from '../model/lines.js';
import type { Dialog } from '../model/types.js';
import { clip, LineList } from './line-list.js';
import { wrap } from './status-line.js';

/** Props: the dialog, the pane's width and height. */
export interface MessageDialogProps {
  readonly dialog: Extract<Dialog, { kind: 'message' }>;
  readonly width: number;
  readonly height: number;
}

/** See the module comment. */
export function MessageDialog({ dialog: d, width, height }: MessageDialogProps): React.JSX.Element {
  const lines = d.lines.flatMap((l) => (l === '' ? [''] : wrap(l, width))).map((t) => line(t, t.startsWith('Error: ') ? 'error' : t.startsWith('Warning: ') ? 'warn' : 'plain'));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold color="red" wrap="truncate-end">
        {clip(d.title, width)}
      </Text>
      <LineList lines={lines} scroll={Math.min(d.scroll, Math.max(0, lines.length - 1))} height={height - 2} width={width} />
      <Text dimColor>esc, enter or q closes{lines.length > height - 2 ? '  ·  j/k scroll' : ''}</Text>
    </Box>
  );
}
