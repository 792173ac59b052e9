// The shared module (dist/core.mjs for the ESM entries; bundled into
// dist/node.cjs): the public API plus what a loader needs to start the wasm.
// The entries re-export only the public names (scripts/build.mjs checks the
// list against api.test.mjs's).

export {
  Webhook,
  WebhookSecretError,
  WebhookVerificationError,
  errorCodes,
  getWebhookSecret,
  parsePayload,
  signWebhook,
  validateWebhook,
  verifyRequest,
  verifyWebhook,
} from "./api.js";
export { verifyStream } from "./stream.js";
export { MemoryReplayStore, ReplayGuard } from "./replay.js";
export { imports, start } from "./wasm.js";
