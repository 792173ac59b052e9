// Next.js App Router route handler: app/api/webhooks/replicate/route.ts
//
// Set REPLICATE_WEBHOOK_SECRET to your signing secret (`whsec_…`, from
// `GET https://api.replicate.com/v1/webhooks/default/secret`). Works on both
// runtimes: "nodejs" (the default) and "edge".
import { verifyWebhook, WebhookVerificationError } from "replicate-webhooks";

export const runtime = "nodejs";

export async function POST(request: Request): Promise<Response> {
  // The raw body: verify the exact bytes Replicate signed, then use the parsed payload.
  const body = await request.text();
  try {
    const event = verifyWebhook({
      body,
      headers: request.headers,
      secret: process.env.REPLICATE_WEBHOOK_SECRET ?? "",
    });
    // event.id (webhook-id) is the same across retries: use it to skip duplicates.
    if (event.kind === "prediction" && event.isTerminal) {
      // event.payload is a typed Prediction: output, metrics, error, urls…
      console.log(`prediction ${event.payload.id} ${event.payload.status}`);
    }
    return Response.json({ id: event.payload.id, status: event.payload.status, kind: event.kind });
  } catch (error) {
    if (error instanceof WebhookVerificationError) {
      // error.code is stable: "no_matching_signature", "timestamp_too_old", …
      return Response.json({ error: error.code }, { status: 401 });
    }
    throw error;
  }
}
