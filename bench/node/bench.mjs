// Node benchmark: replicate-webhooks vs the libraries users would otherwise
// pick, in one process, interleaved. Run by `make bench-js` (mk/bench.mk),
// which installs our package from the packed js/ tarball and builds the wasm
// ceiling modules first:
//
//   node bench.mjs --out FILE.json --ceiling NAME=PATH.wasm [...] [--quick]
//
// Every case is checked for the right answer before it is timed. Each sample
// is a calibrated batch of calls (~SAMPLE_MS); the cases of one body size take
// turns, round after round, so a burst of load from other processes on this
// shared machine hits them alike. Figures are medians; bench/report.py turns
// them into ratios.

import { createHmac, timingSafeEqual } from "node:crypto";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";

import * as ours from "replicate-webhooks";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { validateWebhook } from "replicate";

const require = createRequire(import.meta.url);
const args = parseArgs(process.argv.slice(2));
const QUICK = args.quick;
const SAMPLE_MS = QUICK ? 4 : 10;
const ROUNDS = QUICK ? 5 : 21;
// Long enough for V8 to tier every hot function (JS and wasm) up to TurboFan:
// a wasm function still in Liftoff runs several times slower.
const WARM_MS = QUICK ? 20 : 80;

const SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
const KEY = Buffer.from(SECRET.slice("whsec_".length), "base64");
const MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const WRONG = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
const SIZES = [
  ["200B", 200],
  ["2KB", 2048],
  ["64KB", 65536],
  ["1MB", 1048576],
];

// ---------------------------------------------------------------------------
// Inputs

/** A prediction body of exactly `size` bytes (ASCII), padded in `logs`. */
function bodyOf(size) {
  const prediction = {
    id: "gm3qorzdhgbfurvjtvhg6dckhu",
    model: "stability-ai/sdxl",
    version: "39ed52f2a78e934b3ba6e2a89f5b1c712de7dfea535525255b1aa35c5565e08b",
    status: "succeeded",
    input: { prompt: "an astronaut riding a horse" },
    output: ["https://replicate.delivery/pbxt/out-0.png"],
    error: null,
    logs: "",
    metrics: { predict_time: 4.52, total_time: 4.61 },
    created_at: "2023-09-08T16:19:34.765994Z",
    urls: { get: "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu" },
  };
  // Small bodies keep the fields a terminal webhook always has.
  for (const optional of ["urls", "created_at", "metrics", "input", "model", "version", "error"]) {
    if (JSON.stringify(prediction).length <= size) break;
    delete prediction[optional];
  }
  const pad = size - JSON.stringify(prediction).length;
  const line = "step 1/50: denoising... ";
  prediction.logs = line.repeat(Math.ceil(pad / line.length)).slice(0, pad);
  const body = JSON.stringify(prediction);
  if (body.length !== size) throw new Error(`body is ${body.length} bytes, wanted ${size}`);
  return body;
}

/** Headers signed independently of every library measured (node:crypto). */
function headersFor(body, timestamp) {
  const tag = createHmac("sha256", KEY).update(`${MSG_ID}.${timestamp}.${body}`).digest("base64");
  return {
    "content-type": "application/json",
    "webhook-id": MSG_ID,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": `v1,${tag}`,
  };
}

// ---------------------------------------------------------------------------
// The hand-written node:crypto verifier: the same checks a careful user writes
// (headers present, ±300 s window, every v1 entry, constant-time compare).

function handWritten(body, headers, parse) {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signatures = headers["webhook-signature"];
  if (!id || !timestamp || !signatures) throw new Error("missing header");
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(Math.floor(Date.now() / 1000) - seconds) > 300) {
    throw new Error("timestamp outside the window");
  }
  const expected = createHmac("sha256", KEY).update(`${id}.${timestamp}.`).update(body).digest();
  for (const entry of signatures.split(" ")) {
    const comma = entry.indexOf(",");
    if (comma < 0 || entry.slice(0, comma) !== "v1") continue;
    const given = Buffer.from(entry.slice(comma + 1), "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected)) {
      return parse ? JSON.parse(body) : undefined;
    }
  }
  throw new Error("no matching signature");
}

