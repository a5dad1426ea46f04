/**
 * Runs the background thread (src/runtime/background-thread.ts) from the
 * compiled program in dist/, as the bundled programs do from dist/bin:
 * `npm test` builds before testing.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { configureBackgroundThread } from '../../src/runtime/background-thread.js';

/** Points the background thread at dist/runtime/background-main.js. */
export function useBackgroundThread(): void {
  configureBackgroundThread(pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'runtime', 'background-main.js')));
}
