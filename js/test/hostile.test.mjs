// The shared corpus of wrong-typed arguments (tests/hostile/arguments.json):
// every case through the entry point it names, expecting our error with the
// corpus's code; after each, the same wasm instance (and the same Webhook)
// still verifies the canonical vector.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";

import { Webhook, WebhookVerificationError, errorCodes, verifyWebhook } from "replicate-webhooks";
import { at, repoRoot } from "./helpers.mjs";

const corpus = JSON.parse(readFileSync(join(repoRoot, "tests/hostile/arguments.json"), "utf8"));

const CANONICAL = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  body: '{"test": 2432232314}',
  headers: {
    "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
    "webhook-timestamp": "1614265330",
    "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
  },
  now: 1614265330,
};

/** The JS names of the corpus's arguments, per entry. */
const ARGUMENTS = {
  webhook: { secret: "secret" },
  verify: { body: "payload", headers: "headers" },
  verify_webhook: { body: "body", headers: "headers", secret: "secret", tolerance: "toleranceSeconds", now: "now" },
};

const webhook = new Webhook(CANONICAL.secret);

/** The call a case describes: its value in place of one argument, the canonical vector elsewhere. */
function call(c) {
  const name = ARGUMENTS[c.entry]?.[c.argument];
  assert.ok(name, `no JS argument for ${c.entry}.${c.argument}`);
  switch (c.entry) {
    case "webhook":
      return () => new Webhook(c.value);
    case "verify": {
      const args = { payload: CANONICAL.body, headers: CANONICAL.headers, [name]: c.value };
      return () => at(CANONICAL.now, () => webhook.verify(args.payload, args.headers));
    }
    case "verify_webhook": {
      const options = { ...CANONICAL, [name]: c.value };
      return () => verifyWebhook(options);
    }
    default:
      return assert.fail(`unknown entry ${c.entry}`);
  }
}

function stillWorks() {
  assert.deepEqual(at(CANONICAL.now, () => webhook.verify(CANONICAL.body, CANONICAL.headers)), { test: 2432232314 });
  assert.deepEqual(at(CANONICAL.now, () => new Webhook(CANONICAL.secret).verify(CANONICAL.body, CANONICAL.headers)), { test: 2432232314 });
  // verifyWebhook verifies, then finds that the canonical body is not a Replicate payload.
  assert.throws(() => verifyWebhook(CANONICAL), (error) => error.code === "invalid_payload");
}

describe("tests/hostile/arguments.json", () => {
  assert.ok(corpus.cases.length > 0, "the corpus has no cases");
  for (const c of corpus.cases) {
    test(`${c.id}: ${c.entry}(${c.argument} = ${JSON.stringify(c.value)}) → ${c.code}`, () => {
      assert.ok(errorCodes.includes(c.code), `unknown code ${c.code}`);
      assert.throws(call(c), (error) => {
        assert.ok(error instanceof WebhookVerificationError, `expected WebhookVerificationError, got ${error}`);
        assert.equal(error.code, c.code, error.message);
        if (c.id === "body-parsed-payload") assert.match(error.message, /request\.text\(\)/);
        return true;
      });
      stillWorks();
    });
  }

  test("covers every entry the corpus defines", () => {
    assert.deepEqual(Object.keys(corpus.entries).sort(), Object.keys(ARGUMENTS).sort());
  });
});
