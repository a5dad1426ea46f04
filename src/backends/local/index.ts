/**
 * The local-file backend (design.md §4, §5, §10 "Local locks").
 * `createLocalBackend(path)` is the only entry point the composition root needs.
 */
export { createLocalBackend, RECOVER_OPERATION, type LocalBackendOptions } from './backend.js';
export { UNKNOWN_OPERATION } from './backup-store.js';
export { backupIndexPath, journalPath, lockInfoPath } from './paths.js';
