// The wasm instance, once an entry has created it.

import { errorCodes as wasmErrorCodes } from "wasm-glue";

let instance = null;
let memoryBytes = new Uint8Array(0);

/** Every error code the core can produce (`ErrorCode::ALL`), in its order. */
export let errorCodes = Object.freeze([]);

/** Called by each entry once the wasm instance exists. */
export function attach(exports) {
  instance = exports;
  memoryBytes = new Uint8Array(exports.memory.buffer);
  errorCodes = Object.freeze(wasmErrorCodes());
}

/** Wasm memory as bytes, current after any growth. */
export function memory() {
  // Growing wasm memory detaches the old buffer (its byteLength becomes 0).
  if (memoryBytes.byteLength === 0) memoryBytes = new Uint8Array(instance.memory.buffer);
  return memoryBytes;
}

export function ready() {
  if (instance === null) {
    throw new Error(
      "replicate-webhooks: the WebAssembly module is not initialized; with `replicate-webhooks/init`, await init() first",
    );
  }
}
