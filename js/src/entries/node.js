// Node, Bun, Deno, browsers and the Next.js nodejs runtime: the wasm is inlined
// (base64) and compiled synchronously at import, so no file has to be found at
// run time (bundlers move files; Deno would need --allow-read).
import * as glue from "wasm-glue";
import { wasmBase64 } from "wasm-inline";
import { attach } from "../state.js";

function decode(text) {
  if (typeof Buffer === "function") return Buffer.from(text, "base64");
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const instance = new WebAssembly.Instance(new WebAssembly.Module(decode(wasmBase64)), { "./webhook_bg.js": glue });
glue.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start();
attach(instance.exports);

export * from "../api.js";
