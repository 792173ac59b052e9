// Packaging tests: the package as users install it, in real runtimes.
//
//   node packaging/run.mjs            (from js/, after `make js`; `make test-js-runtimes`)
//
// 1. `npm pack` the package and check the tarball's file list.
// 2. In each consumer folder (own package.json + package-lock.json): `npm ci`
//    when the lock changed, then `npm install --no-save <tarball>`.
// 3. Start real servers on 127.0.0.1 — Node CJS (node:http), Node ESM (the
//    Express example), Next.js (`next build` + `next start`, the route example
//    on the nodejs and edge runtimes), workerd (the Worker example), Deno and
//    Bun (the Worker example) — and send each real signed HTTP requests:
//    valid ones must get 200 with the echoed id/status, tampered ones 401 with
//    the error code. Signatures are made here with node:crypto, independently
//    of the package.
// 4. Type-check a TypeScript consumer under nodenext and bundler resolution.
//
// Prints one line per check and "N passed, N failed" at the end; exit 1 on failure.

import { spawn, spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, openSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, "..");
const work = join(here, ".work");
const examples = join(pkgDir, "examples");
const runtimes = join(here, "runtimes");
const nextApp = join(here, "nextjs");

const SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
const KEY = Buffer.from(SECRET.slice("whsec_".length), "base64");
const only = process.env.RUNTIMES ? new Set(process.env.RUNTIMES.split(",")) : null;

let passed = 0;
let failed = 0;
const started = [];
const t0 = Date.now();

function log(line) {
  console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${line}`);
}

function ok(name) {
  passed++;
  log(`ok   ${name}`);
}

function fail(name, why) {
  failed++;
  log(`FAIL ${name}: ${why}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Start a server process in its own process group; its output goes to .work/<name>.log. */
function start(name, command, args, options) {
  const logFile = join(work, `${name}.log`);
  const out = openSync(logFile, "w");
  const child = spawn(command, args, { stdio: ["ignore", out, out], detached: true, ...options });
  started.push(child);
  child.logFile = logFile;
  return child;
}

function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // Already gone.
  }
}

async function waitFor(url, child, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${readFileSync(child.logFile, "utf8").slice(-2000)}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  throw new Error(`not up after ${seconds} s: ${readFileSync(child.logFile, "utf8").slice(-2000)}`);
}

/** Standard Webhooks headers, signed here with node:crypto. */
function sign(body, { id = "msg_2VkB7uPzq8nW3xYtR5mLcJd0fzz", timestamp = Math.floor(Date.now() / 1000) } = {}) {
  const mac = createHmac("sha256", KEY).update(`${id}.${timestamp}.`).update(body).digest("base64");
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": `v1,${mac}` };
}

const prediction = JSON.stringify({
  id: "gm3qorzdhgbfurvjtvhg6dckhu",
  status: "succeeded",
  output: ["https://replicate.delivery/out-0.png"],
  metrics: { predict_time: 4.5 },
  urls: { get: "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu" },
});
const training = JSON.stringify({
  id: "zz4ibbonubfz7carwiefibzgga",
  status: "processing",
  destination: "me/my-model",
  urls: { get: "https://api.replicate.com/v1/trainings/zz4ibbonubfz7carwiefibzgga" },
});

/** The requests every server must answer, with the expected status and JSON. */
function requests() {
  const stale = Math.floor(Date.now() / 1000) - 3600;
  return [
    ["valid prediction", prediction, sign(prediction), 200, { id: "gm3qorzdhgbfurvjtvhg6dckhu", status: "succeeded" }],
    ["valid training", training, sign(training), 200, { id: "zz4ibbonubfz7carwiefibzgga", status: "processing" }],
    ["tampered body", prediction.replace("succeeded", "failed"), sign(prediction), 401, { error: "no_matching_signature" }],
    ["stale timestamp", prediction, sign(prediction, { timestamp: stale }), 401, { error: "timestamp_too_old" }],
    ["missing signature", prediction, { ...sign(prediction), "webhook-signature": "" }, 401, { error: "missing_header" }],
  ];
}

