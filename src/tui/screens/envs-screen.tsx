/**
 * The environment picker (ink-select-input): picking one re-reads its state.
 */
import React from 'react';
import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import type { TuiState, View } from '../model/types.js';
import { bodyRows } from '../model/layout.js';

/** Props: the state, the view, the pane's width, and what to do with the chosen name. */
export interface EnvsScreenProps {
  readonly state: TuiState;
  readonly view: Extract<View, { kind: 'envs' }>;
  readonly width: number;
  readonly onSelect: (name: string) => void;
}

/** See the module comment. */
export function EnvsScreen({ state, view, width, onSelect }: EnvsScreenProps): React.JSX.Element {
  const items = (view.items ?? []).map((e) => ({ key: e.name, label: `${e.name}${e.protected ? ' (protected)' : ''}  ${e.display}`, value: e.name }));
  const current = state.loaded?.location.envName;
  const initial = Math.max(0, items.findIndex((i) => i.value === current));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Switch environment (enter opens, esc goes back)</Text>
      {view.items === null ? <Text dimColor>Listing environments…</Text> : null}
      {view.items !== null && items.length === 0 ? <Text dimColor>No environments are configured: add a tfstate.config.json.</Text> : null}
      {items.length > 0 ? (
        <SelectInput items={items} initialIndex={initial} limit={Math.max(1, bodyRows(state.size) - 1)} isFocused={state.dialog === null} onSelect={(item) => onSelect(item.value)} />
      ) : null}
    </Box>
  );
}
