// Differential tests against the real `standardwebhooks` package and the real
// `validateWebhook` of the `replicate` package, on generated inputs.
//
// On well-formed input (what a Standard Webhooks sender produces, tampered or
// not, fresh or stale) all must agree. Where we are deliberately stricter or
// more lenient, each difference is pinned below by name; the README's
// "Differences" section lists the same ones.

import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, test } from "node:test";

import { Webhook, validateWebhook } from "replicate-webhooks";
import { at, atAsync } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const standard = require("standardwebhooks");
const { validateWebhook: replicateValidate } = require("replicate");

/** A small seeded PRNG (mulberry32), so failures reproduce. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bytes(random, n) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(random() * 256);
  return out;
}

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const pick = (random, list) => list[Math.floor(random() * list.length)];
const text = (random, n, alphabet = ALNUM) => Array.from({ length: n }, () => pick(random, alphabet)).join("");

function body(random) {
  switch (Math.floor(random() * 4)) {
    case 0:
      return JSON.stringify({ id: text(random, 26), status: pick(random, ["starting", "succeeded", "failed"]), n: random() });
    case 1:
      return JSON.stringify({ text: text(random, Math.floor(random() * 3000), "ab \"\\\n\u00e9\u20ac\ud83d\ude00") });
    case 2:
      return JSON.stringify({ logs: "x".repeat(Math.floor(random() * 10)) }, null, Math.floor(random() * 3));
    default:
      return JSON.stringify([random(), text(random, 5)]);
  }
}

/** One generated webhook: a sender's output, then maybe a change to it. */
function generate(random, now) {
  const key = bytes(random, pick(random, [24, 32, 64]));
  const secret = `whsec_${Buffer.from(key).toString("base64")}`;
  const id = `msg_${text(random, 27)}`;
  const skew = pick(random, [0, 0, 0, -299, 299, -300, 300, -301, 301, -5000, 5000]);
  const timestamp = now + skew;
  const payload = body(random);
  const signer = new standard.Webhook(secret);
  const good = signer.sign(id, new Date(timestamp * 1000), payload);
  const other = new standard.Webhook(`whsec_${Buffer.from(bytes(random, 24)).toString("base64")}`).sign(id, new Date(timestamp * 1000), payload);
  const signature = pick(random, [
    good,
    good,
    `${other} ${good}`,
    `${good} ${other}`,
    other,
    `v2,${good.slice(3)}`,
    `v2,${good.slice(3)} ${good}`,
    `v1,${Buffer.from(bytes(random, 32)).toString("base64")}`,
  ]);
  const change = pick(random, ["none", "none", "none", "body", "id", "timestamp"]);
  return {
    secret,
    payload: change === "body" ? `${payload} ` : payload,
    headers: {
      "webhook-id": change === "id" ? `${id}x` : id,
      "webhook-timestamp": String(change === "timestamp" ? timestamp + 1 : timestamp),
      "webhook-signature": signature,
    },
  };
}

function result(fn) {
  try {
    fn();
    return "ok";
  } catch (error) {
    return error && error.name === "WebhookVerificationError" ? "rejected" : `threw ${error}`;
  }
}

