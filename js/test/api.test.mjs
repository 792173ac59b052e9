// The API around the vectors: error type and codes, argument conversion, the
// instance surviving bad input, Request handling, the secret endpoint.

import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";

import * as api from "replicate-webhooks";
import {
  Webhook,
  WebhookSecretError,
  WebhookVerificationError,
  errorCodes,
  getWebhookSecret,
  parsePayload,
  signWebhook,
  validateWebhook,
  verifyRequest,
  verifyWebhook,
} from "replicate-webhooks";
import { at, coreErrorCodes, repoRoot } from "./helpers.mjs";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const CANONICAL = {
  body: '{"test": 2432232314}',
  headers: {
    "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
    "webhook-timestamp": "1614265330",
    "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
  },
  now: 1614265330,
};
const PREDICTION = JSON.stringify({
  id: "gm3qorzdhgbfurvjtvhg6dckhu",
  status: "succeeded",
  output: ["https://replicate.delivery/out.png"],
  metrics: { predict_time: 1.5 },
  urls: { get: "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu" },
});

function signed(body = PREDICTION, timestamp = Math.floor(Date.now() / 1000)) {
  return { body, headers: signWebhook({ secret: SECRET, body, id: "msg_test", timestamp }) };
}

function codeOf(fn) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof WebhookVerificationError, `expected WebhookVerificationError, got ${error}`);
    return error.code;
  }
  assert.fail("expected an error");
}

async function codeOfAsync(fn) {
  try {
    await fn();
  } catch (error) {
    assert.ok(error instanceof WebhookVerificationError, `expected WebhookVerificationError, got ${error}`);
    return error.code;
  }
  assert.fail("expected an error");
}

describe("error codes", () => {
  test("errorCodes is the core's ErrorCode::ALL, in order", () => {
    assert.deepEqual([...errorCodes], coreErrorCodes());
    assert.ok(Object.isFrozen(errorCodes));
  });

  test("every code the vectors README lists is exported", () => {
    const readme = readFileSync(join(repoRoot, "tests/vectors/README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Error codes"));
    const listed = [...section.slice(0, section.indexOf("\n## ", 5)).matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
    assert.ok(listed.length >= 10);
    for (const code of listed) assert.ok(errorCodes.includes(code), code);
  });

  test("the TypeScript ErrorCode union has exactly these codes", () => {
    const types = readFileSync(join(repoRoot, "js/dist/index.d.ts"), "utf8");
    const union = types.match(/export type ErrorCode =([^;]*);/)[1];
    assert.deepEqual([...union.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]), [...errorCodes]);
  });

  test("the README documents every code", () => {
    const readme = readFileSync(join(repoRoot, "js/README.md"), "utf8");
    for (const code of errorCodes) assert.ok(readme.includes(`\`${code}\``), code);
  });

  test("WebhookVerificationError is a real Error with a code", () => {
    const error = new Webhook(SECRET);
    const caught = (() => {
      try {
        at(CANONICAL.now, () => error.verify(CANONICAL.body + " ", CANONICAL.headers));
      } catch (e) {
        return e;
      }
    })();
    assert.ok(caught instanceof Error);
    assert.ok(caught instanceof WebhookVerificationError);
    assert.equal(caught.name, "WebhookVerificationError");
    assert.equal(caught.code, "no_matching_signature");
    assert.match(caught.message, /no signature matches/);
    assert.match(caught.stack, /WebhookVerificationError/);
    assert.ok(!caught.message.includes(SECRET.slice(6)));
  });
});

