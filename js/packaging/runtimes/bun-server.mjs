// Bun consumer: serves the Cloudflare Worker example (copied next to this file
// as worker.mjs by ../run.mjs).
import worker from "./worker.mjs";

const env = { REPLICATE_WEBHOOK_SECRET: process.env.REPLICATE_WEBHOOK_SECRET };
Bun.serve({ hostname: "127.0.0.1", port: Number(process.env.PORT), fetch: (request) => worker.fetch(request, env) });
