// Node, Bun, Deno, browsers and the Next.js nodejs runtime: the wasm is inlined
// and compiled synchronously at import, so no file has to be found at run time
// (bundlers move files; Deno would need --allow-read).
//
// The inlined copy is raw-deflated, then base64: that makes it about as small
// as the .wasm gzipped (plain base64 would gzip a third larger). It is inflated
// by the host's zlib where `process.getBuiltinModule` gives one (Node ≥ 20.16,
// Bun, Deno: about 2 ms), else by tiny-inflate (any JS host), which is only
// loaded then (its `require` is bundled as a lazily evaluated module).
import { wasmDeflated, wasmLength } from "wasm-inline";
import { imports, start } from "core";

function decode(text) {
  if (typeof Buffer === "function") return Buffer.from(text, "base64");
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function hostZlib() {
  try {
    // Not `require("node:zlib")`: bundlers would try to resolve it for browsers.
    return typeof process === "object" && typeof process.getBuiltinModule === "function"
      ? process.getBuiltinModule("node:zlib")
      : undefined;
  } catch {
    return undefined;
  }
}

function inflate(deflated) {
  const zlib = hostZlib();
  if (zlib && typeof zlib.inflateRawSync === "function") return zlib.inflateRawSync(deflated);
  const bytes = new Uint8Array(wasmLength);
  require("tiny-inflate")(deflated, bytes);
  return bytes;
}

start(new WebAssembly.Instance(new WebAssembly.Module(inflate(decode(wasmDeflated))), imports()));

export * from "public";
