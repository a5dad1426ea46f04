/**
 * The resources view: the module tree (with counts, foldable) or the flat
 * list, virtualised (only the visible window is rendered), with marks, the
 * filter field and, on wide terminals, each instance's id.
 */
import React from 'react';
import { Box, Text } from 'ink';
import { entryId } from '../model/filter.js';
import { bodyRows } from '../model/layout.js';
import type { Row } from '../model/rows.js';
import { keptEntries, resourceRows, stateIndex } from '../model/selectors.js';
import type { StateIndex } from '../model/state-index.js';
import type { TuiState } from '../model/types.js';
import { clip } from '../components/line-list.js';
import { TextField } from '../components/text-field.js';

/** Props: the state and the pane's width. */
export interface ResourcesScreenProps {
  readonly state: TuiState;
  readonly width: number;
}

/** Terminals at least this wide get an id column. */
const ID_COLUMN_MIN_WIDTH = 100;

/** See the module comment. */
export function ResourcesScreen({ state, width }: ResourcesScreenProps): React.JSX.Element {
  const index = stateIndex(state);
  const height = bodyRows(state.size);
  if (!index) {
    return (
      <Box flexDirection="column" width={width}>
        <Text bold>Resources</Text>
        <Text dimColor>No state is loaded. Press e to pick an environment, or q to quit.</Text>
      </Box>
    );
  }
  const rows = resourceRows(state);
  const kept = keptEntries(state).length;
  const total = index.entries.length;
  const visible: React.JSX.Element[] = [];
  for (let i = 0; i < height; i++) {
    const at = state.scroll + i;
    const row = rows[at];
    visible.push(row ? <RowView key={i} row={row} index={index} state={state} selected={at === state.cursor} width={width} /> : <Text key={i}> </Text>);
  }
  const count = kept === total ? `${total} instance${total === 1 ? '' : 's'}` : `${kept} of ${total} instances`;
  const marks = state.marked.size > 0 ? ` · ${state.marked.size} marked` : '';
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold>{`Resources (${state.mode})`}</Text>
        <Text dimColor>{` ${count} in ${index.modules.length} module${index.modules.length === 1 ? '' : 's'}${marks}  `}</Text>
        {state.filterEditing || state.filter.value !== '' ? <TextField input={state.filter} focused={state.filterEditing} prefix="/" /> : null}
      </Text>
      {rows.length === 0 ? <Text dimColor>{state.filter.value ? `Nothing matches /${state.filter.value} (esc clears the filter).` : 'The state has no resources.'}</Text> : visible}
    </Box>
  );
}

interface RowViewProps {
  readonly row: Row;
  readonly index: StateIndex;
  readonly state: TuiState;
  readonly selected: boolean;
  readonly width: number;
}

function RowView({ row, index, state, selected, width }: RowViewProps): React.JSX.Element {
  const indent = '  '.repeat(row.depth);
  if (row.kind === 'module') {
    const text = `  ${indent}${row.collapsed ? '▸' : '▾'} ${row.label}`;
    const count = ` (${row.count})`;
    return (
      <Text wrap="truncate-end" inverse={selected}>
        <Text bold color="cyan">
          {clip(text, width - count.length)}
        </Text>
        <Text dimColor>{count}</Text>
      </Text>
    );
  }
  const e = index.entries[row.entry];
  const mark = state.marked.has(e.address) ? '●' : ' ';
  const flags = `${e.tainted ? ' tainted' : ''}${e.deposed > 0 ? ` +${e.deposed} deposed` : ''}`;
  const idWidth = width >= ID_COLUMN_MIN_WIDTH ? Math.min(36, Math.floor(width / 3)) : 0;
  const labelWidth = width - 2 - flags.length - (idWidth > 0 ? idWidth + 1 : 0);
  const label = clip(`${indent}${row.label}`, labelWidth).padEnd(labelWidth);
  const id = idWidth > 0 ? clip(entryId(e), idWidth) : '';
  return (
    <Text wrap="truncate-end" inverse={selected}>
      <Text color="magenta">{mark}</Text> {label}
      <Text color="yellow">{flags}</Text>
      {idWidth > 0 ? <Text dimColor>{` ${id}`}</Text> : null}
    </Text>
  );
}