describe("against standardwebhooks", () => {
  test("same accept/reject on 3000 generated well-formed webhooks", () => {
    const random = rng(20261124);
    const now = 1_700_000_000;
    const counts = { ok: 0, rejected: 0 };
    for (let i = 0; i < 3000; i++) {
      const c = generate(random, now);
      const theirs = at(now, () => result(() => new standard.Webhook(c.secret).verify(c.payload, c.headers)));
      const ours = at(now, () => result(() => new Webhook(c.secret).verify(c.payload, c.headers)));
      assert.equal(ours, theirs, `case ${i}: ${JSON.stringify(c.headers)}`);
      // Bytes in, same answer (standardwebhooks takes a Buffer).
      const oursBytes = at(now, () => result(() => new Webhook(c.secret).verify(Buffer.from(c.payload), c.headers)));
      assert.equal(oursBytes, ours, `case ${i} as bytes`);
      counts[ours]++;
    }
    // Both outcomes are well represented.
    assert.ok(counts.ok > 400 && counts.rejected > 400, JSON.stringify(counts));
  });

  test("same signatures for generated messages", () => {
    const random = rng(7);
    for (let i = 0; i < 500; i++) {
      const secret = `whsec_${Buffer.from(bytes(random, 24 + Math.floor(random() * 41))).toString("base64")}`;
      const id = `msg_${text(random, 20)}`;
      const date = new Date(Math.floor(random() * 2_000_000_000) * 1000);
      const payload = body(random);
      assert.equal(new Webhook(secret).sign(id, date, payload), new standard.Webhook(secret).sign(id, date, payload));
    }
  });

  // Each deliberate difference: [what, input, theirs, ours].
  const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const NOW = 1614265330;
  const BODY = '{"test": 2432232314}';
  const ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  const sign = (id, ts, payload) => new standard.Webhook(SECRET).sign(id, new Date(ts * 1000), payload);
  const GOOD = sign(ID, NOW, BODY);
  const headers = (overrides) => ({ "webhook-id": ID, "webhook-timestamp": String(NOW), "webhook-signature": GOOD, ...overrides });
  const nonUtf8 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
  const hmacBytes = (payload) => new Webhook(SECRET).sign(ID, NOW, payload);

  const differences = [
    {
      name: "strict: a timestamp with trailing text (parseInt accepts '1614265330abc')",
      payload: BODY,
      headers: headers({ "webhook-timestamp": `${NOW}abc` }),
      theirs: "ok",
      ours: "invalid_timestamp",
    },
    {
      name: "strict: a timestamp with leading spaces or a sign",
      payload: BODY,
      headers: headers({ "webhook-timestamp": ` +${NOW}` }),
      theirs: "ok",
      ours: "invalid_timestamp",
    },
    {
      name: "signed content: the timestamp header as sent (leading zeros kept), not re-formatted",
      payload: BODY,
      headers: headers({ "webhook-timestamp": `0${NOW}` }),
      theirs: "ok",
      ours: "no_matching_signature",
    },
    {
      name: "strict: a v1 entry with extra ',' fields",
      payload: BODY,
      headers: headers({ "webhook-signature": `${GOOD},extra` }),
      theirs: "ok",
      ours: "invalid_signature_header",
    },
    {
      name: "bytes: a non-UTF-8 Buffer is signed as its bytes (they sign its lossy UTF-8 decoding)",
      payload: nonUtf8,
      headers: headers({ "webhook-signature": sign(ID, NOW, nonUtf8.toString()) }),
      theirs: "ok",
      ours: "no_matching_signature",
    },
    {
      name: "bytes: ... and the signature over the exact bytes verifies only with us",
      payload: nonUtf8,
      headers: headers({ "webhook-signature": hmacBytes(nonUtf8) }),
      theirs: "rejected",
      ours: "ok",
      jsonParse: false,
    },
    {
      name: "lenient: svix-* headers are accepted when webhook-* are absent",
      payload: BODY,
      headers: { "svix-id": ID, "svix-timestamp": String(NOW), "svix-signature": GOOD },
      theirs: "rejected",
      ours: "ok",
    },
    {
      name: "lenient: a fetch Headers object works (theirs sees no keys in it)",
      payload: BODY,
      headers: new Headers(headers({})),
      theirs: "rejected",
      ours: "ok",
    },
    {
      name: "lenient: tabs separate signature entries too",
      payload: BODY,
      headers: headers({ "webhook-signature": `v1,${"A".repeat(43)}=\t${GOOD}` }),
      theirs: "rejected",
      ours: "ok",
    },
    {
      name: "lenient: a Uint8Array (not Buffer) body",
      payload: new TextEncoder().encode(BODY),
      headers: headers({}),
      theirs: "threw",
      ours: "ok",
    },
    {
      name: "strict: more than 32 signature entries",
      payload: BODY,
      headers: headers({ "webhook-signature": `${Array(32).fill("v2,x").join(" ")} ${GOOD}` }),
      theirs: "ok",
      ours: "too_many_signatures",
    },
    {
      name: "strict: header size caps (webhook-id over 256 bytes)",
      payload: BODY,
      headers: headers({ "webhook-id": "m".repeat(257), "webhook-signature": sign("m".repeat(257), NOW, BODY) }),
      theirs: "ok",
      ours: "header_too_large",
    },
  ];

  for (const d of differences) {
    test(`documented difference — ${d.name}`, () => {
      const theirs = at(NOW, () => {
        try {
          new standard.Webhook(SECRET).verify(d.payload, d.headers);
          return "ok";
        } catch (error) {
          return error.name === "WebhookVerificationError" ? "rejected" : "threw";
        }
      });
      assert.equal(theirs, d.theirs, "standardwebhooks");
      const ours = at(NOW, () => {
        try {
          new Webhook(SECRET).verify(d.payload, d.headers, { jsonParse: d.jsonParse });
          return "ok";
        } catch (error) {
          assert.equal(error.name, "WebhookVerificationError");
          return error.code;
        }
      });
      assert.equal(ours, d.ours, "replicate-webhooks");
    });
  }

  test("documented difference — secrets: unpadded base64 is accepted, invalid base64 is an error", () => {
    const unpadded = "whsec_QQ";
    assert.equal(new Webhook(unpadded).sign(ID, NOW, BODY), new Webhook("whsec_QQ==").sign(ID, NOW, BODY));
    assert.throws(() => new standard.Webhook(unpadded));
    assert.throws(() => new Webhook("whsec_not base64!"), { code: "invalid_secret" });
  });
});

