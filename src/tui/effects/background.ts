/**
 * Background work while the user browses: building the filter's search
 * index of a freshly loaded state in small slices between key presses, so
 * the first `/` on a big state does not stall.
 */
import { buildSearchIndex } from '../model/filter.js';
import { indexState } from '../model/state-index.js';
import type { Store } from '../model/store.js';
import type { StateSnapshot } from '../../core/state/types.js';

/** Entries indexed per slice (a few milliseconds of work). */
const SLICE = 400;

/**
 * Watches the store and indexes each newly loaded snapshot in slices
 * (`setImmediate` between slices, so key presses are handled in between).
 * Stops working on a snapshot as soon as another one is loaded. Returns the
 * function that stops watching.
 */
export function indexInBackground(store: Store): () => void {
  let current: StateSnapshot | null = null;
  let stopped = false;
  const run = (snap: StateSnapshot): void => {
    const index = indexState(snap);
    const step = (): void => {
      if (stopped || current !== snap) return;
      if (!buildSearchIndex(index, SLICE)) setImmediate(step);
    };
    setImmediate(step);
  };
  const check = (): void => {
    const snap = store.getState().loaded?.snapshot ?? null;
    if (snap === current) return;
    current = snap;
    if (snap) run(snap);
  };
  const unsubscribe = store.subscribe(check);
  check();
  return () => {
    stopped = true;
    unsubscribe();
  };
}
