/**
 * The audit view: findings grouped by severity; the selected finding's
 * remedy is shown below the list; enter jumps to its resource.
 */
import React from 'react';
import { Box, Text } from 'ink';
import { auditRows } from '../model/layout.js';
import { findings, selectedFinding, viewLines } from '../model/selectors.js';
import type { TuiState, View } from '../model/types.js';
import { clip, LineList } from '../components/line-list.js';

/** Props: the state, the audit view and the pane's width. */
export interface AuditScreenProps {
  readonly state: TuiState;
  readonly view: Extract<View, { kind: 'audit' }>;
  readonly width: number;
}

/** See the module comment. */
export function AuditScreen({ state, view, width }: AuditScreenProps): React.JSX.Element {
  const lines = viewLines(state, view);
  const all = findings(state);
  const f = selectedFinding(state);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {clip(`Audit: ${all.length} finding${all.length === 1 ? '' : 's'}`, width)}
      </Text>
      <LineList lines={lines} scroll={view.scroll} height={auditRows(state.size)} width={width} cursor={view.cursor} />
      <Text color="cyan" wrap="truncate-end">
        {clip(f ? `What to do: ${f.remedy}` : ' ', width)}
      </Text>
      <Text dimColor wrap="truncate-end">
        {clip(f?.related && f.related.length > 0 ? `Related: ${f.related.join(', ')}` : ' ', width)}
      </Text>
    </Box>
  );
}