async function exercise(name, url) {
  for (const [what, body, headers, status, expected] of requests()) {
    const check = `${name}: ${what} → ${status}`;
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", ...headers },
        signal: AbortSignal.timeout(15000),
      });
      const text = await response.text();
      let json;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      const matches = response.status === status && Object.entries(expected).every(([k, v]) => json && json[k] === v);
      if (matches) ok(check);
      else fail(check, `got ${response.status} ${text.slice(0, 300)}`);
    } catch (error) {
      fail(check, error.message);
    }
  }
}

async function server(name, command, args, options, path = "/") {
  if (only && !only.has(name.split(" ")[0])) return;
  const port = await freePort();
  const child = start(name.replace(/\W+/g, "-"), command, typeof args === "function" ? args(port) : args, {
    ...options,
    env: { ...process.env, ...options.env, PORT: String(port), REPLICATE_WEBHOOK_SECRET: SECRET },
  });
  const url = `http://127.0.0.1:${port}${path}`;
  try {
    await waitFor(url, child, 60);
    await exercise(name, url);
  } catch (error) {
    fail(`${name}: start`, error.message);
  } finally {
    stop(child);
  }
}

// -- 1. pack --------------------------------------------------------------------

function pack() {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const output = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work], { cwd: pkgDir }));
  const files = output[0].files.map((f) => f.path).sort();
  const expected = [
    "README.md",
    "dist/core.mjs",
    "dist/edge.mjs",
    "dist/index.d.cts",
    "dist/index.d.mts",
    "dist/index.d.ts",
    "dist/init.d.mts",
    "dist/init.mjs",
    "dist/node.cjs",
    "dist/node.mjs",
    "dist/webhook_bg.wasm",
    "package.json",
  ];
  if (JSON.stringify(files) === JSON.stringify(expected)) ok(`npm pack: ${output[0].filename}, ${files.length} files, ${output[0].size} bytes`);
  else fail("npm pack file list", JSON.stringify(files));
  return join(work, output[0].filename);
}

// -- 2. install -----------------------------------------------------------------

const NPM_QUIET = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];

function install(folder, tarball) {
  const marker = join(folder, "node_modules", ".package-lock.json");
  const lock = join(folder, "package-lock.json");
  if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
    log(`npm ci in ${folder}`);
    // --prefer-offline: everything the lock file names comes from npm's cache
    // when it is there (no revalidation round trips). Install scripts stay on:
    // with --ignore-scripts, bun's launcher refuses to start on a fresh install.
    run("npm", ["ci", ...NPM_QUIET], { cwd: folder });
  }
  run("npm", ["install", "--no-save", ...NPM_QUIET, tarball], { cwd: folder });
  const installed = JSON.parse(readFileSync(join(folder, "node_modules/replicate-webhooks/package.json"), "utf8"));
  ok(`installed replicate-webhooks@${installed.version} from the tarball into ${folder.slice(here.length + 1)}`);
}

// -- 3. runtimes ----------------------------------------------------------------

async function nodeConsumers() {
  copyFileSync(join(examples, "express.mjs"), join(runtimes, "express.mjs"));
  await server("node CJS (require, node:http)", process.execPath, ["node-server.cjs"], { cwd: runtimes });
  await server("node ESM (import, Express example)", process.execPath, ["express.mjs"], { cwd: runtimes }, "/webhooks/replicate");
}

