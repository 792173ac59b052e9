// The size budget of issue 7: every file the runtime code loads, gzip -9,
// under 100 KB in total (scripts/size.mjs prints the table).

import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { BUDGET, RUNTIME_FILES, sizes } from "../scripts/size.mjs";
import { repoRoot } from "./helpers.mjs";

test("every runtime file of dist/ is counted", () => {
  const shipped = readdirSync(join(repoRoot, "js/dist")).filter((name) => !/\.d\.[cm]?ts$/.test(name));
  assert.deepEqual(shipped.sort(), [...RUNTIME_FILES].sort());
});

test("the runtime files are under 100 KB gzipped in total", (t) => {
  const { files, total } = sizes(join(repoRoot, "js/dist"));
  t.diagnostic(files.map((f) => `${f.name} ${f.gzip}`).join(", ") + ` — total ${total.gzip} bytes gzipped`);
  assert.ok(total.gzip < BUDGET, `${total.gzip} bytes gzipped`);
});
