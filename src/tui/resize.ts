/**
 * Following the terminal's size. Ink redraws on 'resize' by itself, at
 * once, with the tree it last rendered; the app's tree is sized from the
 * store, so on a narrower terminal Ink would first draw the previous, wider
 * frame, whose wrapped lines its next redraw does not erase (pieces of the
 * old screen stay behind). So the store learns the new size, and the tree
 * is rendered again synchronously, before Ink's own listener runs.
 */
import type { EventEmitter } from 'node:events';
import type { Store } from './model/store.js';

/** What is followed: a terminal's output stream (its size and 'resize' events). */
export type SizedStream = Pick<EventEmitter, 'prependListener' | 'off'> & { readonly columns?: number; readonly rows?: number };

/**
 * On each 'resize' of `stdout` (ahead of every listener added before),
 * dispatches the new size to `store` and calls `redraw` (which must render
 * the tree synchronously, e.g. Ink's `rerender`). A size of zero (not a
 * terminal) is ignored. Returns the function that stops following.
 */
export function followResizes(stdout: SizedStream, store: Store, redraw: () => void): () => void {
  const onResize = (): void => {
    if (!stdout.columns || !stdout.rows) return;
    store.dispatch({ type: 'resize', size: { columns: stdout.columns, rows: stdout.rows } });
    redraw();
  };
  stdout.prependListener('resize', onResize);
  return () => void stdout.off('resize', onResize);
}
