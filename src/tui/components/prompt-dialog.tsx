/**
 * A one-line prompt (move destination, import, command line) with tab
 * completion of module paths; several matches are listed under the field.
 */
import React from 'react';
import { Box, Text } from 'ink';
import type { Dialog } from '../model/types.js';
import { clip } from './line-list.js';
import { TextField } from './text-field.js';

/** Props: the dialog, the pane's width and height. */
export interface PromptDialogProps {
  readonly dialog: Extract<Dialog, { kind: 'prompt' }>;
  readonly width: number;
  readonly height: number;
}

/** See the module comment. */
export function PromptDialog({ dialog: d, width, height }: PromptDialogProps): React.JSX.Element {
  // Title, hint, field, blank, the count line and a possible `… more` line take six rows.
  const room = Math.max(0, height - 6);
  const shown = d.matches.slice(0, room).map((m) => (d.purpose === 'command' ? m.slice(m.lastIndexOf(' ') + 1) : m));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {clip(d.title, width)}
      </Text>
      <Text dimColor wrap="truncate-end">
        {clip(d.hint, width)}
      </Text>
      <TextField input={d.input} focused prefix={d.purpose === 'command' ? ':' : '> '} />
      <Text> </Text>
      {shown.length > 0 ? <Text dimColor>{`${d.matches.length} matches:`}</Text> : null}
      {shown.map((m, i) => (
        <Text key={i} wrap="truncate-end">
          {clip(`  ${m}`, width)}
        </Text>
      ))}
      {d.matches.length > shown.length ? <Text dimColor>{`  … ${d.matches.length - shown.length} more`}</Text> : null}
    </Box>
  );
}
