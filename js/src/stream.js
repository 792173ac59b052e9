// Streaming verification: the core's StreamingVerifier (Webhook::begin_at,
// update, finish) fed chunk by chunk, so a body of any size is verified with
// constant extra memory. The headers are checked before the body is read.

import { chunkBytes, streamChunks } from "./api.js";
import {
  cachedVerifier,
  describe,
  headerList,
  listCapacity,
  nowSeconds,
  secretList,
  tolerance,
} from "./convert.js";
import { Verifier, Writer, argumentError, bodyError, check, output, ready } from "./wasm.js";

/** Chunks are fed to the wasm in pieces of at most this many bytes. */
const PIECE = 1 << 16;

/** The chunks of a web ReadableStream, a Node Readable or any (async) iterable of bytes. */
function chunksOf(body) {
  if (body !== null && typeof body === "object") {
    if (typeof body.getReader === "function") return streamChunks(body);
    if (typeof body[Symbol.asyncIterator] === "function" || typeof body[Symbol.iterator] === "function") {
      if (typeof body !== "string" && !ArrayBuffer.isView(body)) return body;
    }
  }
  throw bodyError(`${describe(body)}; verifyStream takes a ReadableStream, a Node Readable or an async iterable of Uint8Array chunks`);
}

/**
 * Verify a webhook whose body arrives as a stream, without holding the body:
 * the headers and timestamp are checked first (nothing is read if they fail),
 * then each chunk is hashed as it arrives. Resolves to `{ id, timestamp }`.
 */
export async function verifyStream(options) {
  ready();
  if (options === null || typeof options !== "object") {
    throw argumentError("verifyStream takes an options object { body, headers, secret }");
  }
  const verifier = cachedVerifier(secretList(options), tolerance(options.toleranceSeconds));
  const list = headerList(options.headers);
  const now = nowSeconds(options.now);
  const chunks = chunksOf(options.body);
  const stream = new Verifier();
  try {
    const writer = new Writer(verifier, listCapacity(list));
    writer.headers(list);
    check(stream, verifier.begin(now, stream));
    for await (const chunk of chunks) {
      const bytes = chunkBytes(chunk);
      for (let at = 0; at < bytes.length; at += PIECE) {
        const piece = bytes.subarray(at, at + PIECE);
        // `piece` cannot exceed PIECE bytes, which any wasm memory holds.
        new Writer(stream, piece.length).raw(piece);
        check(stream, stream.update(piece.length));
      }
    }
    check(stream, stream.finish());
    return { id: output(stream), timestamp: stream.timestamp() };
  } finally {
    stream.free();
  }
}
