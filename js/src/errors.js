// The package's error classes (one definition, shared by every entry).

/** A webhook could not be verified, signed or parsed; `code` is stable. */
export class WebhookVerificationError extends Error {
  constructor(message, code = "no_matching_signature") {
    super(message);
    this.name = "WebhookVerificationError";
    this.code = code;
  }
}

/** Fetching the signing secret failed. */
export class WebhookSecretError extends Error {
  constructor(message, status) {
    super(message);
    this.name = "WebhookSecretError";
    this.status = status;
  }
}
