// The public API. Every check is made by the Rust core (through the wasm);
// this file only converts JS values and shapes results and errors.
//
// Hot path: a Webhook owns one wasm Verifier (key state prepared once); a
// verify writes the header values and the body into its scratch buffer in one
// pass, then makes a single call that returns a status.

import { WebhookSecretError, WebhookVerificationError } from "./errors.js";
import {
  clock,
  describe,
  headerList,
  headerText,
  makeVerifier,
  cachedVerifier,
  nowSeconds,
  rawBody,
  run,
  secretList,
  seconds,
  tolerance,
} from "./convert.js";
import {
  Writer,
  argumentError,
  bodyCapacity,
  bodyError,
  bodyUsedError,
  check,
  encoder,
  output,
  ready,
  Verifier,
} from "./wasm.js";

export { WebhookSecretError, WebhookVerificationError };
export { errorCodes } from "./wasm.js";

const decoder = new TextDecoder();

/** Success flags of a parse (bindings/wasm: TRAINING, TERMINAL). */
const TRAINING = 1;
const TERMINAL = 2;

function bodyText(body) {
  return typeof body === "string" ? body : decoder.decode(body);
}

function eventOf(verifier, flags, text) {
  return {
    id: output(verifier),
    timestamp: verifier.timestamp(),
    kind: flags & TRAINING ? "training" : "prediction",
    isTerminal: (flags & TERMINAL) !== 0,
    payload: JSON.parse(text),
  };
}

// ---------------------------------------------------------------------------
// Drop-in for the `standardwebhooks` package

/**
 * Verifies and signs webhooks for one secret; a drop-in for `standardwebhooks`'
 * `Webhook`. Build it once: the HMAC key state is prepared here.
 */
export class Webhook {
  #verifier;

  constructor(secret, options) {
    ready();
    const toleranceCode = tolerance(options == null ? undefined : options.toleranceSeconds);
    if (options != null && options.format === "raw") {
      let key;
      if (secret instanceof Uint8Array) key = secret;
      else if (typeof secret === "string") key = Uint8Array.from(secret, (c) => c.charCodeAt(0));
      else throw argumentError("a raw secret must be a Uint8Array or a string");
      this.#verifier = makeVerifier(null, toleranceCode, key);
      return;
    }
    // An array of secrets (rotation) is an extension of the standardwebhooks API.
    const secrets = Array.isArray(secret) ? secret : [secret];
    if (!secrets.every((s) => typeof s === "string")) throw argumentError("secret must be a string (whsec_...)");
    this.#verifier = makeVerifier(secrets, toleranceCode);
  }

