// Size of what the package's runtime code loads, raw and gzip -9, per file and
// in total (issue 7's budget: under 100 KB gzipped). Run after `make js`:
//   node scripts/size.mjs [--json]
// Also used by test/size.test.mjs, which enforces the budget.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** Every file an entry loads at run time (types and package.json excluded). */
export const RUNTIME_FILES = ["webhook_bg.wasm", "node.cjs", "node.mjs", "core.mjs", "edge.mjs", "init.mjs"];

/** 100 KB, in the units the issue counts (1 KB = 1000 bytes). */
export const BUDGET = 100_000;

export function sizes(dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist")) {
  const files = RUNTIME_FILES.map((name) => {
    const data = readFileSync(join(dist, name));
    return { name, raw: data.length, gzip: gzipSync(data, { level: 9 }).length };
  });
  const total = files.reduce((sum, f) => ({ raw: sum.raw + f.raw, gzip: sum.gzip + f.gzip }), { raw: 0, gzip: 0 });
  return { files, total };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, total } = sizes();
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify({ files, total }, null, 2));
  } else {
    const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
    console.log("| file | raw | gzip -9 |\n|---|---:|---:|");
    for (const f of files) console.log(`| ${f.name} | ${kb(f.raw)} | ${kb(f.gzip)} |`);
    console.log(`| **total** | ${kb(total.raw)} | **${kb(total.gzip)}** |`);
  }
}
