/**
 * The header: environment (red and marked when protected), backend and
 * location, workspace, serial, short lineage and lock state.
 */
import React from 'react';
import { Box, Text } from 'ink';
import type { TuiState } from '../model/types.js';
import { clip } from './line-list.js';

/** Cuts a string to `width` keeping its end (paths are told apart by their end). */
function clipStart(s: string, width: number): string {
  return s.length <= width ? s : '…' + s.slice(s.length - width + 1);
}

/** Props: the state and the usable width. */
export interface HeaderProps {
  readonly state: TuiState;
  readonly width: number;
}

/** Two rows; the first names where the state lives, the second what it is. */
export function Header({ state, width }: HeaderProps): React.JSX.Element {
  const l = state.loaded;
  if (!l) {
    return (
      <Box flexDirection="column" width={width}>
        <Text bold>tfstate-tui <Text dimColor>no state loaded</Text></Text>
        <Text dimColor>{clip('Press e to pick an environment, ? for help, q to quit.', width)}</Text>
      </Box>
    );
  }
  const loc = l.location;
  const meta = l.snapshot.meta;
  const env = loc.envName ?? '(no environment)';
  // The default workspace is named only when there is room for it.
  const ws = loc.workspace && (loc.workspace !== 'default' || width >= 100) ? `  workspace ${loc.workspace}` : '';
  const envText = loc.protected ? ` ⚠ ${env} (protected) ` : env;
  const room = Math.max(10, width - 'tfstate-tui'.length - 2 - envText.length - 2 - loc.kind.length - 1 - ws.length);
  const where = `${loc.kind} ${clipStart(loc.short, room)}${ws}`;
  const lock = state.locked ? 'held by this session (editing)' : l.lock;
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold>tfstate-tui</Text>
        {'  '}
        {loc.protected ? (
          <Text color="red" bold inverse>
            {envText}
          </Text>
        ) : (
          <Text color="green" bold>
            {env}
          </Text>
        )}
        {'  '}
        <Text>{where}</Text>
      </Text>
      <Text wrap="truncate-end" dimColor={false}>
        <Text dimColor>serial </Text>
        {meta.serial.toString()}
        <Text dimColor>  lineage </Text>
        {meta.lineage.slice(0, 8) || '(none)'}
        <Text dimColor>  lock </Text>
        <Text color={state.locked ? 'yellow' : lock === 'unlocked' ? undefined : 'yellow'}>{lock}</Text>
        <Text dimColor>  terraform </Text>
        {meta.terraformVersion || '?'}
      </Text>
    </Box>
  );
}
