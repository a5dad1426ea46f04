/**
 * The state file codec: bytes <-> StateSnapshot, lossless (design §2).
 */
export { decodeState, type DecodeOptions } from './decode.js';
export { ContainerEnds, indexContainers, newContainerIndexMemory } from './container-index.js';
export { encodeState, encodeStateRope } from './encode.js';
export { ByteRope, asBytes, asRope, type StateBytes } from './byte-rope.js';
export { findField, rawBytes, rawText, rawValue } from './raw.js';
export { goEncode, goQuote, GoRaw, reframe, type GoValue } from './go-json.js';
export { compareBytes, compareFileInstanceKeys, compareStateFileResourceTuples } from './file-order.js';
export { newStateBytes } from './new-state.js';
