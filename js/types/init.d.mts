// `replicate-webhooks/init`: the same API, for hosts where the default entries
// cannot load the wasm. Call `await init(...)` (or `initSync`) before using it.
export * from "./index.mjs";

/** What `init` accepts: a compiled module, its bytes, a Response, or a promise of one. */
export type InitInput =
  | WebAssembly.Module
  | { default: WebAssembly.Module }
  | BufferSource
  | Response
  | PromiseLike<WebAssembly.Module | { default: WebAssembly.Module } | BufferSource | Response>;

/**
 * Instantiate the wasm once; later calls return the same promise. Without an
 * argument, fetches `webhook_bg.wasm` next to this file.
 */
export declare function init(input?: InitInput): Promise<void>;

/** Instantiate synchronously from a compiled module or the wasm bytes. */
export declare function initSync(input: WebAssembly.Module | { default: WebAssembly.Module } | BufferSource): void;
