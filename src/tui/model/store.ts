/**
 * A minimal store around the reducer, so the controller (plain TypeScript)
 * and React (`useSyncExternalStore`) share one state without React owning it.
 */
import type { Action } from './actions.js';
import { reduce } from './reducer.js';
import type { TuiState } from './types.js';

/** The store contract: synchronous dispatch, listeners called after each change. */
export interface Store {
  getState(): TuiState;
  dispatch(action: Action): void;
  /** Registers a listener; returns the function that removes it. */
  subscribe(listener: () => void): () => void;
}

/** A store starting at `initial`. Dispatching an action that changes nothing notifies nobody. */
export function createStore(initial: TuiState): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reduce(state, action);
      if (next === state) return;
      state = next;
      for (const l of [...listeners]) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
