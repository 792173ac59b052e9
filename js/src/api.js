// The public API. Every check is made by the Rust core (through the wasm glue);
// this file only converts JS values and shapes results and errors.
//
// Hot path: a Webhook owns one wasm Verifier (key state prepared once) whose
// scratch buffer receives the header values and the body in one pass of writes,
// followed by a single wasm call that passes only lengths.

import {
  Failure,
  Verifier,
  bodyTooLarge,
  invalidArgument,
  invalidBody,
  parsePayload as wasmParsePayload,
} from "wasm-glue";

import { memory, ready } from "./state.js";

export { errorCodes } from "./state.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// ---------------------------------------------------------------------------
// Errors

/** A webhook could not be verified, signed or parsed; `code` is stable. */
export class WebhookVerificationError extends Error {
  constructor(message, code = "no_matching_signature") {
    super(message);
    this.name = "WebhookVerificationError";
    this.code = code;
  }
}

function fromFailure(failure) {
  const error = new WebhookVerificationError(failure.message, failure.code);
  failure.free();
  return error;
}

function rethrow(error) {
  if (error instanceof Failure) throw fromFailure(error);
  throw error;
}

function argumentError(reason) {
  return fromFailure(invalidArgument(reason));
}

function bodyError(value) {
  return fromFailure(invalidBody(describe(value)));
}

function describe(value) {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") {
    const name = value.constructor && value.constructor.name;
    return name && name !== "Object" ? `a ${name}` : "an object (already-parsed JSON?)";
  }
  return `a ${typeof value}`;
}

// ---------------------------------------------------------------------------
// Conversions

const NAMES = ["webhook-id", "webhook-timestamp", "webhook-signature"];
const ALIASES = ["svix-id", "svix-timestamp", "svix-signature"];
const NO_VALUES = [undefined, undefined, undefined, undefined, undefined, undefined];

/** Bodies above this many UTF-16 units are encoded separately, not into 3x scratch. */
const LARGE_TEXT = 1 << 18;

function headerText(value, name) {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return undefined;
  // Node's IncomingHttpHeaders may hold arrays; the core takes the first value.
  if (Array.isArray(value)) return value.length === 0 ? undefined : headerText(value[0], name);
  throw argumentError(`header ${name} must be a string`);
}

function lookup(headers, name, kind) {
  if (kind === 1) {
    const value = headers.get(name);
    if (value !== undefined) return headerText(value, name);
    // A Map (case-sensitive get): fall back to a case-insensitive scan.
    if (typeof headers.keys === "function") {
      for (const key of headers.keys()) {
        if (typeof key === "string" && key.toLowerCase() === name) return headerText(headers.get(key), name);
      }
    }
    return undefined;
  }
  const value = headers[name];
  if (value !== undefined) return headerText(value, name);
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === name) return headerText(headers[key], name);
  }
  return undefined;
}

/** Header pairs, passed to the core as they are (it does the lookup). */
class Pairs {
  constructor(pairs) {
    this.pairs = pairs;
  }
}

/** The six values the core looks at, or Pairs for an array of pairs. */
function headerValues(headers) {
  if (headers === null || typeof headers !== "object") {
    throw argumentError("headers must be a Headers object, a plain object or an array of [name, value] pairs");
  }
  if (Array.isArray(headers)) return new Pairs(headers);
  const kind = typeof headers.get === "function" ? 1 : 0;
  const values = [
    lookup(headers, NAMES[0], kind),
    lookup(headers, NAMES[1], kind),
    lookup(headers, NAMES[2], kind),
    undefined,
    undefined,
    undefined,
  ];
  // The core falls back to `svix-*` at most where `webhook-*` is absent (or
  // empty), so only then is the alias worth looking up; the core decides.
  for (let i = 0; i < 3; i++) {
    if (!values[i]) values[i + 3] = lookup(headers, ALIASES[i], kind);
  }
  return values;
}

/** A body as the core takes it: a string (UTF-8) or bytes. */
function rawBody(body) {
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  throw bodyError(body);
}

function bodyText(body) {
  return typeof body === "string" ? body : decoder.decode(body);
}

function bodyBytes(body) {
  return typeof body === "string" ? encoder.encode(body) : body;
}

/** Write ASCII with a loop (fast for short strings), the rest with encodeInto. */
function writeText(bytes, offset, text) {
  const length = text.length;
  let i = 0;
  for (; i < length; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 0x7f) break;
    bytes[offset + i] = unit;
  }
  if (i === length) return length;
  return i + encoder.encodeInto(text.slice(i), bytes.subarray(offset + i)).written;
}

function seconds(value, what) {
  if (value instanceof Date) value = value.getTime() / 1000;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw argumentError(`${what} must be a Date or a number of seconds since the Unix epoch`);
  }
  return Math.floor(value);
}