describe("Webhook (standardwebhooks drop-in)", () => {
  const webhook = new Webhook(SECRET);

  test("verifies the canonical vector and returns the parsed body", () => {
    assert.deepEqual(at(CANONICAL.now, () => webhook.verify(CANONICAL.body, CANONICAL.headers)), { test: 2432232314 });
  });

  test("accepts Headers, Maps, Node-style objects, pairs and any name case", () => {
    const forms = [
      new Headers(CANONICAL.headers),
      new Map(Object.entries(CANONICAL.headers)),
      new Map(Object.entries(CANONICAL.headers).map(([k, v]) => [k.toUpperCase(), v])),
      Object.fromEntries(Object.entries(CANONICAL.headers).map(([k, v]) => [k.toUpperCase(), v])),
      Object.fromEntries(Object.entries(CANONICAL.headers).map(([k, v]) => [k, [v]])),
      Object.entries(CANONICAL.headers),
      { "svix-id": CANONICAL.headers["webhook-id"], "svix-timestamp": "1614265330", "svix-signature": CANONICAL.headers["webhook-signature"] },
    ];
    for (const headers of forms) {
      assert.deepEqual(at(CANONICAL.now, () => webhook.verify(CANONICAL.body, headers)), { test: 2432232314 });
    }
  });

  test("accepts Buffer, Uint8Array, ArrayBuffer and DataView bodies", () => {
    const bytes = Buffer.from(CANONICAL.body);
    for (const body of [bytes, new Uint8Array(bytes), bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), new DataView(new Uint8Array(bytes).buffer)]) {
      assert.deepEqual(at(CANONICAL.now, () => webhook.verify(body, CANONICAL.headers)), { test: 2432232314 });
    }
  });

  test("jsonParse: false and empty bodies return undefined", () => {
    assert.equal(at(CANONICAL.now, () => webhook.verify(CANONICAL.body, CANONICAL.headers, { jsonParse: false })), undefined);
    const empty = signWebhook({ secret: SECRET, body: "", id: "msg_1", timestamp: CANONICAL.now });
    assert.equal(at(CANONICAL.now, () => webhook.verify("", empty)), undefined);
  });

  test("checks the timestamp window (default 300 s, configurable, or off)", () => {
    assert.equal(codeOf(() => at(CANONICAL.now + 301, () => webhook.verify(CANONICAL.body, CANONICAL.headers))), "timestamp_too_old");
    assert.equal(codeOf(() => at(CANONICAL.now - 301, () => webhook.verify(CANONICAL.body, CANONICAL.headers))), "timestamp_too_new");
    at(CANONICAL.now + 300, () => webhook.verify(CANONICAL.body, CANONICAL.headers));
    const lax = new Webhook(SECRET, { toleranceSeconds: 3600 });
    at(CANONICAL.now + 3600, () => lax.verify(CANONICAL.body, CANONICAL.headers));
    const off = new Webhook(SECRET, { toleranceSeconds: null });
    off.verify(CANONICAL.body, CANONICAL.headers);
  });

  test("sign matches the known answer, from a Date or seconds", () => {
    const expected = CANONICAL.headers["webhook-signature"];
    assert.equal(webhook.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", new Date(1614265330 * 1000), CANONICAL.body), expected);
    assert.equal(webhook.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, Buffer.from(CANONICAL.body)), expected);
  });

  test("format: raw takes the key itself", () => {
    const key = Buffer.from(SECRET.slice(6), "base64");
    for (const raw of [new Webhook(new Uint8Array(key), { format: "raw" }), new Webhook(key.toString("latin1"), { format: "raw" })]) {
      assert.deepEqual(at(CANONICAL.now, () => raw.verify(CANONICAL.body, CANONICAL.headers)), { test: 2432232314 });
    }
  });

  test("several secrets: any may match", () => {
    const rotated = new Webhook(["whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", SECRET]);
    assert.deepEqual(at(CANONICAL.now, () => rotated.verify(CANONICAL.body, CANONICAL.headers)), { test: 2432232314 });
  });

  test("large and non-ASCII string bodies take the large-text path", () => {
    for (const size of [10, 100_000, 300_000, 2_000_000]) {
      const body = JSON.stringify({ id: "x", status: "succeeded", text: "é€😀".repeat(size / 4) + "a".repeat(size) });
      const { headers } = signed(body, CANONICAL.now);
      assert.equal(at(CANONICAL.now, () => webhook.verify(body, headers)).id, "x");
      assert.equal(codeOf(() => at(CANONICAL.now, () => webhook.verify(body + " ", headers))), "no_matching_signature");
    }
    // After huge bodies the scratch shrinks and small ones still work.
    assert.deepEqual(at(CANONICAL.now, () => webhook.verify(CANONICAL.body, CANONICAL.headers)), { test: 2432232314 });
  });

  test("lone surrogates are verified as their UTF-8 replacement (like TextEncoder)", () => {
    const body = '{"id":"x","status":"starting","t":"\ud800"}';
    const { headers } = signed(new TextEncoder().encode(body), CANONICAL.now);
    assert.equal(at(CANONICAL.now, () => webhook.verify(body, headers)).id, "x");
  });
});

