// ReplayGuard: the rules of crates/replicate-webhooks/src/replay.rs (commit on
// success only, expiry at timestamp + tolerance + 1 s), the in-memory store,
// a Redis-style store through the README's example, and argument checks.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  MemoryReplayStore,
  ReplayGuard,
  WebhookVerificationError,
  signWebhook,
  verifyWebhook,
} from "replicate-webhooks";
import { atAsync } from "./helpers.mjs";
import { webhookHandler } from "../examples/replay-guard.mjs";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const T = 1700000000;
const BODY = JSON.stringify({ id: "p1", status: "succeeded" });

function event(id = "msg_1", timestamp = T) {
  const headers = signWebhook({ secret: SECRET, body: BODY, id, timestamp });
  return verifyWebhook({ secret: SECRET, body: BODY, headers, now: timestamp });
}

async function codeOf(promise) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof WebhookVerificationError, `expected WebhookVerificationError, got ${error}`);
    return error;
  }
  assert.fail("expected an error");
}

describe("ReplayGuard", () => {
  test("a duplicate after success is flagged as replayed", async () => {
    const guard = new ReplayGuard();
    const first = event();
    assert.equal(await guard.run(first, async (e) => `processed ${e.id}`, T), "processed msg_1");
    let ran = false;
    const error = await codeOf(guard.run(first, () => (ran = true), T + 1));
    assert.equal(error.code, "replayed");
    assert.match(error.message, /msg_1 was already processed/);
    assert.equal(ran, false, "the handler must not run for a duplicate");
    // Another id goes through.
    assert.equal(await guard.run(event("msg_2"), () => 2, T + 1), 2);
  });

  test("a retry after a failed attempt is processed", async () => {
    const guard = new ReplayGuard();
    const message = event();
    await assert.rejects(guard.run(message, async () => Promise.reject(new Error("database down")), T), /database down/);
    await assert.rejects(guard.run(message, () => { throw new Error("sync failure"); }, T + 10), /sync failure/);
    assert.equal(await guard.run(message, () => "ok", T + 30), "ok");
    assert.equal((await codeOf(guard.check(message, T + 31))).code, "replayed");
  });

  test("entries expire after the window (timestamp + tolerance + 1 s)", async () => {
    const guard = new ReplayGuard();
    const message = event();
    await guard.commit(message, T);
    assert.equal((await codeOf(guard.check(message, T + 300))).code, "replayed");
    await guard.check(message, T + 301);
    // The window is the tolerance given to the guard.
    const short = new ReplayGuard(new MemoryReplayStore(), { toleranceSeconds: 10 });
    await short.commit(message, T + 5);
    assert.equal((await codeOf(short.check(message, T + 10))).code, "replayed");
    await short.check(message, T + 11);
    // An event already outside the window is not stored at all.
    const store = new MemoryReplayStore();
    await new ReplayGuard(store).commit(message, T + 400);
    assert.equal(store.size, 0);
  });

  test("uses the clock by default, and accepts Dates", async () => {
    const guard = new ReplayGuard();
    const message = event("msg_clock", T);
    await atAsync(T, () => guard.commit(message));
    assert.equal((await atAsync(T + 300, () => codeOf(guard.check(message)))).code, "replayed");
    await atAsync(T + 301, () => guard.check(message));
    assert.equal((await codeOf(guard.check(message, new Date((T + 1) * 1000)))).code, "replayed");
  });

  test("the memory store sweeps expired entries as it grows", () => {
    const store = new MemoryReplayStore();
    for (let second = 0; second < 10_000; second++) store.commit(`msg_${second}`, 301, second);
    assert.ok(store.size <= 2 * 301 + 64, String(store.size));
    assert.ok(store.has("msg_9999", 9999));
    assert.ok(!store.has("msg_0", 9999));
    store.sweep(10_000 + 301);
    assert.equal(store.size, 0);
  });

  test("async stores are awaited and get the ttl", async () => {
    const calls = [];
    const store = {
      has: async (id, now) => {
        calls.push(["has", id, now]);
        return false;
      },
      commit: async (id, ttl, now) => {
        calls.push(["commit", id, ttl, now]);
      },
    };
    await new ReplayGuard(store).run(event(), () => null, T + 20);
    assert.deepEqual(calls, [
      ["has", "msg_1", T + 20],
      ["commit", "msg_1", 281, T + 20],
    ]);
  });

  test("wrong arguments are invalid_argument", async () => {
    for (const store of [null, 1, {}, { has() {} }]) {
      assert.throws(() => new ReplayGuard(store), (e) => e.code === "invalid_argument");
    }
    for (const toleranceSeconds of [-1, 1.5, null, "300"]) {
      assert.throws(() => new ReplayGuard(undefined, { toleranceSeconds }), (e) => e.code === "invalid_argument");
    }
    const guard = new ReplayGuard();
    for (const bad of [null, {}, { id: 1, timestamp: T }, { id: "x", timestamp: "1" }, { id: "x", timestamp: -1 }]) {
      assert.equal((await codeOf(guard.check(bad))).code, "invalid_argument");
    }
    assert.equal((await codeOf(guard.run(event(), "not a function"))).code, "invalid_argument");
    assert.equal((await codeOf(guard.check(event(), 1.5))).code, "invalid_argument");
  });
});

/** Enough of a Redis client for the example: EXISTS, SET … EX, with a fake clock. */
class FakeRedis {
  constructor() {
    this.keys = new Map();
    this.now = T;
  }
  async exists(key) {
    const expiry = this.keys.get(key);
    return expiry !== undefined && expiry > this.now ? 1 : 0;
  }
  async set(key, value, { EX }) {
    assert.ok(Number.isInteger(EX) && EX > 0, `EX ${EX}`);
    this.keys.set(key, this.now + EX);
    return "OK";
  }
}

describe("the README's Redis example (examples/replay-guard.mjs)", () => {
  test("processes once, acknowledges duplicates, retries failures, keys expire with the window", async () => {
    const redis = new FakeRedis();
    const processed = [];
    let fail = true;
    const handle = webhookHandler({
      redis,
      secret: SECRET,
      process: async (e) => {
        if (fail) {
          fail = false;
          throw new Error("downstream unavailable");
        }
        processed.push(e.id);
      },
    });
    const request = (headers) => new Request("http://127.0.0.1/", { method: "POST", body: BODY, headers });
    const headers = signWebhook({ secret: SECRET, body: BODY, id: "msg_r", timestamp: T });
    const send = async () => {
      const response = await atAsync(redis.now, () => handle(request(headers)));
      return [response.status, await response.json()];
    };
    assert.deepEqual(await send(), [500, { error: "try again later" }]); // failed: not committed
    redis.now += 10;
    assert.deepEqual(await send(), [200, { processed: "msg_r" }]); // the retry is processed
    redis.now += 10;
    assert.deepEqual(await send(), [200, { duplicate: true }]); // a replay is acknowledged
    assert.deepEqual(processed, ["msg_r"]);
    assert.equal(redis.keys.get("replicate-webhook:msg_r"), T + 301);
    const forged = { ...headers, "webhook-signature": "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" };
    const response = await atAsync(redis.now, () => handle(request(forged)));
    assert.equal(response.status, 401);
    assert.deepEqual(processed, ["msg_r"]);
  });
});
