// Cloudflare Worker (also runs as-is on Deno, Bun and any fetch-API runtime).
//   wrangler secret put REPLICATE_WEBHOOK_SECRET
// The package's `workerd` entry imports the .wasm as a module, as Workers require.
import { verifyRequest, WebhookVerificationError } from "replicate-webhooks";

export default {
  async fetch(request, env) {
    if (request.method !== "POST") return new Response("POST a Replicate webhook here\n", { status: 405 });
    try {
      // Reads the body once, verifies it, parses it; event.body is the raw text.
      const event = await verifyRequest(request, env.REPLICATE_WEBHOOK_SECRET);
      return Response.json({ id: event.payload.id, status: event.payload.status, kind: event.kind });
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        return Response.json({ error: error.code }, { status: 401 });
      }
      throw error;
    }
  },
};