  /**
   * Verify and return the parsed JSON body (undefined for an empty body or
   * `jsonParse: false`). Throws WebhookVerificationError.
   */
  verify(payload, headers, options) {
    const body = rawBody(payload);
    run(this.#verifier, headerList(headers), body, clock(), false);
    // Verify-only callers never pay for decoding the body.
    if (options != null && options.jsonParse === false) return undefined;
    const text = bodyText(body);
    if (text === "") return undefined;
    return JSON.parse(text);
  }

  /** `v1,<base64>` for `msgId`, `timestamp` (a Date or seconds) and `payload`. */
  sign(msgId, timestamp, payload) {
    if (typeof msgId !== "string") throw argumentError("msgId must be a string");
    return sign(this.#verifier, msgId, seconds(timestamp, "timestamp"), rawBody(payload));
  }
}

function sign(verifier, id, timestamp, body) {
  const writer = new Writer(verifier, 4 + id.length * 3 + bodyCapacity(body));
  writer.text(id);
  writer.body(body);
  check(verifier, verifier.sign(timestamp));
  return output(verifier);
}

// ---------------------------------------------------------------------------
// Replicate-first API

/** Verify a webhook and parse its body as a Replicate prediction or training. */
export function verifyWebhook(options) {
  ready();
  if (options === null || typeof options !== "object") {
    throw argumentError("verifyWebhook takes an options object { body, headers, secret }");
  }
  const verifier = cachedVerifier(secretList(options), tolerance(options.toleranceSeconds));
  const body = rawBody(options.body);
  const list = headerList(options.headers);
  const flags = run(verifier, list, body, nowSeconds(options.now), true);
  return eventOf(verifier, flags, bodyText(body));
}

function requestOptions(secretOrOptions) {
  if (typeof secretOrOptions === "string") return { secret: secretOrOptions };
  if (Array.isArray(secretOrOptions)) return { secrets: secretOrOptions };
  if (secretOrOptions !== null && typeof secretOrOptions === "object") return secretOrOptions;
  throw argumentError("pass the secret as a string, an array of strings, or { secret | secrets }");
}

/**
 * Verify a fetch-API `Request` (reads its body once) and parse it. Resolves to
 * the event plus `body`, the raw body text.
 */
export async function verifyRequest(request, secretOrOptions) {
  ready();
  if (request === null || typeof request !== "object" || typeof request.arrayBuffer !== "function") {
    throw argumentError("verifyRequest takes a fetch-API Request");
  }
  const options = requestOptions(secretOrOptions);
  if (request.bodyUsed) throw bodyUsedError();
  const bytes = new Uint8Array(await request.arrayBuffer());
  const event = verifyWebhook({ ...options, body: bytes, headers: request.headers });
  event.body = decoder.decode(bytes);
  return event;
}

/** Parse a body (no verification) as a prediction or training. */
export function parsePayload(body) {
  ready();
  const raw = rawBody(body);
  const parser = new Verifier();
  try {
    new Writer(parser, bodyCapacity(raw)).body(raw);
    const flags = check(parser, parser.parse());
    return {
      kind: flags & TRAINING ? "training" : "prediction",
      isTerminal: (flags & TERMINAL) !== 0,
      payload: JSON.parse(bodyText(raw)),
    };
  } finally {
    parser.free();
  }
}

const ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function messageId() {
  const random = new Uint8Array(48);
  if (globalThis.crypto && typeof globalThis.crypto.getRandomValues === "function") {
    globalThis.crypto.getRandomValues(random);
  } else {
    for (let i = 0; i < random.length; i++) random[i] = Math.floor(Math.random() * 256);
  }
  let id = "msg_";
  for (const byte of random) {
    // Rejection sampling keeps the characters uniform: 248 = 4 * 62.
    if (byte < 248 && id.length < 28) id += ID_ALPHABET[byte % 62];
  }
  return id.length === 28 ? id : messageId();
}

/** The three headers a sender attaches (for tests and local tools). */
export function signWebhook(options) {
  ready();
  if (options === null || typeof options !== "object") {
    throw argumentError("signWebhook takes an options object { secret, body }");
  }
  const secrets = secretList({ secret: options.secret });
  const id = options.id === undefined ? messageId() : options.id;
  if (typeof id !== "string") throw argumentError("id must be a string");
  const timestamp = nowSeconds(options.timestamp);
  const body = rawBody(options.body);
  const signature = sign(cachedVerifier(secrets, -1), id, timestamp, body);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signature,
  };
}

// ---------------------------------------------------------------------------
// Drop-in for the Replicate client's validateWebhook

/** Codes that mean "this is not a valid webhook" (false), not misuse (throw). */
const INVALID = new Set([
  "header_too_large",
  "invalid_timestamp",
  "timestamp_too_old",
  "timestamp_too_new",
  "invalid_signature_header",
  "too_many_signatures",
  "no_matching_signature",
]);

async function readBody(body) {
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return rawBody(body);
  if (body !== null && typeof body === "object") {
    if (typeof body.getReader === "function") return collect(streamChunks(body));
    if (typeof body[Symbol.asyncIterator] === "function") return collect(body);
  }
  throw bodyError(describe(body));
}

/** The chunks of a web ReadableStream; locks it only once iterated, releases it when done. */
export async function* streamChunks(stream) {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** A chunk of a body stream as bytes (strings are taken as UTF-8 text). */
export function chunkBytes(chunk) {
  return typeof chunk === "string" ? encoder.encode(chunk) : rawBody(chunk);
}

async function collect(chunks) {
  const parts = [];
  let total = 0;
  for await (const chunk of chunks) {
    const part = chunkBytes(chunk);
    parts.push(part);
    total += part.length;
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

/**
 * Drop-in for `validateWebhook` from the `replicate` package, with the
 * timestamp check (±300 s) and a constant-time comparison. Resolves to false
 * for an invalid webhook; rejects on misuse (missing headers, bad secret, a
 * body that is not the raw body).
 */
export async function validateWebhook(requestData, secret) {
  ready();
  if (requestData === null || typeof requestData !== "object") {
    throw argumentError("validateWebhook takes a Request or { id, timestamp, signature, body, secret }");
  }
  let list;
  let body;
  if (requestData.headers && requestData.body) {
    if (typeof secret !== "string") {
      throw argumentError("Unexpected value for secret passed to validateWebhook, expected a string");
    }
    list = headerList(requestData.headers);
    body = await readBody(requestData.body);
  } else {
    secret = requestData.secret;
    if (typeof secret !== "string") throw argumentError("secret must be a string (whsec_...)");
    list = [];
    const fields = [
      ["webhook-id", requestData.id],
      ["webhook-timestamp", requestData.timestamp],
      ["webhook-signature", requestData.signature],
    ];
    for (const [name, value] of fields) {
      const text = headerText(value, name);
      if (text !== undefined) list.push(name, text);
    }
    body = rawBody(requestData.body);
  }
  const verifier = cachedVerifier([secret], -1);
  try {
    run(verifier, list, body, clock(), false);
    return true;
  } catch (error) {
    if (error instanceof WebhookVerificationError && INVALID.has(error.code)) return false;
    throw error;
  }
}

// ---------------------------------------------------------------------------
// The signing secret

const secretCache = new Map();

/**
 * GET /v1/webhooks/default/secret, cached in memory per token (as Replicate's
 * docs advise). Resolves to the `whsec_...` secret.
 */
export function getWebhookSecret(options = {}) {
  const env = typeof process !== "undefined" && process.env ? process.env : {};
  const token = options.token === undefined ? env.REPLICATE_API_TOKEN : options.token;
  if (typeof token !== "string" || token === "") {
    return Promise.reject(argumentError("token must be a Replicate API token (or set REPLICATE_API_TOKEN)"));
  }
  const baseUrl = (options.baseUrl === undefined ? "https://api.replicate.com/v1" : options.baseUrl).replace(/\/+$/, "");
  const fetchImpl = options.fetch === undefined ? globalThis.fetch : options.fetch;
  if (typeof fetchImpl !== "function") {
    return Promise.reject(argumentError("no fetch implementation: pass options.fetch"));
  }
  const key = `${baseUrl}\u0000${token}`;
  let pending = secretCache.get(key);
  if (pending === undefined) {
    pending = fetchSecret(fetchImpl, `${baseUrl}/webhooks/default/secret`, token);
    secretCache.set(key, pending);
    // A failure is not cached: the next call tries again.
    pending.catch(() => secretCache.delete(key));
  }
  return pending;
}

async function fetchSecret(fetchImpl, url, token) {
  let response;
  try {
    response = await fetchImpl(url, { headers: { Authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new WebhookSecretError(`could not reach ${url}: ${error && error.message ? error.message : error}`, undefined);
  }
  if (!response.ok) {
    let detail = "";
    try {
      detail = (await response.text()).slice(0, 200);
    } catch {
      // The status says enough.
    }
    const hint = response.status === 401 || response.status === 403 ? " (is the API token valid?)" : "";
    throw new WebhookSecretError(
      `GET ${url} failed with HTTP ${response.status}${hint}${detail ? `: ${detail}` : ""}`,
      response.status,
    );
  }
  let data;
  try {
    data = await response.json();
  } catch {
    throw new WebhookSecretError(`GET ${url} returned a body that is not JSON`, response.status);
  }
  if (data === null || typeof data !== "object" || typeof data.key !== "string" || data.key === "") {
    throw new WebhookSecretError(`GET ${url} returned no signing secret (expected {"key": "whsec_..."})`, response.status);
  }
  return data.key;
}