describe("a body that is not the raw body", () => {
  const body = JSON.parse(PREDICTION);

  test("is invalid_body with instructions for Next.js and Express", () => {
    for (const call of [
      () => new Webhook(SECRET).verify(body, signed().headers),
      () => verifyWebhook({ secret: SECRET, body, headers: signed().headers }),
      () => parsePayload(body),
      () => signWebhook({ secret: SECRET, body }),
    ]) {
      try {
        call();
        assert.fail("expected invalid_body");
      } catch (error) {
        assert.ok(error instanceof WebhookVerificationError);
        assert.equal(error.code, "invalid_body");
        assert.match(error.message, /request\.text\(\)/);
        assert.match(error.message, /bodyParser: false/);
        assert.match(error.message, /express\.raw/);
        assert.match(error.message, /already-parsed JSON/);
      }
    }
  });

  test("validateWebhook rejects a parsed body instead of re-serializing it", async () => {
    const { headers } = signed();
    assert.equal(await codeOfAsync(() => validateWebhook({ headers, body }, SECRET)), "invalid_body");
  });
});

describe("the wasm instance keeps working after every bad input", () => {
  const bad = [
    undefined,
    null,
    0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2n ** 70n,
    true,
    Symbol("x"),
    () => 1,
    {},
    [],
    [1, 2],
    [["webhook-id"]],
    [[1, 2]],
    { "webhook-id": 5 },
    { "webhook-id": {} },
    { "webhook-id": [7] },
    new Date(Number.NaN),
    new Date(-1),
    "",
    "\ud800",
    "x".repeat(100_000),
    new Uint8Array(0),
    new Proxy({}, { get: () => { throw new Error("trap"); } }),
  ];
  const show = (value) => {
    try {
      return typeof value === "string" ? JSON.stringify(value.slice(0, 20)) : String(value);
    } catch {
      return "a Proxy";
    }
  };
  const webhook = new Webhook(SECRET);
  const works = () => assert.deepEqual(at(CANONICAL.now, () => webhook.verify(CANONICAL.body, CANONICAL.headers)), { test: 2432232314 });
  const allowed = new Set(errorCodes);

  const calls = {
    "new Webhook(x)": (x) => new Webhook(x),
    "new Webhook(secret, { toleranceSeconds: x })": (x) => new Webhook(SECRET, { toleranceSeconds: x }),
    "new Webhook(x, { format: 'raw' })": (x) => new Webhook(x, { format: "raw" }),
    "verify(x, headers)": (x) => webhook.verify(x, CANONICAL.headers),
    "verify(body, x)": (x) => webhook.verify(CANONICAL.body, x),
    "sign(x, date, body)": (x) => webhook.sign(x, new Date(), CANONICAL.body),
    "sign(id, x, body)": (x) => webhook.sign("msg", x, CANONICAL.body),
    "sign(id, date, x)": (x) => webhook.sign("msg", new Date(), x),
    "verifyWebhook(x)": (x) => verifyWebhook(x),
    "verifyWebhook({ secret: x })": (x) => verifyWebhook({ secret: x, body: CANONICAL.body, headers: CANONICAL.headers }),
    "verifyWebhook({ secrets: x })": (x) => verifyWebhook({ secrets: x, body: CANONICAL.body, headers: CANONICAL.headers }),
    "verifyWebhook({ body: x })": (x) => verifyWebhook({ secret: SECRET, body: x, headers: CANONICAL.headers }),
    "verifyWebhook({ headers: x })": (x) => verifyWebhook({ secret: SECRET, body: CANONICAL.body, headers: x }),
    "verifyWebhook({ now: x })": (x) => verifyWebhook({ secret: SECRET, body: CANONICAL.body, headers: CANONICAL.headers, now: x }),
    "verifyWebhook({ toleranceSeconds: x })": (x) =>
      verifyWebhook({ secret: SECRET, body: CANONICAL.body, headers: CANONICAL.headers, toleranceSeconds: x }),
    "parsePayload(x)": (x) => parsePayload(x),
    "signWebhook(x)": (x) => signWebhook(x),
    "signWebhook({ id: x })": (x) => signWebhook({ secret: SECRET, body: "", id: x }),
    "signWebhook({ timestamp: x })": (x) => signWebhook({ secret: SECRET, body: "", timestamp: x }),
  };

  for (const [name, call] of Object.entries(calls)) {
    test(name, () => {
      for (const value of bad) {
        try {
          call(value);
        } catch (error) {
          // Our errors carry a known code; a Proxy that throws on access may surface as itself.
          if (!(error instanceof WebhookVerificationError)) {
            assert.equal(error.message, "trap", `${name} with ${show(value)}: ${error}`);
          } else {
            assert.ok(allowed.has(error.code), error.code);
          }
        }
        works();
      }
    });
  }

  test("async entry points reject with codes", async () => {
    for (const value of bad) {
      for (const call of [
        () => validateWebhook(value, SECRET),
        () => validateWebhook({ headers: CANONICAL.headers, body: CANONICAL.body }, value),
        () => validateWebhook({ ...CANONICAL.headers, id: value, timestamp: "1", signature: "v1,x", body: "x", secret: SECRET }),
        () => verifyRequest(value, SECRET),
        () => verifyRequest(new Request("http://127.0.0.1/", { method: "POST", body: "x", headers: CANONICAL.headers }), value),
      ]) {
        try {
          await call();
        } catch (error) {
          if (!(error instanceof WebhookVerificationError)) assert.equal(error.message, "trap", String(error));
        }
        works();
      }
    }
  });
});