function nowSeconds(now) {
  return now === undefined ? Math.floor(Date.now() / 1000) : seconds(now, "now");
}

/**
 * Verify `body` against header values (6-array) or pairs (array of arrays);
 * returns the wasm Event when `parse`, else undefined. Throws WebhookVerificationError.
 */
function run(verifier, values, body, now, parse) {
  let text = typeof body === "string" ? body : null;
  let bytes = text === null ? body : null;
  if (text !== null && text.length > LARGE_TEXT) {
    bytes = encoder.encode(text);
    text = null;
  }
  const pairs = values instanceof Pairs ? values.pairs : null;
  let capacity = text !== null ? text.length * 3 : bytes.length;
  if (pairs !== null) {
    for (const pair of pairs) {
      if (!Array.isArray(pair) || typeof pair[0] !== "string" || typeof pair[1] !== "string") {
        throw argumentError("header pairs must be [name, value] arrays of strings");
      }
      capacity += (pair[0].length + pair[1].length) * 3;
    }
  } else {
    for (let i = 0; i < 6; i++) if (values[i] !== undefined) capacity += values[i].length * 3;
  }
  try {
    const base = verifier.reserve(capacity);
    if (base === 0) throw bodyTooLarge(capacity);
    const mem = memory();
    let offset = base;
    let lengths;
    if (pairs !== null) {
      lengths = new Uint32Array(pairs.length * 2);
      for (let i = 0; i < pairs.length; i++) {
        const name = writeText(mem, offset, pairs[i][0]);
        offset += name;
        const value = writeText(mem, offset, pairs[i][1]);
        offset += value;
        lengths[2 * i] = name;
        lengths[2 * i + 1] = value;
      }
    } else {
      lengths = [-1, -1, -1, -1, -1, -1];
      for (let i = 0; i < 6; i++) {
        const value = values[i];
        if (value !== undefined) {
          const written = writeText(mem, offset, value);
          offset += written;
          lengths[i] = written;
        }
      }
    }
    let bodyLength;
    if (text !== null) {
      bodyLength = text.length === 0 ? 0 : encoder.encodeInto(text, mem.subarray(offset)).written;
    } else {
      mem.set(bytes, offset);
      bodyLength = bytes.length;
    }
    if (pairs !== null) return verifier.verifyPairs(lengths, bodyLength, now, parse);
    return verifier.verify(
      lengths[0],
      lengths[1],
      lengths[2],
      lengths[3],
      lengths[4],
      lengths[5],
      bodyLength,
      now,
      parse,
    );
  } catch (error) {
    rethrow(error);
  }
}

function tolerance(value) {
  if (value === undefined || value === null) return value;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw argumentError("toleranceSeconds must be a number of seconds, or null to disable the timestamp check");
  }
  return Math.floor(value);
}

function fromSecrets(secrets, toleranceSeconds) {
  try {
    return Verifier.fromSecrets(secrets, toleranceSeconds);
  } catch (error) {
    rethrow(error);
  }
}

// A few verifiers for the functions that take the secret per call, so a
// handler that calls verifyWebhook({ secret }) per request does not re-derive
// the HMAC key each time. Bounded; oldest evicted first.
const CACHE_SIZE = 16;
const verifierCache = new Map();

function cachedVerifier(secrets, toleranceSeconds) {
  const key = `${toleranceSeconds}\u0000${secrets.join("\u0000")}`;
  let verifier = verifierCache.get(key);
  if (verifier === undefined) {
    verifier = fromSecrets(secrets, toleranceSeconds);
    if (verifierCache.size >= CACHE_SIZE) verifierCache.delete(verifierCache.keys().next().value);
    verifierCache.set(key, verifier);
  }
  return verifier;
}

function secretList(options) {
  const { secret, secrets } = options;
  if (secret !== undefined && secrets !== undefined) {
    throw argumentError("pass either secret or secrets, not both");
  }
  if (secrets !== undefined) {
    if (!Array.isArray(secrets) || !secrets.every((s) => typeof s === "string")) {
      throw argumentError("secrets must be an array of strings");
    }
    return secrets;
  }
  if (typeof secret !== "string") throw argumentError("secret must be a string (whsec_...)");
  return [secret];
}

