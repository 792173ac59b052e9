// Shared by the test files: the vectors, and a clock the API can be pinned to.

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const vectorsDir = join(repoRoot, "tests", "vectors");

/** Every vector file (but schema.json) with its cases; fails on an empty file. */
export function vectorFiles() {
  const names = readdirSync(vectorsDir)
    .filter((name) => name.endsWith(".json") && name !== "schema.json")
    .sort();
  if (names.length === 0) throw new Error(`no vector files in ${vectorsDir}`);
  return names.map((name) => {
    const data = JSON.parse(readFileSync(join(vectorsDir, name), "utf8"));
    if (!Array.isArray(data.cases) || data.cases.length === 0) throw new Error(`${name} has no cases`);
    return { name, cases: data.cases };
  });
}

/** The body of a case: a string for text bodies, a Buffer for base64 ones. */
export function bodyOf(c) {
  if (typeof c.body === "string") return c.body;
  if (typeof c.body_base64 === "string") return Buffer.from(c.body_base64, "base64");
  if (c.body_repeat) return c.body_repeat.text.repeat(c.body_repeat.count);
  throw new Error(`case ${c.id} has no body`);
}

/** Run `fn` with Date.now() pinned to `seconds`. */
export function at(seconds, fn) {
  const real = Date.now;
  Date.now = () => seconds * 1000;
  try {
    return fn();
  } finally {
    Date.now = real;
  }
}

export async function atAsync(seconds, fn) {
  const real = Date.now;
  Date.now = () => seconds * 1000;
  try {
    return await fn();
  } finally {
    Date.now = real;
  }
}

/** Outcome of a call as { ok, value } or { ok: false, code }; non-API errors rethrown. */
export function outcome(fn) {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    if (error && error.name === "WebhookVerificationError") return { ok: false, code: error.code };
    throw error;
  }
}

export async function outcomeAsync(fn) {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (error && error.name === "WebhookVerificationError") return { ok: false, code: error.code };
    throw error;
  }
}

/** The error codes of the Rust core, read from its source (`ErrorCode::as_str`). */
export function coreErrorCodes() {
  const source = readFileSync(join(repoRoot, "crates/replicate-webhooks/src/error.rs"), "utf8");
  const all = source.match(/pub const ALL: &'static \[ErrorCode\] = &\[([\s\S]*?)\];/);
  if (!all) throw new Error("ErrorCode::ALL not found in error.rs");
  const variants = [...all[1].matchAll(/ErrorCode::(\w+)/g)].map((m) => m[1]);
  const strings = new Map(
    [...source.matchAll(/ErrorCode::(\w+) => "([a-z_]+)"/g)].map((m) => [m[1], m[2]]),
  );
  return variants.map((variant) => {
    const code = strings.get(variant);
    if (!code) throw new Error(`no as_str for ErrorCode::${variant}`);
    return code;
  });
}