// ---------------------------------------------------------------------------
// The wasm ceiling: raw HMAC-SHA256 of the same hmac/sha2 crates, bare.

function loadCeiling(path) {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path)), {});
  let base = exports.buffer(KEY.length);
  new Uint8Array(exports.memory.buffer, base + 32, KEY.length).set(KEY);
  if (exports.set_key(KEY.length) !== 1) throw new Error(`${path}: set_key failed`);
  return {
    /** Put `id.timestamp.body` in wasm memory once; returns the call to time. */
    prepare(body, headers) {
      const message = Buffer.from(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`);
      base = exports.buffer(message.length);
      new Uint8Array(exports.memory.buffer, base + 32, message.length).set(message);
      const length = message.length;
      const call = () => exports.hmac(length);
      if (call() !== 1) throw new Error(`${path}: hmac failed`);
      const tag = Buffer.from(new Uint8Array(exports.memory.buffer, base, 32)).toString("base64");
      if (`v1,${tag}` !== headers["webhook-signature"]) throw new Error(`${path}: wrong tag`);
      return call;
    },
  };
}

// ---------------------------------------------------------------------------
// Cases. `parse`: whether the call returns the parsed JSON body.

const oursWebhook = new ours.Webhook(SECRET);
const standard = new StandardWebhook(SECRET);
const svix = new SvixWebhook(SECRET);
const ceilings = Object.entries(args.ceiling).map(([name, path]) => [name, loadCeiling(path)]);

function acceptCases(body, headers) {
  const buffer = Buffer.from(body);
  const cases = [
    { name: "ours Webhook.verify", parse: true, fn: () => oursWebhook.verify(body, headers) },
    {
      name: "ours Webhook.verify jsonParse:false",
      parse: false,
      fn: () => oursWebhook.verify(body, headers, { jsonParse: false }),
    },
    {
      name: "ours Webhook.verify jsonParse:false (Buffer body)",
      parse: false,
      fn: () => oursWebhook.verify(buffer, headers, { jsonParse: false }),
    },
    { name: "ours verifyWebhook", parse: "event", fn: () => ours.verifyWebhook({ body, headers, secret: SECRET }) },
    { name: "standardwebhooks verify", parse: true, fn: () => standard.verify(body, headers) },
    {
      name: "standardwebhooks verify jsonParse:false",
      parse: false,
      fn: () => standard.verify(body, headers, { jsonParse: false }),
    },
    { name: "svix verify", parse: true, fn: () => svix.verify(body, headers) },
    {
      name: "replicate validateWebhook",
      parse: false,
      async: true,
      fn: () => validateWebhook({ body, headers }, SECRET),
    },
    { name: "node:crypto hand-written + JSON.parse", parse: true, fn: () => handWritten(body, headers, true) },
    { name: "node:crypto hand-written", parse: false, fn: () => handWritten(body, headers, false) },
  ];
  for (const [name, ceiling] of ceilings) {
    cases.push({ name: `wasm ceiling ${name}`, parse: false, raw: true, fn: ceiling.prepare(body, headers) });
  }
  return cases;
}

function rejectCases(body, headers) {
  const bad = { ...headers, "webhook-signature": WRONG };
  const throws = (fn) => () => {
    try {
      fn();
    } catch (error) {
      return error;
    }
    throw new Error("accepted a wrong signature");
  };
  return [
    { name: "ours Webhook.verify", fn: throws(() => oursWebhook.verify(body, bad)) },
    { name: "ours verifyWebhook", fn: throws(() => ours.verifyWebhook({ body, headers: bad, secret: SECRET })) },
    { name: "standardwebhooks verify", fn: throws(() => standard.verify(body, bad)) },
    { name: "svix verify", fn: throws(() => svix.verify(body, bad)) },
    {
      name: "replicate validateWebhook",
      async: true,
      fn: async () => {
        if ((await validateWebhook({ body, headers: bad }, SECRET)) !== false) throw new Error("accepted");
        return false;
      },
    },
    { name: "node:crypto hand-written", fn: throws(() => handWritten(body, bad, false)) },
  ];
}

/** Run each case once and check its answer; throws on any surprise. */
async function check(cases, body, reject) {
  const expected = JSON.parse(body);
  for (const c of cases) {
    const result = c.async ? await c.fn() : c.fn();
    if (reject) {
      if (c.name.startsWith("ours") && !(result instanceof ours.WebhookVerificationError)) {
        throw new Error(`${c.name}: wrong rejection ${result}`);
      }
      continue;
    }
    if (c.raw) continue;
    if (c.name === "replicate validateWebhook") {
      if (result !== true) throw new Error(`${c.name}: rejected a valid webhook`);
    } else if (c.parse === "event") {
      if (result.payload.id !== expected.id || result.kind !== "prediction") throw new Error(`${c.name}: wrong event`);
    } else if (c.parse) {
      if (JSON.stringify(result) !== body) throw new Error(`${c.name}: wrong parse`);
    } else if (result !== undefined) {
      throw new Error(`${c.name}: returned ${typeof result}`);
    }
  }
}

// ---------------------------------------------------------------------------
// Timing

/** One batch of `n` calls: [CPU ms, wall ms]. CPU time (the whole process, so
 *  GC and thread-pool work count) leaves out the time this process waited for
 *  a CPU while other jobs ran on this shared machine. */
async function batch(c, n) {
  const fn = c.fn;
  const cpu = process.cpuUsage();
  const start = performance.now();
  if (c.async) {
    for (let i = 0; i < n; i++) await fn();
  } else {
    for (let i = 0; i < n; i++) fn();
  }
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return [(used.user + used.system) / 1000, wall];
}

/** Calls per sample so one sample takes about SAMPLE_MS (warms up too). */
async function calibrate(c) {
  let n = 1;
  for (;;) {
    const [, ms] = await batch(c, n);
    if (ms >= SAMPLE_MS / 4 || n >= 1 << 24) return Math.max(1, Math.round((n * SAMPLE_MS) / Math.max(ms, 1e-3)));
    n *= 4;
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Interleaved rounds over `cases`; adds median_ns and samples to each. */
async function measure(cases) {
  for (const c of cases) {
    c.n = await calibrate(c);
    const warmUntil = performance.now() + WARM_MS;
    while (performance.now() < warmUntil) await batch(c, c.n);
    c.samples = [];
    c.wall = [];
  }
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order so no case always runs right after the same neighbour.
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(k + round) % cases.length];
      const [cpu, wall] = await batch(c, c.n);
      c.samples.push((cpu * 1e6) / c.n);
      c.wall.push((wall * 1e6) / c.n);
    }
  }
  for (const c of cases) {
    c.median_ns = median(c.samples);
    c.wall_median_ns = median(c.wall);
  }
}

// ---------------------------------------------------------------------------
// Cold start: a fresh process per sample (V8 caches compiled wasm in-process).

function coldStart() {
  const wasmPath = require.resolve("replicate-webhooks/webhook_bg.wasm");
  // Two scripts, each in its own process: V8 may reuse a module compiled from
  // the same bytes earlier in a process, which would flatter the second one.
  const instantiate = `
    const bytes = require("node:fs").readFileSync(${JSON.stringify(wasmPath)});
    const cpu = process.cpuUsage();
    const t = performance.now();
    const mod = new WebAssembly.Module(bytes);
    const compile = performance.now() - t;
    const imports = {};
    for (const i of WebAssembly.Module.imports(mod)) {
      (imports[i.module] ??= {})[i.name] = i.kind === "function" ? () => {} : undefined;
    }
    new WebAssembly.Instance(mod, imports);
    const instantiate = performance.now() - t;
    const used = process.cpuUsage(cpu);
    process.stdout.write(JSON.stringify({ compile, instantiate, cpu: (used.user + used.system) / 1000 }));`;
  const load = `
    let t = performance.now();
    const ours = require("replicate-webhooks");
    const load = performance.now() - t;
    const headers = ours.signWebhook({ secret: ${JSON.stringify(SECRET)}, body: "{}" });
    t = performance.now();
    new ours.Webhook(${JSON.stringify(SECRET)}).verify("{}", headers);
    const first = performance.now() - t;
    process.stdout.write(JSON.stringify({ load, first }));`;
  const spawn = (script) => {
    const out = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    if (out.status !== 0) throw new Error(`cold start failed: ${out.stderr}`);
    return JSON.parse(out.stdout);
  };
  const a = [];
  const b = [];
  for (let i = 0; i < (QUICK ? 3 : 9); i++) {
    a.push(spawn(instantiate));
    b.push(spawn(load));
  }
  return {
    wasm_compile_ms: median(a.map((r) => r.compile)),
    wasm_compile_instantiate_ms: median(a.map((r) => r.instantiate)),
    wasm_compile_instantiate_cpu_ms: median(a.map((r) => r.cpu)),
    require_ms: median(b.map((r) => r.load)),
    first_verify_ms: median(b.map((r) => r.first)),
    runs: a.length,
  };
}

// ---------------------------------------------------------------------------

function parseArgs(argv) {
  const out = { quick: false, out: null, ceiling: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--quick") out.quick = true;
    else if (arg === "--out") out.out = argv[++i];
    else if (arg === "--ceiling") {
      const [name, path] = argv[++i].split("=");
      out.ceiling[name] = path;
    } else throw new Error(`unknown argument ${arg}`);
  }
  return out;
}

function version(name) {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")).version;
}

const started = performance.now();
const loadBefore = loadavg()[0];
const results = [];
for (const [label, size] of SIZES) {
  const body = bodyOf(size);
  const headers = headersFor(body, Math.floor(Date.now() / 1000));
  const cases = acceptCases(body, headers);
  await check(cases, body, false);
  await measure(cases);
  for (const c of cases) results.push({ group: "verify", size: label, bytes: size, name: c.name, parse: c.parse, median_ns: c.median_ns, wall_median_ns: c.wall_median_ns, samples_ns: c.samples, wall_samples_ns: c.wall, calls_per_sample: c.n });
  process.stderr.write(`node ${label}: ${cases.length} cases\n`);
}
{
  const body = bodyOf(2048);
  const headers = headersFor(body, Math.floor(Date.now() / 1000));
  const cases = rejectCases(body, headers);
  await check(cases, body, true);
  await measure(cases);
  for (const c of cases) results.push({ group: "reject", size: "2KB", bytes: 2048, name: c.name, median_ns: c.median_ns, wall_median_ns: c.wall_median_ns, samples_ns: c.samples, wall_samples_ns: c.wall, calls_per_sample: c.n });
  process.stderr.write(`node reject: ${cases.length} cases\n`);
}
const cold = coldStart();

const report = {
  node: process.version,
  v8: process.versions.v8,
  versions: {
    "replicate-webhooks": version("replicate-webhooks"),
    standardwebhooks: version("standardwebhooks"),
    svix: version("svix"),
    replicate: version("replicate"),
  },
  rounds: ROUNDS,
  sample_ms: SAMPLE_MS,
  results,
  cold,
  seconds: (performance.now() - started) / 1000,
  loadavg: [loadBefore, loadavg()[0]],
};
const json = JSON.stringify(report, null, 1);
if (args.out) writeFileSync(args.out, json);
else process.stdout.write(json);
