// Replay protection beyond the timestamp window, keyed by `webhook-id`; the JS
// side of crates/replicate-webhooks/src/replay.rs (same rules, async store).
//
// Replicate retries a failed delivery with the same id, so an id is remembered
// only once the handler succeeded: check → process → commit. An id needs
// remembering only while its timestamp could still pass the window check:
// until timestamp + tolerance + 1 s.

import { clock, seconds } from "./convert.js";
import { argumentError, ready, replayedError } from "./wasm.js";

/** Sweep once the map has doubled since the last sweep (and has at least this many). */
const MIN_SWEEP = 64;

/**
 * An in-process store: id → expiry, swept of expired entries as it grows, so
 * its size stays proportional to the webhooks of one tolerance window. Use a
 * shared store (Redis, a database) when several processes receive webhooks.
 */
export class MemoryReplayStore {
  #expiry = new Map();
  #sweepAt = MIN_SWEEP;

  /** Whether `id` was committed and has not expired at `now` (seconds). */
  has(id, now = clock()) {
    const expiresAt = this.#expiry.get(id);
    return expiresAt !== undefined && expiresAt > now;
  }

  /** Remember `id` for `ttlSeconds` from `now`. */
  commit(id, ttlSeconds, now = clock()) {
    this.#expiry.delete(id);
    this.#expiry.set(id, now + ttlSeconds);
    if (this.#expiry.size >= this.#sweepAt) {
      this.sweep(now);
      this.#sweepAt = Math.max(MIN_SWEEP, this.#expiry.size * 2);
    }
  }

  /** Forget every entry that has expired at `now`. */
  sweep(now = clock()) {
    for (const [id, expiresAt] of this.#expiry) {
      if (expiresAt <= now) this.#expiry.delete(id);
    }
  }

  /** Ids remembered (expired ones may linger until the next sweep). */
  get size() {
    return this.#expiry.size;
  }
}

function eventKey(event) {
  if (
    event === null ||
    typeof event !== "object" ||
    typeof event.id !== "string" ||
    !Number.isSafeInteger(event.timestamp) ||
    event.timestamp < 0
  ) {
    throw argumentError("the event must be what verifyWebhook or verifyStream returned ({ id, timestamp })");
  }
  return event;
}

const guardNow = (now) => (now === undefined ? clock() : seconds(now, "now"));

/**
 * Check → process → commit around a store of committed webhook ids. A
 * duplicate of a committed id throws WebhookVerificationError with code
 * `replayed`: answer it 2xx without processing it again.
 */
export class ReplayGuard {
  #store;
  #tolerance;

  /**
   * @param store `{ has(id, now), commit(id, ttlSeconds, now) }`, sync or
   *   async; default a new MemoryReplayStore.
   * @param options.toleranceSeconds the verifier's window (default 300).
   */
  constructor(store = new MemoryReplayStore(), options) {
    if (store === null || typeof store !== "object" || typeof store.has !== "function" || typeof store.commit !== "function") {
      throw argumentError("the store must have has(id) and commit(id, ttlSeconds) methods");
    }
    const toleranceSeconds = options == null || options.toleranceSeconds === undefined ? 300 : options.toleranceSeconds;
    if (!Number.isSafeInteger(toleranceSeconds) || toleranceSeconds < 0) {
      throw argumentError("toleranceSeconds must be the verifier's window, a whole number of seconds");
    }
    this.#store = store;
    this.#tolerance = toleranceSeconds;
  }

  /** Throws `replayed` if this event's id was already committed. */
  async check(event, now) {
    ready();
    const { id } = eventKey(event);
    if (await this.#store.has(id, guardNow(now))) throw replayedError(id);
  }

  /** Remember the id as processed, until its timestamp leaves the window. */
  async commit(event, now) {
    const { id, timestamp } = eventKey(event);
    const at = guardNow(now);
    const ttlSeconds = timestamp + this.#tolerance + 1 - at;
    // Past that the timestamp check rejects the id anyway: nothing to remember.
    if (ttlSeconds > 0) await this.#store.commit(id, ttlSeconds, at);
  }

  /**
   * `check`, then `handler(event)`, then `commit` only if the handler
   * resolved; resolves to the handler's result. A handler failure is rethrown
   * and nothing is committed, so Replicate's retry is processed.
   */
  async run(event, handler, now) {
    if (typeof handler !== "function") throw argumentError("run(event, handler): handler must be a function");
    await this.check(event, now);
    const result = await handler(event);
    await this.commit(event, now);
    return result;
  }
}
