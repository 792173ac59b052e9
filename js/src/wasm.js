// The wasm instance and the call convention of bindings/wasm (see its lib.rs):
// inputs go into a Verifier's scratch buffer as length-prefixed segments, a call
// returns a status (>= 0: success flags; < 0: ~index into errorCodes), and text
// comes back through the verifier's output (message, id or signature).

import * as glue from "wasm-glue";
import { WebhookVerificationError } from "./errors.js";

const { Verifier } = glue;
export { Verifier };

export const encoder = new TextEncoder();
// ignoreBOM: an id or message is returned exactly, even if it starts with U+FEFF.
const exact = new TextDecoder("utf-8", { ignoreBOM: true });

let exports = null;
let bytes = new Uint8Array(0);
/** An unconfigured verifier for parsing and for wording errors. */
let tool = null;

/** Every error code the core can produce (`ErrorCode::ALL`), in its order. */
export let errorCodes = Object.freeze([]);

/** What `WebAssembly.Instance` needs besides the module. */
export function imports() {
  return { "./webhook_bg.js": glue };
}

/** Called by each entry once the wasm instance exists. */
export function start(instance) {
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  exports = instance.exports;
  bytes = new Uint8Array(exports.memory.buffer);
  tool = new Verifier();
  tool.codes();
  errorCodes = Object.freeze(output(tool).split(","));
}

export function ready() {
  if (exports === null) {
    throw new Error(
      "replicate-webhooks: the WebAssembly module is not initialized; with `replicate-webhooks/init`, await init() first",
    );
  }
}

/** Wasm memory as bytes, current after any growth (growth detaches the old buffer). */
function memory() {
  if (bytes.byteLength === 0) bytes = new Uint8Array(exports.memory.buffer);
  return bytes;
}

/** The verifier's text output. */
export function output(verifier) {
  const at = verifier.outPtr();
  return exact.decode(memory().subarray(at, at + verifier.outLen()));
}

/** The error a failed call (status < 0) reported. */
export function failure(verifier, status) {
  return new WebhookVerificationError(output(verifier), errorCodes[~status]);
}

/** Returns `status`, or throws the error it stands for. */
export function check(verifier, status) {
  if (status < 0) throw failure(verifier, status);
  return status;
}

// Errors detected in JS, worded by the core (Verifier#fail kinds).
function toolFailure(kind, text, number = 0) {
  const writer = new Writer(tool, 4 + text.length * 3);
  writer.text(text);
  return failure(tool, tool.fail(kind, number));
}

export const argumentError = (reason) => toolFailure(0, reason);
export const bodyError = (found) => toolFailure(1, found);
export const tooLargeError = (size) => toolFailure(2, "", size);
export const replayedError = (id) => toolFailure(3, id);
export const bodyUsedError = () => toolFailure(4, "");

/** Write short ASCII with a loop (faster than a call into the encoder), the rest with encodeInto. */
function writeText(mem, offset, text) {
  const length = text.length;
  if (length > 64) return encoder.encodeInto(text, mem.subarray(offset)).written;
  let i = 0;
  for (; i < length; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 0x7f) break;
    mem[offset + i] = unit;
  }
  if (i === length) return length;
  return i + encoder.encodeInto(text.slice(i), mem.subarray(offset + i)).written;
}

/** Bytes a text needs at most as UTF-8, with its length prefix. */
export const textCapacity = (text) => 4 + text.length * 3;

/** Strings above this many UTF-16 units are reserved at 1 byte per unit, not 3. */
const LARGE_TEXT = 1 << 18;

/** The scratch a body needs up front (see `Writer#body`). */
export const bodyCapacity = (body) =>
  typeof body === "string" && body.length <= LARGE_TEXT ? textCapacity(body) : 4 + body.length;

/**
 * Fills a verifier's scratch buffer. `capacity` must cover everything written:
 * 4 per count, 4 + bytes per segment, and for text 3 bytes per UTF-16 unit —
 * except the last segment written with `textGrowing`, which may count 1.
 */
export class Writer {
  constructor(verifier, capacity) {
    const base = verifier.reserve(capacity);
    if (base === 0) throw tooLargeError(capacity);
    this.verifier = verifier;
    this.mem = memory();
    this.base = base;
    this.end = base + capacity;
    this.at = base;
  }

  count(n) {
    const mem = this.mem;
    const at = this.at;
    mem[at] = n & 0xff;
    mem[at + 1] = (n >>> 8) & 0xff;
    mem[at + 2] = (n >>> 16) & 0xff;
    mem[at + 3] = n >>> 24;
    this.at = at + 4;
  }

  text(text) {
    const at = this.at;
    this.at = at + 4;
    const written = text.length === 0 ? 0 : writeText(this.mem, this.at, text);
    this.at = at;
    this.count(written);
    this.at += written;
  }

  /**
   * A header block (layout in bindings/wasm/src/reader.rs): the pair count,
   * each text's byte length, then the texts back to back. Headers are almost
   * always ASCII, and then one encode covers the block (a call per text costs
   * more than the encoding) and byte lengths are string lengths.
   */
  headers(list) {
    const n = list.length;
    this.count(n / 2);
    const lengthsAt = this.at;
    let at = lengthsAt + 4 * n;
    const joined = list.join("");
    const written = joined.length === 0 ? 0 : writeText(this.mem, at, joined);
    this.at = lengthsAt;
    // UTF-8 is longer than UTF-16 for any non-ASCII character: equal lengths mean ASCII.
    if (written === joined.length) {
      for (let i = 0; i < n; i++) this.count(list[i].length);
      this.at = at + written;
      return;
    }
    for (let i = 0; i < n; i++) {
      const length = list[i].length === 0 ? 0 : writeText(this.mem, at, list[i]);
      this.count(length);
      at += length;
    }
    this.at = at;
  }

  bytes(data) {
    this.count(data.length);
    this.mem.set(data, this.at);
    this.at += data.length;
  }

  /** Bytes without a length prefix (a streamed chunk). */
  raw(data) {
    this.mem.set(data, this.at);
    this.at += data.length;
  }

  /**
   * Text reserved at 1 byte per UTF-16 unit (exact for ASCII, what JSON bodies
   * almost always are): encoded straight into wasm memory, and only if it does
   * not fit is the scratch grown for the rest. Saves encoding a large body into
   * a temporary array and copying it (a second pass over the body).
   */
  textGrowing(text) {
    const start = this.at + 4;
    let { read, written } = encoder.encodeInto(text, this.mem.subarray(start, this.end));
    if (read < text.length) {
      const capacity = this.end - this.base + (text.length - read) * 3;
      // The scratch keeps its contents when it grows, but may move.
      const base = this.verifier.reserve(capacity);
      if (base === 0) throw tooLargeError(capacity);
      const moved = base - this.base;
      this.mem = memory();
      this.base = base;
      this.end = base + capacity;
      written += encoder.encodeInto(text.slice(read), this.mem.subarray(start + moved + written, this.end)).written;
      this.at += moved;
    }
    this.count(written);
    this.at += written;
  }

  /** A body: a string (UTF-8) or bytes, reserved with `bodyCapacity`. */
  body(body) {
    if (typeof body !== "string") this.bytes(body);
    else if (body.length > LARGE_TEXT) this.textGrowing(body);
    else this.text(body);
  }
}
