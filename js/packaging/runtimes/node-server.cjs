// Node CommonJS consumer: require() picks the "require" entry (dist/node.cjs).
// A bare node:http server that reads the raw body itself.
const http = require("node:http");
const { Webhook, WebhookVerificationError, errorCodes } = require("replicate-webhooks");

if (!Array.isArray(errorCodes) || !errorCodes.includes("no_matching_signature")) throw new Error("errorCodes missing");
const webhook = new Webhook(process.env.REPLICATE_WEBHOOK_SECRET);

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    res.setHeader("content-type", "application/json");
    try {
      const payload = webhook.verify(Buffer.concat(chunks), req.headers);
      res.end(JSON.stringify({ id: payload.id, status: payload.status, entry: "require" }));
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      res.statusCode = 401;
      res.end(JSON.stringify({ error: error.code }));
    }
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1");
