/**
 * What the app draws on a terminal smaller than it needs: the notice lines
 * (see `tooSmallLines`), each cut to the terminal's width.
 */
import React from 'react';
import { Box, Text } from 'ink';

/** Props: the notice's lines (already wrapped) and the terminal's width. */
export interface TooSmallProps {
  readonly lines: readonly string[];
  readonly width: number;
}

/** The notice, one `Text` per line. */
export function TooSmall({ lines, width }: TooSmallProps): React.JSX.Element {
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {l}
        </Text>
      ))}
    </Box>
  );
}