function eventOf(event, text) {
  const result = {
    id: event.id,
    timestamp: event.timestamp,
    kind: event.kind,
    isTerminal: event.terminal,
    payload: JSON.parse(text),
  };
  event.free();
  return result;
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
    const toleranceSeconds = tolerance(options == null ? undefined : options.toleranceSeconds);
    if (options != null && options.format === "raw") {
      let key;
      if (secret instanceof Uint8Array) key = secret;
      else if (typeof secret === "string") key = Uint8Array.from(secret, (c) => c.charCodeAt(0));
      else throw argumentError("a raw secret must be a Uint8Array or a string");
      try {
        this.#verifier = Verifier.fromKey(key, toleranceSeconds);
      } catch (error) {
        rethrow(error);
      }
      return;
    }
    // An array of secrets (rotation) is an extension of the standardwebhooks API.
    const secrets = Array.isArray(secret) ? secret : [secret];
    if (!secrets.every((s) => typeof s === "string")) throw argumentError("secret must be a string (whsec_...)");
    this.#verifier = fromSecrets(secrets, toleranceSeconds);
  }

  /**
   * Verify and return the parsed JSON body (undefined for an empty body or
   * `jsonParse: false`). Throws WebhookVerificationError.
   */
  verify(payload, headers, options) {
    const body = rawBody(payload);
    run(this.#verifier, headerValues(headers), body, Math.floor(Date.now() / 1000), false);
    const text = bodyText(body);
    if (text === "" || (options != null && options.jsonParse === false)) return undefined;
    return JSON.parse(text);
  }

  /** `v1,<base64>` for `msgId`, `timestamp` (a Date or seconds) and `payload`. */
  sign(msgId, timestamp, payload) {
    if (typeof msgId !== "string") throw argumentError("msgId must be a string");
    const at = seconds(timestamp, "timestamp");
    const body = rawBody(payload);
    try {
      return typeof body === "string"
        ? this.#verifier.signText(msgId, at, body)
        : this.#verifier.signBytes(msgId, at, body);
    } catch (error) {
      rethrow(error);
    }
  }
}

// ---------------------------------------------------------------------------
// Replicate-first API

/** Verify a webhook and parse its body as a Replicate prediction or training. */
export function verifyWebhook(options) {
  ready();
  if (options === null || typeof options !== "object") {
    throw argumentError("verifyWebhook takes an options object { body, headers, secret }");
  }
  const secrets = secretList(options);
  const verifier = cachedVerifier(secrets, tolerance(options.toleranceSeconds));
  const body = rawBody(options.body);
  const values = headerValues(options.headers);
  const event = run(verifier, values, body, nowSeconds(options.now), true);
  return eventOf(event, bodyText(body));
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
  if (request.bodyUsed) {
    throw fromFailure(
      invalidBody("a Request whose body was already read (call verifyRequest before request.json(), or pass request.clone())"),
    );
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  const event = verifyWebhook({ ...options, body: bytes, headers: request.headers });
  event.body = decoder.decode(bytes);
  return event;
}

/** Parse a body (no verification) as a prediction or training. */
export function parsePayload(body) {
  ready();
  const raw = rawBody(body);
  let parsed;
  try {
    parsed = wasmParsePayload(bodyBytes(raw));
  } catch (error) {
    rethrow(error);
  }
  const result = { kind: parsed.kind, isTerminal: parsed.terminal, payload: JSON.parse(bodyText(raw)) };
  parsed.free();
  return result;
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
  const verifier = cachedVerifier(secrets, undefined);
  let signature;
  try {
    signature =
      typeof body === "string" ? verifier.signText(id, timestamp, body) : verifier.signBytes(id, timestamp, body);
  } catch (error) {
    rethrow(error);
  }
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
    if (typeof body.getReader === "function") return collect(streamChunks(body.getReader()));
    if (typeof body[Symbol.asyncIterator] === "function") return collect(body);
  }
  throw bodyError(body);
}

async function* streamChunks(reader) {
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

async function collect(chunks) {
  const parts = [];
  let total = 0;
  for await (const chunk of chunks) {
    const part = typeof chunk === "string" ? encoder.encode(chunk) : rawBody(chunk);
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
  let values;
  let body;
  if (requestData.headers && requestData.body) {
    if (typeof secret !== "string") {
      throw argumentError("Unexpected value for secret passed to validateWebhook, expected a string");
    }
    values = headerValues(requestData.headers);
    body = await readBody(requestData.body);
  } else {
    secret = requestData.secret;
    if (typeof secret !== "string") throw argumentError("secret must be a string (whsec_...)");
    values = NO_VALUES.slice();
    values[0] = headerText(requestData.id, "webhook-id");
    values[1] = headerText(requestData.timestamp, "webhook-timestamp");
    values[2] = headerText(requestData.signature, "webhook-signature");
    body = rawBody(requestData.body);
  }
  const verifier = cachedVerifier([secret], undefined);
  try {
    run(verifier, values, body, Math.floor(Date.now() / 1000), false);
    return true;
  } catch (error) {
    if (error instanceof WebhookVerificationError && INVALID.has(error.code)) return false;
    throw error;
  }
}

// ---------------------------------------------------------------------------
// The signing secret

/** Fetching the signing secret failed. */
export class WebhookSecretError extends Error {
  constructor(message, status) {
    super(message);
    this.name = "WebhookSecretError";
    this.status = status;
  }
}

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
