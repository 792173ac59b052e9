// Type declarations for replicate-webhooks. Hand-written; the runtime is built
// from js/src/ by scripts/build.mjs. Every entry (node, edge, init) shares them.

/** The stable codes of every error; match on these, never on messages. */
export type ErrorCode =
  | "missing_header"
  | "header_too_large"
  | "invalid_timestamp"
  | "timestamp_too_old"
  | "timestamp_too_new"
  | "invalid_signature_header"
  | "too_many_signatures"
  | "no_matching_signature"
  | "invalid_secret"
  | "invalid_payload"
  | "invalid_body"
  | "invalid_argument"
  | "replayed";

/** Every code the Rust core can produce, in its order (`ErrorCode::ALL`). */
export declare const errorCodes: readonly ErrorCode[];

/**
 * Verification, signing or parsing failed. `code` says why, stably; the
 * message is for humans and never contains a secret.
 */
export declare class WebhookVerificationError extends Error {
  constructor(message: string, code?: ErrorCode);
  readonly name: "WebhookVerificationError";
  readonly code: ErrorCode;
}

/** The raw request body: text, or the exact bytes received. */
export type RawBody = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/**
 * Request headers: a fetch `Headers`, a plain object (Node's `req.headers`,
 * names matched case-insensitively), a `Map`, or `[name, value]` pairs.
 */
export type WebhookHeaders =
  | Headers
  | Record<string, string | string[] | undefined>
  | ReadonlyMap<string, string>
  | ReadonlyArray<readonly [string, string]>;

/** The headers Replicate sends with every webhook (usable as fetch `HeadersInit`). */
export type WebhookRequiredHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

// ---------------------------------------------------------------------------
// Drop-in for `standardwebhooks`

export interface WebhookOptions {
  /** `"raw"`: the secret is the key itself (bytes or a binary string), not base64. */
  format?: "raw";
  /**
   * Accepted distance between `webhook-timestamp` and now, in whole seconds
   * (default 300). `null` turns the check off — and with it replay protection.
   */
  toleranceSeconds?: number | null;
}

export interface VerifyOptions {
  /** `false`: return `undefined` instead of the parsed body. Default `true`. */
  jsonParse?: boolean;
}

/**
 * Verifies webhooks for one secret; a drop-in for `standardwebhooks`' `Webhook`.
 * Create it once (at module scope): the HMAC key state is prepared here.
 *
 * ```ts
 * const wh = new Webhook(process.env.REPLICATE_WEBHOOK_SECRET!);
 * const prediction = wh.verify(await request.text(), request.headers);
 * ```
 */
export declare class Webhook {
  /**
   * @param secret `whsec_…` (or bare base64); several for rotation (any may
   * match). Throws `invalid_secret` if one is unusable.
   */
  constructor(secret: string | readonly string[] | Uint8Array, options?: WebhookOptions);
  /**
   * Verify `payload` (the raw body) against `headers` and the current time.
   * Returns the parsed JSON body (`undefined` for an empty body or with
   * `jsonParse: false`); throws {@link WebhookVerificationError}.
   */
  verify(payload: RawBody, headers: WebhookHeaders | WebhookRequiredHeaders, options?: VerifyOptions): unknown;
  /** `v1,<base64>` over `msgId.timestamp.payload`, for tests and senders. */
  sign(msgId: string, timestamp: Date | number, payload: RawBody): string;
}

// ---------------------------------------------------------------------------
// Replicate payloads

/** Lifecycle status; open-ended, since Replicate adds values (`aborted`, 2025). */
export type Status =
  | "starting"
  | "processing"
  | "succeeded"
  | "failed"
  | "canceled"
  | "aborted"
  | (string & {});

/** The events a webhook can be requested for. */
export type WebhookEventType = "start" | "output" | "logs" | "completed";

export interface Metrics {
  /** Seconds running the model (excludes queueing and boot). */
  predict_time?: number;
  /** Seconds from creation to completion. */
  total_time?: number;
  input_token_count?: number;
  output_token_count?: number;
  time_to_first_token?: number;
  tokens_per_second?: number;
  [metric: string]: unknown;
}

export interface Urls {
  /** `GET` this to fetch the object (`/v1/predictions/…` or `/v1/trainings/…`). */
  get?: string;
  cancel?: string;
  web?: string;
  /** Server-sent events stream of the output. */
  stream?: string;
  [name: string]: string | undefined;
}

