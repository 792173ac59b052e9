// Every case of every shared vector file, through every public entry point it
// applies to: Webhook (drop-in), verifyWebhook, verifyStream, validateWebhook
// (both call forms), parsePayload, Webhook#sign and signWebhook. Header maps are passed in
// each form that keeps the case's pairs intact: pairs, a plain object, Headers.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  Webhook,
  WebhookVerificationError,
  errorCodes,
  parsePayload,
  signWebhook,
  validateWebhook,
  verifyStream,
  verifyWebhook,
} from "replicate-webhooks";
import { at, atAsync, bodyOf, outcome, outcomeAsync, vectorFiles } from "./helpers.mjs";

/** Codes validateWebhook reports as `false`; the others reject. */
const INVALID = new Set([
  "header_too_large",
  "invalid_timestamp",
  "timestamp_too_old",
  "timestamp_too_new",
  "invalid_signature_header",
  "too_many_signatures",
  "no_matching_signature",
]);

/** The header forms that represent `pairs` exactly. */
function headerForms(pairs) {
  const forms = [["pairs", pairs]];
  const seen = new Set();
  const object = {};
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    if (seen.has(lower)) continue; // the first pair wins, as in the core
    seen.add(lower);
    object[name] = value;
  }
  forms.push(["object", object]);
  const headers = fetchHeaders(pairs);
  if (headers) forms.push(["Headers", headers]);
  return forms;
}

/** A fetch Headers with the same values, or null where Headers would change them. */
function fetchHeaders(pairs) {
  const names = new Set(pairs.map(([name]) => name.toLowerCase()));
  if (names.size !== pairs.length) return null; // duplicates would be joined
  try {
    const headers = new Headers(pairs);
    return pairs.every(([name, value]) => headers.get(name) === value) ? headers : null;
  } catch {
    return null; // a value Headers refuses
  }
}

/** First value of `name` (case-insensitive), for validateWebhook's field form. */
function firstValue(pairs, name) {
  const pair = pairs.find(([key]) => key.toLowerCase() === name);
  return pair ? pair[1] : undefined;
}

function expectOutcome(actual, expected, where) {
  if (expected.ok) {
    assert.ok(actual.ok, `${where}: expected success, got ${actual.code}`);
  } else {
    assert.ok(!actual.ok, `${where}: expected ${expected.code}, got success`);
    assert.equal(actual.code, expected.code, where);
  }
}

function expectPayload(result, expected, where) {
  assert.equal(result.kind, expected.kind, `${where}: kind`);
  assert.equal(result.payload.id, expected.id, `${where}: id`);
  assert.equal(result.payload.status, expected.status, `${where}: status`);
  assert.equal(result.isTerminal, expected.is_terminal, `${where}: isTerminal`);
}

function webhookOptions(c) {
  return "tolerance" in c ? { toleranceSeconds: c.tolerance } : undefined;
}

function checkWebhook(c, body, forms) {
  const parse = c.mode === "verify_and_parse";
  // The drop-in never parses the payload, so invalid_payload is a success for it.
  const expected = parse && c.expected.code === "invalid_payload" ? { ok: true } : c.expected;
  const secret = c.secrets.length === 1 ? c.secrets[0] : c.secrets;
  const made = outcome(() => new Webhook(secret, webhookOptions(c)));
  if (!made.ok) return expectOutcome(made, expected, "new Webhook");
  for (const bodyForm of [body, typeof body === "string" ? new TextEncoder().encode(body) : new Uint8Array(body)]) {
    for (const [formName, headers] of forms) {
      const where = `Webhook.verify(${typeof bodyForm === "string" ? "string" : "bytes"}, ${formName})`;
      const result = at(c.now, () => outcome(() => made.value.verify(bodyForm, headers, { jsonParse: false })));
      expectOutcome(result, expected, where);
      if (result.ok) assert.equal(result.value, undefined, `${where} with jsonParse: false`);
    }
  }
  if (parse && c.expected.ok) {
    const parsed = at(c.now, () => made.value.verify(body, forms[0][1]));
    assert.equal(parsed.id, c.expected.payload.id, "Webhook.verify: parsed id");
    assert.equal(parsed.status, c.expected.payload.status, "Webhook.verify: parsed status");
  }
}

function checkVerifyWebhook(c, body, forms) {
  const secrets = c.secrets.length === 1 ? { secret: c.secrets[0] } : { secrets: c.secrets };
  const tolerance = "tolerance" in c ? { toleranceSeconds: c.tolerance } : {};
  for (const [formName, headers] of forms) {
    const where = `verifyWebhook(${formName})`;
    const result = outcome(() => verifyWebhook({ ...secrets, ...tolerance, body, headers, now: c.now }));
    if (c.mode === "verify" && c.expected.ok) {
      // The body of a verify-only case need not be a Replicate payload.
      if (!result.ok) assert.equal(result.code, "invalid_payload", where);
      continue;
    }
    expectOutcome(result, c.expected, where);
    if (result.ok) {
      expectPayload(result.value, c.expected.payload, where);
      assert.equal(typeof result.value.timestamp, "number");
      assert.equal(typeof result.value.id, "string");
    }
  }
}