describe("verifyWebhook and parsePayload", () => {
  test("returns the event with the typed payload", () => {
    const { body, headers } = signed(PREDICTION, 1700000000);
    const event = verifyWebhook({ secret: SECRET, body, headers, now: new Date(1700000000 * 1000) });
    assert.deepEqual(event, {
      id: "msg_test",
      timestamp: 1700000000,
      kind: "prediction",
      isTerminal: true,
      payload: JSON.parse(PREDICTION),
    });
  });

  test("infers trainings and rejects non-payloads", () => {
    const training = JSON.stringify({ id: "t1", status: "processing", destination: "me/model" });
    assert.deepEqual(parsePayload(training), { kind: "training", isTerminal: false, payload: JSON.parse(training) });
    assert.equal(codeOf(() => parsePayload("[1]")), "invalid_payload");
    assert.equal(codeOf(() => parsePayload('{"id": 1, "status": "x"}')), "invalid_payload");
  });

  test("verifies before parsing", () => {
    const { headers } = signed("not json", 1700000000);
    assert.equal(codeOf(() => verifyWebhook({ secret: SECRET, body: "not json", headers, now: 1700000000 })), "invalid_payload");
    assert.equal(codeOf(() => verifyWebhook({ secret: SECRET, body: "not json!", headers, now: 1700000000 })), "no_matching_signature");
  });

  test("secret and secrets are exclusive", () => {
    const { body, headers } = signed();
    assert.equal(codeOf(() => verifyWebhook({ secret: SECRET, secrets: [SECRET], body, headers })), "invalid_argument");
    assert.equal(codeOf(() => verifyWebhook({ secrets: [], body, headers })), "invalid_secret");
    verifyWebhook({ secrets: ["whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", SECRET], body, headers });
  });
});

