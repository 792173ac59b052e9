// Escape hatch for hosts the other entries do not fit: the caller provides the
// wasm (a WebAssembly.Module, its bytes, a Response, or nothing to fetch the
// file next to this one) and awaits init() before using the API.
import { imports, start } from "core";

let done = null;

function isModule(value) {
  // Duck-typed: a module compiled in another realm fails `instanceof`.
  return Object.prototype.toString.call(value) === "[object WebAssembly.Module]";
}

function unwrap(input) {
  return input && typeof input === "object" && "default" in input && !ArrayBuffer.isView(input) ? input.default : input;
}

/** Initialize from a WebAssembly.Module or the wasm bytes, synchronously. */
export function initSync(input) {
  if (done) return;
  input = unwrap(input);
  start(new WebAssembly.Instance(isModule(input) ? input : new WebAssembly.Module(input), imports()));
  done = Promise.resolve();
}

async function load(input) {
  input = await input;
  if (input === undefined) input = fetch(new URL("./webhook_bg.wasm", import.meta.url));
  input = unwrap(await input);
  if (isModule(input)) {
    start(await WebAssembly.instantiate(input, imports()));
    return;
  }
  if (typeof Response === "function" && input instanceof Response) {
    if (typeof WebAssembly.instantiateStreaming === "function") {
      try {
        start((await WebAssembly.instantiateStreaming(input.clone(), imports())).instance);
        return;
      } catch {
        // Wrong MIME type or no streaming compile: fall back to bytes.
      }
    }
    input = await input.arrayBuffer();
  }
  start((await WebAssembly.instantiate(input, imports())).instance);
}

/**
 * Initialize the module once (later calls return the same promise). `input`:
 * a WebAssembly.Module, `{ default: Module }`, bytes, a Response or a promise of
 * one; omitted, the .wasm file next to this entry is fetched.
 */
export function init(input) {
  if (done === null) {
    done = load(input);
    done.catch(() => {
      done = null;
    });
  }
  return done;
}

export * from "public";