/** A prediction: the body of prediction webhooks (same as `GET /v1/predictions/{id}`). */
export interface Prediction {
  id: string;
  status: Status;
  /** `owner/name`. */
  model?: string;
  /** 64-hex version id, or `"hidden"` for official models. */
  version?: string;
  input?: Record<string, unknown> | null;
  /** Any JSON; `null` until there is output (and after data removal). */
  output?: unknown;
  error?: string | null;
  logs?: string | null;
  metrics?: Metrics | null;
  created_at?: string | null;
  started_at?: string | null;
  completed_at?: string | null;
  deadline?: string | null;
  deployment?: string | null;
  urls?: Urls | null;
  source?: "web" | "api" | (string & {}) | null;
  data_removed?: boolean | null;
  webhook?: string | null;
  webhook_events_filter?: WebhookEventType[] | null;
  [field: string]: unknown;
}

/** What a succeeded training produced. */
export interface TrainingOutput {
  /** The new model version id. */
  version?: string | null;
  /** URL of the trained weights. */
  weights?: string | null;
  [field: string]: unknown;
}

/** A training: the body of training webhooks (same as `GET /v1/trainings/{id}`). */
export interface Training {
  id: string;
  status: Status;
  model?: string | null;
  version?: string | null;
  /** `owner/name` the new version is pushed to. */
  destination?: string | null;
  input?: Record<string, unknown> | null;
  output?: TrainingOutput | null;
  error?: string | null;
  logs?: string | null;
  metrics?: Metrics | null;
  created_at?: string | null;
  started_at?: string | null;
  completed_at?: string | null;
  urls?: Urls | null;
  source?: "web" | "api" | (string & {}) | null;
  webhook?: string | null;
  webhook_events_filter?: WebhookEventType[] | null;
  [field: string]: unknown;
}

/**
 * A parsed body. `kind` is inferred by the core: `urls.get` path first, then
 * `destination` / `output.weights` (trainings), else prediction.
 */
export type WebhookPayload =
  | { kind: "prediction"; isTerminal: boolean; payload: Prediction }
  | { kind: "training"; isTerminal: boolean; payload: Training };

/** A verified webhook. `id` is the idempotency key (the same across retries). */
export type WebhookEvent = WebhookPayload & {
  /** `webhook-id`. */
  id: string;
  /** `webhook-timestamp`, seconds since the Unix epoch. */
  timestamp: number;
};

// ---------------------------------------------------------------------------
// Replicate-first API

export type SecretOptions =
  | { /** `whsec_…` */ secret: string; secrets?: undefined }
  | { /** Several secrets (rotation): any may match. */ secrets: readonly string[]; secret?: undefined };

export type VerifyWebhookOptions = SecretOptions & {
  /** The raw body, exactly as received (not parsed JSON). */
  body: RawBody;
  headers: WebhookHeaders | WebhookRequiredHeaders;
  /** Whole seconds, default 300; `null` turns the timestamp check (replay protection) off. */
  toleranceSeconds?: number | null;
  /** "Now", as a Date or whole seconds since the epoch (for tests). Default: the clock. */
  now?: Date | number;
};

/**
 * Verify a webhook and parse its body. Throws {@link WebhookVerificationError}.
 *
 * ```ts
 * const event = verifyWebhook({ body: await request.text(), headers: request.headers, secret });
 * if (event.kind === "prediction" && event.payload.status === "succeeded") { … }
 * ```
 */
export declare function verifyWebhook(options: VerifyWebhookOptions): WebhookEvent;

export type VerifyRequestOptions = SecretOptions & {
  toleranceSeconds?: number | null;
  now?: Date | number;
};

/**
 * Verify a fetch-API `Request` (Next.js App Router, Workers, Deno, Bun). Reads
 * the body once, so do not read it before; the raw text is returned as `body`.
 */
export declare function verifyRequest(
  request: Request,
  secret: string | readonly string[] | VerifyRequestOptions,
): Promise<WebhookEvent & { body: string }>;

/** Parse a body as a prediction or training, without verifying it. */
export declare function parsePayload(body: RawBody): WebhookPayload;

export interface SignWebhookOptions {
  secret: string;
  body: RawBody;
  /** Default: a fresh random `msg_…` id. */
  id?: string;
  /** Default: now. */
  timestamp?: Date | number;
}

/** The three headers of a signed webhook, for tests and local tools. */
export declare function signWebhook(options: SignWebhookOptions): WebhookRequiredHeaders;

// ---------------------------------------------------------------------------
// Streaming verification

/** A body that arrives in chunks: a web `ReadableStream`, a Node `Readable`, or any (async) iterable of bytes. */
export type BodyStream =
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | ArrayBufferView | ArrayBuffer | string>
  | Iterable<Uint8Array | ArrayBufferView | ArrayBuffer | string>;

export type VerifyStreamOptions = SecretOptions & {
  /** The raw body as it arrives (`request.body`, Node's `req`, a file stream…). String chunks count as UTF-8. */
  body: BodyStream;
  headers: WebhookHeaders | WebhookRequiredHeaders;
  /** Whole seconds, default 300; `null` turns the timestamp check off. */
  toleranceSeconds?: number | null;
  /** "Now", as a Date or whole seconds since the epoch (for tests). Default: the clock. */
  now?: Date | number;
};