describe("verifyRequest", () => {
  const request = (body, headers) =>
    new Request("http://127.0.0.1/webhook", { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

  test("reads the body once and returns it", async () => {
    const { body, headers } = signed();
    const event = await verifyRequest(request(body, headers), SECRET);
    assert.equal(event.body, body);
    assert.equal(event.payload.status, "succeeded");
    assert.equal((await verifyRequest(request(body, headers), [SECRET])).id, "msg_test");
    assert.equal((await verifyRequest(request(body, headers), { secret: SECRET, toleranceSeconds: 10 })).kind, "prediction");
  });

  test("tampered and used bodies are rejected with codes", async () => {
    const { body, headers } = signed();
    assert.equal(await codeOfAsync(() => verifyRequest(request(body.replace("succeeded", "failed"), headers), SECRET)), "no_matching_signature");
    const used = request(body, headers);
    await used.text();
    const code = await codeOfAsync(() => verifyRequest(used, SECRET));
    assert.equal(code, "invalid_body");
  });
});

describe("validateWebhook (replicate drop-in)", () => {
  test("both call forms resolve true for the canonical vector", async () => {
    const { body, headers } = signed();
    assert.equal(await validateWebhook(new Request("http://127.0.0.1/", { method: "POST", body, headers }), SECRET), true);
    assert.equal(await validateWebhook({ headers, body: Buffer.from(body) }, SECRET), true);
    const fields = { id: headers["webhook-id"], timestamp: headers["webhook-timestamp"], signature: headers["webhook-signature"], body, secret: SECRET };
    assert.equal(await validateWebhook(fields), true);
    assert.equal(await validateWebhook(fields, globalThis.crypto), true);
  });

  test("stale, tampered or malformed webhooks resolve false", async () => {
    const { body, headers } = signed(PREDICTION, Math.floor(Date.now() / 1000) - 3600);
    assert.equal(await validateWebhook({ headers, body }, SECRET), false);
    const fresh = signed();
    assert.equal(await validateWebhook({ headers: fresh.headers, body: fresh.body + " " }, SECRET), false);
    assert.equal(await validateWebhook({ headers: { ...fresh.headers, "webhook-signature": "v1,nope" }, body: fresh.body }, SECRET), false);
  });

  test("misuse rejects: missing headers, bad secret, non-string secret", async () => {
    const { body, headers } = signed();
    assert.equal(await codeOfAsync(() => validateWebhook({ id: "x", timestamp: "1", body, secret: SECRET })), "missing_header");
    assert.equal(await codeOfAsync(() => validateWebhook({ headers, body }, "whsec_!!")), "invalid_secret");
    assert.equal(await codeOfAsync(() => validateWebhook({ headers, body })), "invalid_argument");
  });

  test("reads streams and async iterables", async () => {
    const { body, headers } = signed();
    const stream = new Blob([body]).stream();
    assert.equal(await validateWebhook({ headers, body: stream }, SECRET), true);
    async function* chunks() {
      yield body.slice(0, 5);
      yield Buffer.from(body.slice(5));
    }
    assert.equal(await validateWebhook({ headers, body: chunks() }, SECRET), true);
  });
});

describe("getWebhookSecret", () => {
  test("fetches once per token, sends the bearer token, does not cache failures", async () => {
    const seen = [];
    const server = createServer((req, res) => {
      seen.push([req.method, req.url, req.headers.authorization]);
      if (req.headers.authorization === "Bearer good") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ key: "whsec_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH" }));
      } else {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ detail: "Invalid token." }));
      }
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    const baseUrl = `http://127.0.0.1:${server.address().port}/v1/`;
    try {
      assert.equal(await getWebhookSecret({ token: "good", baseUrl }), "whsec_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH");
      assert.equal(await getWebhookSecret({ token: "good", baseUrl }), "whsec_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH");
      assert.deepEqual(seen, [["GET", "/v1/webhooks/default/secret", "Bearer good"]]);
      for (let i = 0; i < 2; i++) {
        await assert.rejects(getWebhookSecret({ token: "bad", baseUrl }), (error) => {
          assert.ok(error instanceof WebhookSecretError);
          assert.equal(error.status, 401);
          assert.match(error.message, /HTTP 401.*Invalid token/);
          return true;
        });
      }
      assert.equal(seen.length, 3);
      const custom = await getWebhookSecret({
        token: "t",
        fetch: async () => new Response(JSON.stringify({ key: "whsec_x" })),
      });
      assert.equal(custom, "whsec_x");
      await assert.rejects(getWebhookSecret({ token: "t2", fetch: async () => new Response("{}") }), WebhookSecretError);
      await assert.rejects(getWebhookSecret({ token: "t3", fetch: async () => { throw new Error("offline"); } }), /offline/);
      await assert.rejects(getWebhookSecret({ token: "" }), WebhookVerificationError);
    } finally {
      server.close();
    }
  });
});

describe("package", () => {
  test("its version is the Cargo workspace version", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, "js/package.json"), "utf8"));
    const cargo = readFileSync(join(repoRoot, "Cargo.toml"), "utf8");
    const workspaceVersion = cargo.match(/\[workspace\.package\][^[]*?\nversion = "([^"]+)"/)[1];
    assert.equal(pkg.version, workspaceVersion);
  });

  test("exports exactly the documented API", () => {
    assert.deepEqual(Object.keys(api).sort(), [
      "MemoryReplayStore",
      "ReplayGuard",
      "Webhook",
      "WebhookSecretError",
      "WebhookVerificationError",
      "errorCodes",
      "getWebhookSecret",
      "parsePayload",
      "signWebhook",
      "validateWebhook",
      "verifyRequest",
      "verifyStream",
      "verifyWebhook",
    ]);
  });
});