/** The body in chunks of `size` bytes (the last one shorter). */
async function* chunked(bytes, size) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function checkVerifyStream(c, body, forms) {
  const secrets = c.secrets.length === 1 ? { secret: c.secrets[0] } : { secrets: c.secrets };
  const tolerance = "tolerance" in c ? { toleranceSeconds: c.tolerance } : {};
  // Streaming verifies only: a body that is not a payload still verifies.
  const expected = c.expected.ok || c.expected.code === "invalid_payload" ? { ok: true } : c.expected;
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : new Uint8Array(body);
  const streams = [
    ["ReadableStream", () => new Blob([bytes]).stream()],
    ["1-byte chunks", () => chunked(bytes, 1)],
    ["7-byte chunks", () => chunked(bytes, 7)],
  ];
  for (const [formName, headers] of forms) {
    for (const [streamName, stream] of formName === "pairs" ? streams : streams.slice(0, 1)) {
      if (streamName === "1-byte chunks" && bytes.length > 4096) continue;
      const where = `verifyStream(${formName}, ${streamName})`;
      const result = await outcomeAsync(() => verifyStream({ ...secrets, ...tolerance, body: stream(), headers, now: c.now }));
      expectOutcome(result, expected, where);
      if (result.ok) {
        assert.equal(typeof result.value.id, "string", where);
        assert.equal(typeof result.value.timestamp, "number", where);
      }
    }
  }
}

async function checkValidateWebhook(c, body, forms) {
  // One secret and the fixed 300 s window: the original API has no other.
  if (c.secrets.length !== 1 || ("tolerance" in c && c.tolerance !== 300)) return 0;
  const code = c.expected.ok ? null : c.expected.code;
  const valid = code === null || code === "invalid_payload";
  const expectation = valid ? true : INVALID.has(code) ? false : code;
  const check = (result, where) => {
    if (typeof expectation === "boolean") {
      assert.ok(result.ok, `${where}: rejected with ${result.code}`);
      assert.equal(result.value, expectation, where);
    } else {
      assert.ok(!result.ok, `${where}: expected rejection with ${expectation}`);
      assert.equal(result.code, expectation, where);
    }
  };
  let runs = 0;
  const secret = c.secrets[0];
  for (const [formName, headers] of forms) {
    if (formName === "pairs") continue;
    const bodies = formName === "Headers" ? [body, "request"] : [body];
    for (const b of bodies) {
      const request =
        b === "request"
          ? new Request("http://127.0.0.1/webhook", { method: "POST", headers, body })
          : { headers, body: b };
      // An empty body makes the original take its field form; so do we.
      if (!request.body) continue;
      const where = `validateWebhook(${b === "request" ? "Request" : formName})`;
      check(await atAsync(c.now, () => outcomeAsync(() => validateWebhook(request, secret))), where);
      runs++;
    }
  }
  // The field form has no header lookup: only cases without aliases or duplicates.
  const names = c.headers.map(([name]) => name.toLowerCase());
  if (!c.flags.includes("svix-alias") && new Set(names).size === names.length) {
    const fields = {
      id: firstValue(c.headers, "webhook-id"),
      timestamp: firstValue(c.headers, "webhook-timestamp"),
      signature: firstValue(c.headers, "webhook-signature"),
      body,
      secret,
    };
    check(await atAsync(c.now, () => outcomeAsync(() => validateWebhook(fields))), "validateWebhook(fields)");
    runs++;
  }
  return runs;
}

function checkParse(c, body) {
  for (const form of [body, typeof body === "string" ? new TextEncoder().encode(body) : body]) {
    const result = outcome(() => parsePayload(form));
    expectOutcome(result, c.expected, "parsePayload");
    if (result.ok) expectPayload(result.value, c.expected.payload, "parsePayload");
  }
}

function checkSign(c, body) {
  const secret = c.secrets[0];
  const made = outcome(() => new Webhook(secret));
  const signed = outcome(() => signWebhook({ secret, body, id: c.msg_id, timestamp: c.timestamp }));
  if (!c.expected.ok) {
    expectOutcome(made, c.expected, "new Webhook");
    expectOutcome(signed, c.expected, "signWebhook");
    return;
  }
  const webhook = made.value;
  assert.equal(webhook.sign(c.msg_id, c.timestamp, body), c.expected.signature, "Webhook.sign(seconds)");
  const date = new Date(c.timestamp * 1000);
  if (!Number.isNaN(date.getTime())) {
    assert.equal(webhook.sign(c.msg_id, date, body), c.expected.signature, "Webhook.sign(Date)");
  }
  assert.ok(signed.ok, `signWebhook: ${signed.code}`);
  assert.deepEqual(signed.value, {
    "webhook-id": c.msg_id,
    "webhook-timestamp": String(c.timestamp),
    "webhook-signature": c.expected.signature,
  });
}

const counts = { cases: 0, validate: 0, stream: 0 };

for (const file of vectorFiles()) {
  describe(file.name, () => {
    for (const c of file.cases) {
      test(c.id, async () => {
        counts.cases++;
        if (!c.expected.ok) assert.ok(errorCodes.includes(c.expected.code), `unknown code ${c.expected.code}`);
        const body = bodyOf(c);
        switch (c.mode) {
          case "verify":
          case "verify_and_parse": {
            const forms = headerForms(c.headers);
            checkWebhook(c, body, forms);
            checkVerifyWebhook(c, body, forms);
            await checkVerifyStream(c, body, forms);
            counts.stream++;
            counts.validate += await checkValidateWebhook(c, body, forms);
            break;
          }
          case "parse":
            checkParse(c, body);
            break;
          case "sign":
            checkSign(c, body);
            break;
          default:
            assert.fail(`unknown mode ${c.mode}`);
        }
      });
    }
  });
}

test("the vectors exercised every entry point", () => {
  assert.ok(counts.cases > 0);
  assert.ok(counts.validate > 0);
  assert.ok(counts.stream > 0);
  assert.ok(WebhookVerificationError);
});
