// Replay protection with a shared store: a fetch-API handler (Workers, Deno,
// Bun, Next.js App Router) that processes each webhook id at most once across
// processes, using Redis (node-redis v4/v5 or ioredis-style `exists`/`set`).
import { ReplayGuard, WebhookVerificationError, verifyRequest } from "replicate-webhooks";

/** A ReplayStore over Redis: Redis expires the keys itself. */
export function redisStore(redis, prefix = "replicate-webhook:") {
  return {
    has: async (id) => (await redis.exists(prefix + id)) === 1,
    commit: async (id, ttlSeconds) => {
      await redis.set(prefix + id, "1", { EX: ttlSeconds });
    },
  };
}

/** A handler that runs `process(event)` once per webhook id. */
export function webhookHandler({ redis, secret, process }) {
  const guard = new ReplayGuard(redisStore(redis)); // default window: 300 s, as the verifier's
  return async (request) => {
    try {
      const event = await verifyRequest(request, secret);
      // Commits the id only if `process` resolves: a failed attempt is retried by Replicate.
      await guard.run(event, process);
      return Response.json({ processed: event.id });
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        // Already processed: acknowledge, so Replicate stops retrying.
        if (error.code === "replayed") return Response.json({ duplicate: true });
        return Response.json({ error: error.code }, { status: 401 });
      }
      // Not committed: Replicate's retry will be processed.
      return Response.json({ error: "try again later" }, { status: 500 });
    }
  };
}
