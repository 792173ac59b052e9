// verifyStream: every body source it takes, headers checked before the body is
// read, and a 100 MB body verified in constant memory (measured in a child
// process: peak RSS growth, not a heap estimate). The shared vectors run
// through it in vectors.test.mjs.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import { Webhook, WebhookVerificationError, signWebhook, verifyStream } from "replicate-webhooks";
import { receiveToFile } from "../examples/large-body.mjs";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const NOW = 1700000000;
const BODY = JSON.stringify({ id: "p1", status: "succeeded", output: "x".repeat(100_000) });
const HEADERS = signWebhook({ secret: SECRET, body: BODY, id: "msg_stream", timestamp: NOW });

async function codeOf(promise) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof WebhookVerificationError, `expected WebhookVerificationError, got ${error}`);
    return error.code;
  }
  assert.fail("expected an error");
}

/** A ReadableStream that records how much of it was pulled. */
function tracked(bytes, chunk = 1000) {
  const state = { pulled: 0 };
  let at = 0;
  // highWaterMark 0: nothing is pulled until someone reads.
  state.stream = new ReadableStream(
    {
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        const piece = bytes.slice(at, at + chunk);
        at += piece.length;
        state.pulled += piece.length;
        controller.enqueue(piece);
      },
    },
    { highWaterMark: 0 },
  );
  return state;
}

describe("verifyStream", () => {
  const bytes = new TextEncoder().encode(BODY);
  const verify = (body, extra = {}) => verifyStream({ secret: SECRET, headers: HEADERS, body, now: NOW, ...extra });

  test("takes a ReadableStream, a Node Readable, async and sync iterables, string chunks", async () => {
    async function* generated() {
      for (let at = 0; at < bytes.length; at += 4096) yield bytes.subarray(at, at + 4096);
    }
    const sources = [
      tracked(bytes).stream,
      new Blob([bytes]).stream(),
      new Response(BODY).body,
      Readable.from([Buffer.from(bytes.subarray(0, 10)), Buffer.from(bytes.subarray(10))]),
      Readable.from([BODY.slice(0, 77), BODY.slice(77)]), // strings: UTF-8
      generated(),
      [bytes.subarray(0, 5).buffer.slice(0, 5), new DataView(bytes.buffer, 5)], // ArrayBuffer, DataView
      [],
    ];
    for (const body of sources.slice(0, -1)) {
      assert.deepEqual(await verify(body), { id: "msg_stream", timestamp: NOW });
    }
    assert.equal(await codeOf(verify(sources.at(-1))), "no_matching_signature"); // an empty body
  });

  test("a chunk larger than the wasm piece size and one-byte chunks agree", async () => {
    assert.deepEqual(await verify([bytes]), { id: "msg_stream", timestamp: NOW });
    const small = new TextEncoder().encode('{"id":"p","status":"starting"}');
    const headers = signWebhook({ secret: SECRET, body: small, id: "msg_small", timestamp: NOW });
    const ones = Array.from(small, (byte) => new Uint8Array([byte]));
    assert.deepEqual(await verifyStream({ secret: SECRET, headers, body: ones, now: NOW }), { id: "msg_small", timestamp: NOW });
  });

  test("a changed body, secret or timestamp is rejected", async () => {
    const changed = bytes.slice();
    changed[50_000] ^= 1;
    assert.equal(await codeOf(verify([changed])), "no_matching_signature");
    assert.equal(await codeOf(verify([bytes], { secret: "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD" })), "no_matching_signature");
    assert.equal(await codeOf(verify([bytes], { now: NOW + 301 })), "timestamp_too_old");
    // Rotation: any of several secrets.
    assert.equal((await verify([bytes], { secret: undefined, secrets: ["whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", SECRET] })).id, "msg_stream");
  });

  test("headers are checked before the body is read", async () => {
    const cases = [
      [{ ...HEADERS, "webhook-signature": "" }, "missing_header"],
      [{ ...HEADERS, "webhook-timestamp": "soon" }, "invalid_timestamp"],
      [{ ...HEADERS, "webhook-timestamp": String(NOW - 3600) }, "timestamp_too_old"],
      [{ ...HEADERS, "webhook-signature": "v1,not-base64" }, "invalid_signature_header"],
    ];
    for (const [headers, code] of cases) {
      const source = tracked(bytes);
      assert.equal(await codeOf(verifyStream({ secret: SECRET, headers, body: source.stream, now: NOW })), code);
      assert.equal(source.pulled, 0, `${code}: nothing read`);
      assert.equal(source.stream.locked, false, `${code}: the stream is left to the caller`);
    }
  });

  test("a failing source rejects with its own error and the instance keeps working", async () => {
    async function* broken() {
      yield bytes.subarray(0, 10);
      throw new Error("connection reset");
    }
    await assert.rejects(verify(broken()), /connection reset/);
    assert.deepEqual(await verify([bytes]), { id: "msg_stream", timestamp: NOW });
  });

  test("wrong types are invalid_body / invalid_argument", async () => {
    for (const body of [BODY, bytes, null, 42, {}, undefined]) {
      assert.equal(await codeOf(verify(body)), "invalid_body", String(body).slice(0, 20));
    }
    assert.equal(await codeOf(verify([42])), "invalid_body");
    assert.equal(await codeOf(verify([bytes], { headers: "x" })), "invalid_argument");
    assert.equal(await codeOf(verify([bytes], { now: 1.5 })), "invalid_argument");
    assert.equal(await codeOf(verifyStream(null)), "invalid_argument");
    // Still usable.
    const webhook = new Webhook(SECRET, { toleranceSeconds: null });
    assert.equal(webhook.verify(BODY, HEADERS).id, "p1");
  });
});

