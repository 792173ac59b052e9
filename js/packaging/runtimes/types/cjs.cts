// TypeScript consumer (CommonJS): require() resolves to the .d.cts declarations.
import rw = require("replicate-webhooks");

const webhook = new rw.Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
const headers: rw.WebhookRequiredHeaders = rw.signWebhook({ secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", body: "{}" });
const body: unknown = webhook.verify(Buffer.from("{}"), headers);
const codes: readonly rw.ErrorCode[] = rw.errorCodes;
export = { body, codes };
