// JS values → what the core takes. Type checks only: every rule about
// signatures, timestamps and payloads is the core's.

import { Verifier, Writer, argumentError, bodyCapacity, bodyError, check, textCapacity } from "./wasm.js";

export function describe(value) {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") {
    const name = value.constructor && value.constructor.name;
    return name && name !== "Object" ? `a ${name}` : "an object (already-parsed JSON?)";
  }
  return `a ${typeof value}`;
}

/** A body as the core takes it: a string (UTF-8) or bytes. */
export function rawBody(body) {
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  throw bodyError(describe(body));
}

const NAMES = ["webhook-id", "webhook-timestamp", "webhook-signature"];
const ALIASES = ["svix-id", "svix-timestamp", "svix-signature"];

export function headerText(value, name) {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return undefined;
  // Node's IncomingHttpHeaders may hold arrays; the core takes the first value.
  if (Array.isArray(value)) return value.length === 0 ? undefined : headerText(value[0], name);
  throw argumentError(`header ${name} must be a string`);
}

function lookup(headers, name, map) {
  if (map) {
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

/**
 * Headers as a flat [name, value, name, value, …] list for the core, which
 * does the lookup: pairs as given, or the values of the names the core reads.
 */
export function headerList(headers) {
  if (headers === null || typeof headers !== "object") {
    throw argumentError("headers must be a Headers object, a plain object or an array of [name, value] pairs");
  }
  const list = [];
  if (Array.isArray(headers)) {
    for (const pair of headers) {
      if (!Array.isArray(pair) || typeof pair[0] !== "string" || typeof pair[1] !== "string") {
        throw argumentError("header pairs must be [name, value] arrays of strings");
      }
      list.push(pair[0], pair[1]);
    }
    return list;
  }
  const map = typeof headers.get === "function";
  for (let i = 0; i < 3; i++) {
    const value = lookup(headers, NAMES[i], map);
    if (value !== undefined) list.push(NAMES[i], value);
    // The core falls back to `svix-*` only where `webhook-*` is absent or
    // empty, so only then is the alias worth passing; the core decides.
    if (!value) {
      const alias = lookup(headers, ALIASES[i], map);
      if (alias !== undefined) list.push(ALIASES[i], alias);
    }
  }
  return list;
}

/** Scratch needed by a header block. */
export function listCapacity(list) {
  let capacity = 4;
  for (const text of list) capacity += textCapacity(text);
  return capacity;
}

/** Whole seconds since the epoch, from a Date or a non-negative integer. */
export function seconds(value, what) {
  if (value instanceof Date) value = Math.floor(value.getTime() / 1000);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw argumentError(`${what} must be a Date or a whole number of seconds since the Unix epoch`);
  }
  return value;
}

export const clock = () => Math.floor(Date.now() / 1000);

export function nowSeconds(now) {
  return now === undefined ? clock() : seconds(now, "now");
}

/** The tolerance as Verifier#configure takes it: -1 default, -2 off, or seconds. */
export function tolerance(value) {
  if (value === undefined) return -1;
  if (value === null) return -2;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw argumentError("toleranceSeconds must be a whole number of seconds, or null to disable the timestamp check");
  }
  return value;
}

/** A verifier for `secrets` (strings) or one raw key (bytes). */
export function makeVerifier(secrets, toleranceCode, rawKey) {
  const verifier = new Verifier();
  try {
    if (rawKey) {
      new Writer(verifier, 4 + rawKey.length).bytes(rawKey);
    } else {
      const writer = new Writer(verifier, listCapacity(secrets));
      writer.count(secrets.length);
      for (const secret of secrets) writer.text(secret);
    }
    check(verifier, verifier.configure(Boolean(rawKey), toleranceCode));
  } catch (error) {
    verifier.free();
    throw error;
  }
  return verifier;
}

// A few verifiers for the functions that take the secret per call, so a
// handler that calls verifyWebhook({ secret }) per request does not re-derive
// the HMAC key each time. Bounded; oldest evicted first (and freed by the GC).
const CACHE_SIZE = 16;
const cache = new Map();

export function cachedVerifier(secrets, toleranceCode) {
  const key = `${toleranceCode}\u0000${secrets.join("\u0000")}`;
  let verifier = cache.get(key);
  if (verifier === undefined) {
    verifier = makeVerifier(secrets, toleranceCode);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value);
    cache.set(key, verifier);
  }
  return verifier;
}

export function secretList(options) {
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

/** Verify `body` against a header list; returns the success flags. */
export function run(verifier, list, body, now, parse) {
  const writer = new Writer(verifier, listCapacity(list) + bodyCapacity(body));
  writer.headers(list);
  writer.body(body);
  return check(verifier, verifier.verify(now, parse));
}
