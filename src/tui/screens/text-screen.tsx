/**
 * The text views (detail, graph, help, backups): a title row and a window
 * of toned lines with a cursor.
 */
import React from 'react';
import { Box, Text } from 'ink';
import { bodyRows } from '../model/layout.js';
import { viewLines } from '../model/selectors.js';
import type { TuiState, View } from '../model/types.js';
import { clip, LineList } from '../components/line-list.js';

/** Props: the state, the view to draw (detail, graph, help or backups) and the pane's width. */
export interface TextScreenProps {
  readonly state: TuiState;
  readonly view: Extract<View, { kind: 'detail' | 'graph' | 'help' | 'backups' }>;
  readonly width: number;
}

/** See the module comment. */
export function TextScreen({ state, view, width }: TextScreenProps): React.JSX.Element {
  const lines = viewLines(state, view);
  const height = bodyRows(state.size);
  const cursor = view.kind === 'help' ? undefined : view.cursor;
  const scroll = view.scroll;
  const note = view.kind !== 'backups' ? '' : view.items === null ? 'Listing backups…' : view.items.length === 0 ? 'No backups yet: every edit made here or with the CLI leaves one.' : '';
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {clip(titleOf(state, view), width)}
      </Text>
      {note ? <Text dimColor>{clip(note, width)}</Text> : null}
      <LineList lines={lines} scroll={scroll} height={note ? height - 1 : height} width={width} {...(cursor === undefined ? {} : { cursor })} />
    </Box>
  );
}

function titleOf(state: TuiState, v: TextScreenProps['view']): string {
  switch (v.kind) {
    case 'detail':
      return `Resource ${v.address}${v.reveal ? '  [sensitive values shown]' : ''}`;
    case 'graph':
      return v.overview ? 'Graph: module overview (tab: back to the neighbourhood)' : `Graph of ${v.focus}  depth ${v.depth} (+/-)`;
    case 'help':
      return 'Help: every key (esc closes)';
    case 'backups':
      return `Backups of ${state.loaded?.location.short ?? 'the state'} (newest first; enter shows the diff and offers to restore)`;
  }
}