/** What a verification vouches for: the `webhook-id` and `webhook-timestamp`. */
export interface VerifiedWebhook {
  id: string;
  timestamp: number;
}

/**
 * Verify a webhook whose body arrives as a stream, in constant memory: the
 * headers and timestamp are checked before the body is read (nothing is read
 * if they fail), then each chunk is hashed as it arrives. The body is not
 * kept or parsed: to use it too, `tee()` the stream or write it somewhere and
 * act on it only once this resolves. Rejects with {@link WebhookVerificationError}.
 */
export declare function verifyStream(options: VerifyStreamOptions): Promise<VerifiedWebhook>;

// ---------------------------------------------------------------------------
// Replay protection

/**
 * Where committed webhook ids are remembered. Methods may be sync or async.
 * A Redis store: `has: async (id) => (await redis.exists(key(id))) === 1`,
 * `commit: async (id, ttl) => { await redis.set(key(id), "1", { EX: ttl }); }`.
 */
export interface ReplayStore {
  /** Whether `id` was committed and has not expired (`now`: seconds, for stores that keep their own expiry). */
  has(id: string, now: number): boolean | PromiseLike<boolean>;
  /** Remember `id` for `ttlSeconds` (a whole number ≥ 1) from `now`. */
  commit(id: string, ttlSeconds: number, now: number): void | PromiseLike<void>;
}

/** An in-process {@link ReplayStore}: a map from id to expiry, swept as it grows. */
export declare class MemoryReplayStore implements ReplayStore {
  constructor();
  has(id: string, now?: number): boolean;
  commit(id: string, ttlSeconds: number, now?: number): void;
  /** Forget every entry that has expired at `now` (default: the clock). */
  sweep(now?: number): void;
  /** Ids remembered (expired ones may linger until the next sweep). */
  readonly size: number;
}

export interface ReplayGuardOptions {
  /** The verifier's tolerance window in whole seconds (default 300): ids are remembered until timestamp + tolerance + 1 s. */
  toleranceSeconds?: number;
}

/**
 * Replay protection keyed by `webhook-id`, committing an id only after the
 * handler succeeded (Replicate retries a failed delivery with the same id).
 * A duplicate of a committed id rejects with code `replayed`: answer it 2xx.
 */
export declare class ReplayGuard {
  constructor(store?: ReplayStore, options?: ReplayGuardOptions);
  /** Rejects with code `replayed` if this id was already committed. */
  check(event: VerifiedWebhook, now?: Date | number): Promise<void>;
  /** Remember the id as processed, until its timestamp leaves the window. */
  commit(event: VerifiedWebhook, now?: Date | number): Promise<void>;
  /** `check`, `handler(event)`, then `commit` only if the handler resolved. */
  run<E extends VerifiedWebhook, T>(event: E, handler: (event: E) => T | PromiseLike<T>, now?: Date | number): Promise<Awaited<T>>;
}

// ---------------------------------------------------------------------------
// Drop-in for the Replicate client's validateWebhook

/**
 * Drop-in for `validateWebhook` from the `replicate` package, plus a ±300 s
 * timestamp check and constant-time comparison. Resolves to `false` for an
 * invalid or stale webhook; rejects with {@link WebhookVerificationError} on
 * misuse (missing headers, unusable secret, a body that is not the raw body).
 * The request body is read (consumed): pass `request.clone()` to read it again.
 */
export declare function validateWebhook(
  request: Request | { headers: WebhookHeaders; body: unknown },
  secret: string,
  crypto?: unknown,
): Promise<boolean>;
export declare function validateWebhook(
  requestData: { id: string; timestamp: string; signature: string; body: RawBody; secret: string },
  crypto?: unknown,
): Promise<boolean>;

// ---------------------------------------------------------------------------
// The signing secret

/** Fetching the signing secret failed. `status` is the HTTP status, if any. */
export declare class WebhookSecretError extends Error {
  readonly name: "WebhookSecretError";
  readonly status: number | undefined;
}

export interface GetWebhookSecretOptions {
  /** A Replicate API token. Default: `process.env.REPLICATE_API_TOKEN`. */
  token?: string;
  /** Default: the global `fetch`. */
  fetch?: (url: string, init: { headers: Record<string, string> }) => Promise<Response>;
  /** Default: `https://api.replicate.com/v1`. */
  baseUrl?: string;
}

/**
 * `GET /v1/webhooks/default/secret`: your account's signing secret
 * (`whsec_…`). Cached in memory per token; failures are not cached.
 */
export declare function getWebhookSecret(options?: GetWebhookSecretOptions): Promise<string>;
