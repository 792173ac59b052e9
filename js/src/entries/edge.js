// workerd (Cloudflare) and edge-light (Next.js edge, Vercel Edge): these hosts
// forbid compiling wasm from bytes, so the module is imported and compiled by
// the platform at deploy time.
import wasmModule from "./webhook_bg.wasm?module";
import { imports, start } from "core";

// new WebAssembly.Instance accepts a module from another realm (Next's edge
// sandbox), where wasm-bindgen's `instanceof WebAssembly.Module` test fails.
start(new WebAssembly.Instance(wasmModule, imports()));

export * from "public";
