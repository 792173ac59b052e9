// Express: verify with the raw body (express.raw), never with express.json().
//   REPLICATE_WEBHOOK_SECRET=whsec_… PORT=3000 node express.mjs
import express from "express";
import { Webhook, WebhookVerificationError } from "replicate-webhooks";

// Once, at start-up: the HMAC key state is prepared here, not per request.
const webhook = new Webhook(process.env.REPLICATE_WEBHOOK_SECRET);

const app = express();

app.post(
  "/webhooks/replicate",
  // Training webhooks can be large: raise the 100 kB default.
  express.raw({ type: "application/json", limit: "10mb" }),
  (req, res) => {
    try {
      // req.body is a Buffer with the exact bytes received; verify returns the parsed JSON.
      const prediction = webhook.verify(req.body, req.headers);
      res.json({ id: prediction.id, status: prediction.status });
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        res.status(401).json({ error: error.code });
        return;
      }
      throw error;
    }
  },
);

const server = app.listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
