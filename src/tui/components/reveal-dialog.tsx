/**
 * Asks before showing sensitive values on screen. Cancel is focused first.
 */
import React from 'react';
import { Box, Text } from 'ink';
import type { Dialog } from '../model/types.js';
import { clip } from './line-list.js';

/** Props: the dialog and the pane's width. */
export interface RevealDialogProps {
  readonly dialog: Extract<Dialog, { kind: 'reveal' }>;
  readonly width: number;
}

/** See the module comment. */
export function RevealDialog({ dialog: d, width }: RevealDialogProps): React.JSX.Element {
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {clip(`Reveal sensitive values of ${d.address}?`, width)}
      </Text>
      <Text wrap="wrap">They will be shown in plain text on this screen (and in any recording of it) until you press s again or leave this view.</Text>
      <Text> </Text>
      <Text>
        <Text inverse={d.focus === 'cancel'} bold={d.focus === 'cancel'}>
          {' Cancel '}
        </Text>
        {'  '}
        <Text inverse={d.focus === 'reveal'} bold={d.focus === 'reveal'} color="yellow">
          {' Reveal '}
        </Text>
        <Text dimColor>  tab switches, enter presses, esc cancels</Text>
      </Text>
    </Box>
  );
}