describe("against the replicate package's validateWebhook", () => {
  test("same answer on 500 generated fresh webhooks, both call forms", async () => {
    const random = rng(42);
    const now = Math.floor(Date.now() / 1000);
    let valid = 0;
    let versionDifferences = 0;
    for (let i = 0; i < 500; i++) {
      const c = generate(random, now);
      // The original has no timestamp check: compare within the window only.
      const ts = Number(c.headers["webhook-timestamp"]);
      if (Math.abs(ts - now) > 300) continue;
      const request = () =>
        new Request("http://127.0.0.1/webhook", { method: "POST", body: c.payload, headers: c.headers });
      const fields = {
        id: c.headers["webhook-id"],
        timestamp: c.headers["webhook-timestamp"],
        signature: c.headers["webhook-signature"],
        body: c.payload,
        secret: c.secret,
      };
      const theirs = await replicateValidate(request(), c.secret);
      assert.equal(await replicateValidate(fields), theirs);
      // Documented difference: the original ignores the version tag, so a
      // valid HMAC labelled `v2,` passes there; only `v1` counts with us.
      const onlyV2 = /^v2,[^ ]*$/.test(c.headers["webhook-signature"]);
      const expected = onlyV2 ? false : theirs;
      if (onlyV2 && theirs) versionDifferences++;
      assert.equal(await atAsync(now, () => validateWebhook(request(), c.secret)), expected, `case ${i}`);
      assert.equal(await atAsync(now, () => validateWebhook(fields)), expected, `case ${i} fields`);
      if (expected) valid++;
    }
    assert.ok(valid > 50, `${valid} valid`);
    assert.ok(versionDifferences > 0, "the v2-tag difference was never exercised");
  });

  test("documented difference — stale webhooks: true for the original, false for us", async () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const fields = {
      id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
      timestamp: "1614265330",
      signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
      body: '{"test": 2432232314}',
      secret,
    };
    assert.equal(await replicateValidate(fields), true);
    assert.equal(await validateWebhook(fields), false);
    assert.equal(await atAsync(1614265330, () => validateWebhook(fields)), true);
  });

  test("documented difference — a parsed body: the original re-serializes it, we reject it", async () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const headers = {
      "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
      "webhook-timestamp": "1614265330",
      "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    };
    // Re-serialization loses the space after the colon, so the original says false.
    assert.equal(await replicateValidate({ headers, body: { test: 2432232314 } }, secret), false);
    await assert.rejects(
      atAsync(1614265330, () => validateWebhook({ headers, body: { test: 2432232314 } }, secret)),
      { code: "invalid_body" },
    );
  });
});
