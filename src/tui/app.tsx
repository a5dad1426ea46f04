/**
 * The root component: lays out header, main pane (a view or a dialog),
 * status line and footer, and routes every key press through the keymap to
 * the controller. It owns no state: the store does (its size is kept by
 * `followResizes`, wired where Ink renders the app).
 */
import React, { useCallback, useSyncExternalStore } from 'react';
import { Box, useInput, type Key } from 'ink';
import { keyName, resolveKey, splitKeys } from './keymap/resolve.js';
import { frameColumns, frameRows, paneRows, tooSmall, tooSmallLines } from './model/layout.js';
import { currentView, keyContext } from './model/selectors.js';
import type { Controller } from './effects/controller.js';
import { Header } from './components/header.js';
import { Footer } from './components/footer.js';
import { StatusLine } from './components/status-line.js';
import { ConfirmDialog } from './components/confirm-dialog.js';
import { PromptDialog } from './components/prompt-dialog.js';
import { RevealDialog } from './components/reveal-dialog.js';
import { MessageDialog } from './components/message-dialog.js';
import { TooSmall } from './components/too-small.js';
import { ResourcesScreen } from './screens/resources-screen.js';
import { TextScreen } from './screens/text-screen.js';
import { AuditScreen } from './screens/audit-screen.js';
import { EnvsScreen } from './screens/envs-screen.js';
import type { TuiState } from './model/types.js';

/** Props: the controller (which holds the store). */
export interface AppProps {
  readonly controller: Controller;
}

/** See the module comment. */
export function App({ controller }: AppProps): React.JSX.Element {
  const store = controller.store;
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const onKey = useCallback(
    (input: string, key: Key) => {
      // Each key of a chunk is resolved in the context the previous one left.
      for (const [i, k] of splitKeys(input, key)) {
        // On a terminal too small to show the app, only quitting works: nothing may happen unseen.
        if (tooSmall(store.getState().size)) {
          if (keyName(i, k) === 'q' || keyName(i, k) === 'ctrl+c') controller.handleKey({ command: 'quit' });
          continue;
        }
        const r = resolveKey(keyContext(store.getState()), i, k);
        if (r) controller.handleKey(r);
      }
    },
    [controller, store],
  );
  useInput(onKey);

  if (tooSmall(state.size)) return <TooSmall lines={tooSmallLines(state.size)} width={Math.max(1, state.size.columns)} />;
  const width = frameColumns(state.size);
  return (
    <Box flexDirection="column" width={width} height={frameRows(state.size)}>
      <Header state={state} width={width} />
      <Box flexDirection="column" height={paneRows(state.size)} width={width} overflow="hidden">
        <Pane state={state} width={width} controller={controller} />
      </Box>
      <StatusLine status={state.status} width={width} />
      <Footer context={keyContext(state)} width={width} />
    </Box>
  );
}

function Pane({ state, width, controller }: { state: TuiState; width: number; controller: Controller }): React.JSX.Element {
  const d = state.dialog;
  if (d?.kind === 'confirm') return <ConfirmDialog dialog={d} size={state.size} width={width} />;
  if (d?.kind === 'prompt') return <PromptDialog dialog={d} width={width} height={paneRows(state.size)} />;
  if (d?.kind === 'reveal') return <RevealDialog dialog={d} width={width} />;
  if (d?.kind === 'message') return <MessageDialog dialog={d} width={width} height={paneRows(state.size)} />;
  const v = currentView(state);
  switch (v.kind) {
    case 'resources':
      return <ResourcesScreen state={state} width={width} />;
    case 'audit':
      return <AuditScreen state={state} view={v} width={width} />;
    case 'envs':
      return <EnvsScreen state={state} view={v} width={width} onSelect={(name) => void controller.switchEnvironment(name)} />;
    default:
      return <TextScreen state={state} view={v} width={width} />;
  }
}