describe("the README's large-body example (examples/large-body.mjs)", () => {
  test("stores a verified body, removes a forged one, reads nothing when the headers fail", async () => {
    const dir = mkdtempSync(join(tmpdir(), "replicate-webhooks-"));
    try {
      const body = JSON.stringify({ id: "t1", status: "succeeded", logs: "line\n".repeat(1_000_000) }); // 5 MB
      const headers = signWebhook({ secret: SECRET, body, id: "msg_large" });
      const request = (h, b = body) => new Request("http://127.0.0.1/", { method: "POST", body: b, headers: h });
      const path = join(dir, "body.json");
      assert.equal((await receiveToFile(request(headers), SECRET, path)).id, "msg_large");
      assert.equal(readFileSync(path, "utf8"), body);
      assert.equal(await codeOf(receiveToFile(request(headers, body.replace("t1", "t2")), SECRET, path)), "no_matching_signature");
      assert.ok(!existsSync(path), "a forged body is not kept");
      const stale = { ...headers, "webhook-timestamp": "1000" };
      const unread = request(stale);
      assert.equal(await codeOf(receiveToFile(unread, SECRET, path)), "timestamp_too_old");
      assert.equal(unread.bodyUsed, false, "nothing was read");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// 100 MB of generated body in 64 KB chunks. The parent signs it with
// node:crypto (independent of the package); the child only verifies it, so its
// peak RSS growth is what verifyStream costs (a body held in memory would add
// 100 MiB).
const BODY_GENERATOR = `
  const CHUNK = 1 << 16;
  const COUNT = 1600; // 1600 * 64 KiB = 100 MiB
  // reuse: one buffer refilled per chunk (no garbage, so the RSS measures
  // only the verifier; valid because each chunk is consumed before the next).
  function* body(tamper = -1, reuse = false) {
    const shared = Buffer.allocUnsafe(CHUNK);
    for (let i = 0; i < COUNT; i++) {
      const bytes = reuse ? shared : Buffer.allocUnsafe(CHUNK);
      bytes.fill(i % 251);
      bytes.writeUInt32BE(i, 0);
      if (i === tamper) bytes[100] ^= 1;
      yield bytes;
    }
  }
`;

const BIG = `
  import { Readable } from "node:stream";
  import { verifyStream } from "replicate-webhooks";
  ${BODY_GENERATOR}
  const headers = { "webhook-id": "msg_big", "webhook-timestamp": "1700000000", "webhook-signature": process.argv[1] };
  const options = { secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", headers, now: 1700000000 };
  const before = process.resourceUsage().maxRSS;
  const t = performance.now();
  const result = await verifyStream({ ...options, body: body(-1, true) });
  const ms = performance.now() - t;
  const peakGrowthKB = process.resourceUsage().maxRSS - before;
  // The same body as a Node Readable of fresh buffers, and tampered.
  const readable = await verifyStream({ ...options, body: Readable.from(body()) });
  let code = "none";
  try { await verifyStream({ ...options, body: body(1234, true) }); } catch (error) { code = error.code; }
  console.log(JSON.stringify({ result, readable, code, ms, bytes: CHUNK * COUNT, peakGrowthKB }));
`;

test("a 100 MB stream verifies with constant extra memory", (t) => {
  const body = new Function(`${BODY_GENERATOR}; return { body, CHUNK, COUNT };`)();
  const mac = createHmac("sha256", Buffer.from("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "base64")).update("msg_big.1700000000.");
  for (const piece of body.body()) mac.update(piece);
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", BIG, `v1,${mac.digest("base64")}`], {
    cwd: join(dirname(fileURLToPath(import.meta.url)), ".."),
    encoding: "utf8",
  });
  const report = JSON.parse(out);
  assert.deepEqual(report.result, { id: "msg_big", timestamp: 1700000000 });
  assert.deepEqual(report.readable, report.result);
  assert.equal(report.code, "no_matching_signature");
  assert.equal(report.bytes, 104_857_600);
  assert.ok(report.peakGrowthKB < 16 * 1024, `peak RSS grew by ${report.peakGrowthKB} KB`);
  t.diagnostic(`100 MiB in ${report.ms.toFixed(0)} ms, peak RSS growth ${(report.peakGrowthKB / 1024).toFixed(1)} MiB`);
});