async function fetchRuntimes() {
  copyFileSync(join(examples, "cloudflare-worker.mjs"), join(runtimes, "worker.mjs"));
  const bin = (name) => join(runtimes, "node_modules", ".bin", name);
  await server("deno (Worker example)", bin("deno"), ["run", "--allow-net", "--allow-env", "deno-server.mjs"], {
    cwd: runtimes,
    env: { DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
  });
  await server("bun (Worker example)", bin("bun"), ["bun-server.mjs"], { cwd: runtimes });
  if (only && !only.has("workerd")) return;
  // Bundle the Worker as wrangler does: "workerd" condition, the wasm left as a module.
  const out = join(work, "workerd");
  mkdirSync(out, { recursive: true });
  run(bin("esbuild"), [
    "worker.mjs",
    "--bundle",
    "--format=esm",
    "--platform=neutral",
    "--conditions=workerd,worker,browser",
    "--external:*.wasm?module",
    `--outfile=${join(out, "worker.mjs")}`,
    "--log-level=warning",
  ], { cwd: runtimes });
  const bundle = readFileSync(join(out, "worker.mjs"), "utf8");
  if (bundle.includes("webhook_bg.wasm?module") && !bundle.includes("wasmDeflated")) ok("workerd: bundle uses the workerd entry (wasm as a module)");
  else fail("workerd: bundle", "did not pick dist/edge.mjs");
  copyFileSync(join(runtimes, "node_modules/replicate-webhooks/dist/webhook_bg.wasm"), join(out, "webhook_bg.wasm"));
  await server("workerd (Worker example)", bin("workerd"), (port) => [
    "serve",
    "workerd.capnp",
    `--socket-addr=http=127.0.0.1:${port}`,
    "--experimental",
  ], { cwd: runtimes });
}

async function nextjs() {
  if (only && !only.has("next")) return;
  const source = readFileSync(join(examples, "nextjs-route.ts"), "utf8");
  if (!source.includes('export const runtime = "nodejs";')) throw new Error("the Next.js example must declare its runtime");
  for (const runtime of ["nodejs", "edge"]) {
    const dir = join(nextApp, "app", "api", "webhooks", runtime);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "route.ts"), source.replace('export const runtime = "nodejs";', `export const runtime = "${runtime}";`));
  }
  const next = join(nextApp, "node_modules", ".bin", "next");
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  for (const bundler of (process.env.NEXT_BUNDLERS ?? "turbopack,webpack").split(",")) {
    rmSync(join(nextApp, ".next"), { recursive: true, force: true });
    try {
      run(next, ["build", ...(bundler === "webpack" ? ["--webpack"] : [])], { cwd: nextApp, env });
      ok(`next build (${bundler}, type-checks the route example)`);
      // The edge route must have picked the edge-light entry: the wasm as a module, not inlined.
      const manifest = JSON.parse(readFileSync(join(nextApp, ".next/server/middleware-manifest.json"), "utf8"));
      const edge = manifest.functions["/api/webhooks/edge/route"];
      if (edge && edge.wasm.length > 0) ok(`next (${bundler}) edge route bundles the .wasm as a module`);
      else fail(`next (${bundler}) edge route`, `no wasm module in ${JSON.stringify(edge)}`);
    } catch (error) {
      fail(`next build (${bundler})`, error.message.slice(-3000));
      continue;
    }
    const port = await freePort();
    const child = start(`next-${bundler}`, next, ["start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: nextApp,
      env: { ...env, REPLICATE_WEBHOOK_SECRET: SECRET },
    });
    try {
      await waitFor(`http://127.0.0.1:${port}/api/webhooks/nodejs`, child, 60);
      for (const runtime of ["nodejs", "edge"]) {
        await exercise(`next (${bundler}) ${runtime} route`, `http://127.0.0.1:${port}/api/webhooks/${runtime}`);
      }
    } catch (error) {
      fail(`next start (${bundler})`, error.message);
    } finally {
      stop(child);
    }
  }
}

// -- 4. TypeScript ---------------------------------------------------------------

function typescript() {
  if (only && !only.has("typescript")) return;
  for (const mode of ["nodenext", "bundler"]) {
    try {
      run(join(runtimes, "node_modules", ".bin", "tsc"), ["-p", `types/tsconfig.${mode}.json`], { cwd: runtimes });
      ok(`TypeScript consumer type-checks (moduleResolution ${mode})`);
    } catch (error) {
      fail(`TypeScript (${mode})`, error.message);
    }
  }
}

// -------------------------------------------------------------------------------

process.on("exit", () => started.forEach(stop));
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => process.exit(130));
}

try {
  const tarball = pack();
  if (!only || [...only].some((r) => r !== "next")) install(runtimes, tarball);
  if (!only || only.has("next")) install(nextApp, tarball);
  typescript();
  await nodeConsumers();
  await fetchRuntimes();
  await nextjs();
} catch (error) {
  fail("setup", error.stack);
}
started.forEach(stop);
log(`runtimes done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
