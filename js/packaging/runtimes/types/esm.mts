// TypeScript consumer (ESM): every public type resolves and narrows as documented.
import {
  MemoryReplayStore,
  ReplayGuard,
  Webhook,
  WebhookSecretError,
  WebhookVerificationError,
  errorCodes,
  getWebhookSecret,
  parsePayload,
  signWebhook,
  validateWebhook,
  verifyRequest,
  verifyStream,
  verifyWebhook,
  type ErrorCode,
  type ReplayStore,
  type VerifiedWebhook,
  type Prediction,
  type Training,
  type WebhookEvent,
} from "replicate-webhooks";
import { init, initSync } from "replicate-webhooks/init";

const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const headers = signWebhook({ secret, body: "{}", timestamp: new Date() });
const id: string = headers["webhook-id"];

const webhook = new Webhook(secret, { toleranceSeconds: 600 });
const parsed: unknown = webhook.verify("{}", headers, { jsonParse: true });
const signature: string = webhook.sign(id, new Date(), new Uint8Array());
new Webhook(new Uint8Array([1, 2, 3]), { format: "raw" });
new Webhook([secret, secret]);

const event: WebhookEvent = verifyWebhook({ body: "{}", headers: new Headers(headers), secret, now: 0 });
if (event.kind === "prediction") {
  const prediction: Prediction = event.payload;
  const seconds: number | undefined = prediction.metrics?.predict_time;
  void seconds;
} else {
  const training: Training = event.payload;
  const weights: string | null | undefined = training.output?.weights;
  void weights;
}
verifyWebhook({ body: new Uint8Array(), headers: [["webhook-id", "x"]], secrets: [secret], toleranceSeconds: null });

async function handler(request: Request): Promise<Response> {
  const { payload, body } = await verifyRequest(request, secret);
  const ok: boolean = await validateWebhook(request.clone(), secret);
  const ok2: boolean = await validateWebhook({ id, timestamp: "1", signature, body, secret });
  const key: string = await getWebhookSecret({ token: "r8_x", fetch });
  return Response.json({ id: payload.id, ok, ok2, key });
}

// Streaming and replay protection.
async function streamed(request: Request, nodeStream: AsyncIterable<Uint8Array>): Promise<string> {
  const fromWeb: VerifiedWebhook = await verifyStream({ body: request.body!, headers: request.headers, secret });
  const fromNode = await verifyStream({ body: nodeStream, headers, secrets: [secret], toleranceSeconds: null, now: new Date() });
  const guard = new ReplayGuard();
  const store: ReplayStore = {
    has: async (key: string) => key === "x",
    commit: async (key: string, ttlSeconds: number) => void [key, ttlSeconds],
  };
  const shared = new ReplayGuard(store, { toleranceSeconds: 300 });
  const result: number = await guard.run(event, async (e) => e.timestamp);
  await shared.check(fromWeb);
  await shared.commit(fromNode, 1700000000);
  const memory = new MemoryReplayStore();
  memory.commit("id", 301, 0);
  const remembered: boolean = memory.has("id");
  return `${result}${remembered}${memory.size}`;
}

try {
  parsePayload({} as unknown as string);
} catch (error) {
  if (error instanceof WebhookVerificationError) {
    const code: ErrorCode = error.code;
    const known: boolean = errorCodes.includes(code);
    void known;
  }
  if (error instanceof WebhookSecretError) {
    const status: number | undefined = error.status;
    void status;
  }
}

// @ts-expect-error: the secret is required
verifyWebhook({ body: "{}", headers });
// @ts-expect-error: a parsed object is not a body
verifyWebhook({ body: { id: "x" }, headers, secret });
// @ts-expect-error: not a known code
const wrong: ErrorCode = "no_such_code";

await init(new Uint8Array());
initSync(new Uint8Array());
void [parsed, handler, wrong, streamed];
