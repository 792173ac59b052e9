// The package's entries, loaded as a user would (by package name): the
// `require` and `import` entries share one instance, and `replicate-webhooks/init`
// initializes from every input form it documents. Each case runs in a fresh
// process, since initialization is once per process.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");

function node(source, type = "module") {
  return execFileSync(process.execPath, [`--input-type=${type}`, "-e", source], {
    cwd: pkgDir,
    encoding: "utf8",
  }).trim();
}

const CHECK = `
  const wh = new Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", { toleranceSeconds: null });
  const out = wh.verify('{"test": 2432232314}', {
    "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
    "webhook-timestamp": "1614265330",
    "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
  });
  console.log(JSON.stringify(out));
`;

test("require and import give the same instance (no dual-package hazard)", () => {
  const out = node(`
    import { createRequire } from "node:module";
    import * as esm from "replicate-webhooks";
    const cjs = createRequire(import.meta.url)("replicate-webhooks");
    console.log(esm.Webhook === cjs.Webhook && esm.WebhookVerificationError === cjs.WebhookVerificationError);
  `);
  assert.equal(out, "true");
});

test("the CommonJS entry works from plain require", () => {
  assert.equal(node(`const { Webhook } = require("replicate-webhooks");${CHECK}`, "commonjs"), '{"test":2432232314}');
});

// The wasm through its public subpath, as a bundler-less user would find it.
const wasmPath = 'new URL(import.meta.resolve("replicate-webhooks/webhook_bg.wasm"))';
const inputs = {
  "bytes (initSync)": `initSync(readFileSync(${wasmPath}));`,
  "bytes (init)": `await init(readFileSync(${wasmPath}));`,
  "a WebAssembly.Module": `await init(new WebAssembly.Module(readFileSync(${wasmPath})));`,
  "{ default: Module } (initSync)": `initSync({ default: new WebAssembly.Module(readFileSync(${wasmPath})) });`,
  "a Response": `await init(new Response(readFileSync(${wasmPath}), { headers: { "content-type": "application/wasm" } }));`,
  "a promise of an ArrayBuffer": `await init(Promise.resolve(readFileSync(${wasmPath}).buffer.slice(0)));`,
};

for (const [name, call] of Object.entries(inputs)) {
  test(`replicate-webhooks/init from ${name}`, () => {
    const out = node(`
      import { readFileSync } from "node:fs";
      import { init, initSync, Webhook, errorCodes } from "replicate-webhooks/init";
      try { new Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"); console.log("no error before init"); }
      catch (error) { if (!/not initialized/.test(error.message)) throw error; }
      ${call}
      await init(); // later calls are no-ops
      if (!errorCodes.includes("invalid_body")) throw new Error("errorCodes not set");
      ${CHECK}
    `);
    assert.equal(out, '{"test":2432232314}');
  });
}

test("the inlined wasm loads without the host's zlib too (tiny-inflate fallback)", () => {
  const out = node(`delete process.getBuiltinModule; const { Webhook } = require("replicate-webhooks");${CHECK}`, "commonjs");
  assert.equal(out, '{"test":2432232314}');
});
