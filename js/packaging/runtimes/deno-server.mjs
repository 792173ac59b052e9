// Deno consumer: serves the Cloudflare Worker example (copied next to this file
// as worker.mjs by ../run.mjs). The package resolves through node_modules.
import worker from "./worker.mjs";

const env = { REPLICATE_WEBHOOK_SECRET: Deno.env.get("REPLICATE_WEBHOOK_SECRET") };
Deno.serve({ hostname: "127.0.0.1", port: Number(Deno.env.get("PORT")), onListen() {} }, (request) =>
  worker.fetch(request, env),
);
