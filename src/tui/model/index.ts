/**
 * The TUI model: state types, the pure reducer and memoised selectors. No
 * React, no I/O; tested without rendering.
 */
export * from './types.js';
export type { Action } from './actions.js';
export { initialState, reduce } from './reducer.js';
export { createStore, type Store } from './store.js';
export * from './selectors.js';
export * from './layout.js';
export { buildRows, rowAddress, type Row, type InstanceRow, type ModuleRow } from './rows.js';
export { buildSearchIndex, entryId, filterEntries, scanPairs, scanValues } from './filter.js';
export { graphOf, indexState, resolveInstance, type InstanceEntry, type StateIndex } from './state-index.js';
export { completeText, editText, textInput, type TextEdit, type TextInput } from './text-input.js';
export { confirmDecision, previewLines, commandCandidates, COMMAND_VERBS } from './dialog-reducer.js';
export { commandIntent, editJob, jobTitle, keyIntent, promptIntent, type Intent } from './intents.js';
export { diffLines, line, type Line, type Tone } from './lines.js';
export { MAX_GRAPH_DEPTH, MIN_GRAPH_DEPTH } from './graph-lines.js';
