// workerd (Cloudflare) and edge-light (Next.js edge, Vercel Edge): these hosts
// forbid compiling wasm from bytes, so the module is imported and compiled by
// the platform at deploy time.
import * as glue from "wasm-glue";
import wasmModule from "./webhook_bg.wasm?module";
import { attach } from "../state.js";

// new WebAssembly.Instance accepts a module from another realm (Next's edge
// sandbox), where wasm-bindgen's `instanceof WebAssembly.Module` test fails.
const instance = new WebAssembly.Instance(wasmModule, { "./webhook_bg.js": glue });
glue.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start();
attach(instance.exports);

export * from "../api.js";
