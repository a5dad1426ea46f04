/**
 * The confirmation dialog of every edit: the environment, the plan, the
 * per-resource diff (scrollable), Cancel/Apply with Cancel focused first,
 * and in a protected environment a field where its name must be typed.
 */
import React from 'react';
import { Box, Text } from 'ink';
import { previewLines } from '../model/dialog-reducer.js';
import { dialogBodyRows, NOTE_ROWS } from '../model/layout.js';
import type { Dialog, TermSize } from '../model/types.js';
import { LineList } from './line-list.js';
import { wrap } from './status-line.js';
import { TextField } from './text-field.js';

/** Props: the dialog, the terminal size and the pane's width. */
export interface ConfirmDialogProps {
  readonly dialog: Extract<Dialog, { kind: 'confirm' }>;
  readonly size: TermSize;
  readonly width: number;
}

/** See the module comment. */
export function ConfirmDialog({ dialog: d, size, width }: ConfirmDialogProps): React.JSX.Element {
  const lines = previewLines(d.preview);
  const height = dialogBodyRows(size, d.protected, d.note !== '');
  const env = d.envName ?? 'this state';
  const note = d.note ? wrap(d.note, width).slice(0, NOTE_ROWS) : [];
  while (d.note && note.length < NOTE_ROWS) note.push(' ');
  const more = lines.length > height ? `  ↑/↓/pgdn scroll (${Math.min(lines.length, d.scroll + height)}/${lines.length} lines)` : '';
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end" bold>
        {'Apply to '}
        <Text color={d.protected ? 'red' : 'green'} inverse={d.protected}>
          {d.protected ? ` ${env} (protected) ` : env}
        </Text>
        {`: ${d.title}?`}
      </Text>
      {note.map((n, i) => (
        <Text key={`n${i}`} color="yellow" wrap="truncate-end">
          {n}
        </Text>
      ))}
      <LineList lines={lines} scroll={d.scroll} height={height} width={width} />
      {d.protected ? <TextField input={d.typed} focused prefix={`Type ${env} to apply: `} /> : null}
      <Text wrap="truncate-end">
        <Text inverse={d.focus === 'cancel'} bold={d.focus === 'cancel'}>
          {' Cancel '}
        </Text>
        {'  '}
        <Text inverse={d.focus === 'apply'} bold={d.focus === 'apply'} color={d.protected ? 'red' : undefined}>
          {' Apply '}
        </Text>
        {d.refusal ? <Text color="red">{`  ${d.refusal}`}</Text> : <Text dimColor>{`  tab switches, enter presses, esc cancels${more}`}</Text>}
      </Text>
    </Box>
  );
}
