//! Verify, sign and parse [Replicate](https://replicate.com) webhooks.
//!
//! Replicate signs every webhook the [Standard Webhooks] way: three headers,
//! `webhook-id`, `webhook-timestamp` and `webhook-signature`, where the
//! signature is HMAC-SHA256 over `id.timestamp.body`, keyed with the base64
//! part of your `whsec_…` secret. This crate checks all of it:
//!
//! - the signature, compared in constant time, against any number of secrets
//!   (rotation) and any number of `v1` entries (unknown versions are skipped);
//! - the timestamp, against a window of ±300 s by default, to stop replays;
//! - the body as the exact raw bytes received — never re-serialized;
//! - and, with the `payload` feature, the body as a typed [`payload::Prediction`]
//!   or [`payload::Training`].
//!
//! Every failure is an [`Error`] with a stable [`ErrorCode`] shared with the
//! JavaScript and Python packages. No input makes it panic, and the work per
//! webhook is one HMAC pass over the body plus a bounded amount (see [`limits`]).
//!
//! ```
//! use replicate_webhooks::{ErrorCode, Webhook};
//!
//! // Build once at start-up (this derives the HMAC key state).
//! let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
//!
//! // Any header map works: pairs, `http::HeaderMap` (feature `http`), or a closure.
//! let headers = [
//!     ("Webhook-Id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
//!     ("Webhook-Timestamp", "1614265330"),
//!     ("Webhook-Signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
//! ];
//! let body = br#"{"test": 2432232314}"#;
//!
//! // `verify` reads the system clock; `verify_at` takes "now" (for no_std and tests).
//! let verified = webhook.verify_at(&headers, body, 1614265330)?;
//! assert_eq!(verified.id, "msg_p5jXN8AQM9LWM0D4loKWxJek");
//!
//! // An hour later the same delivery is a replay.
//! let err = webhook.verify_at(&headers, body, 1614265330 + 3600).unwrap_err();
//! assert_eq!(err.code(), ErrorCode::TimestampTooOld);
//! # Ok::<(), replicate_webhooks::Error>(())
//! ```
//!
//! Parsing a verified prediction:
//!
//! ```
//! # #[cfg(feature = "payload")] {
//! use replicate_webhooks::{Webhook, payload::{Kind, Payload, Status}};
//!
//! let webhook = Webhook::new("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD")?;
//! let body = br#"{"id":"gm3qorzdhgbfurvjtvhg6dckhu","status":"succeeded","output":["https://replicate.delivery/out.png"],
//!   "urls":{"get":"https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu"}}"#;
//! let headers = webhook.sign_headers("msg_1", 1700000000, body);
//!
//! let event = webhook.verify_and_parse_at(&headers.as_pairs(), body, 1700000000)?;
//! assert_eq!(event.payload.kind(), Kind::Prediction);
//! assert_eq!(event.payload.status(), &Status::Succeeded);
//! if let Payload::Prediction(prediction) = &event.payload {
//!     assert_eq!(prediction.output.as_ref().and_then(|o| o[0].as_str()), Some("https://replicate.delivery/out.png"));
//! }
//! # }
//! # Ok::<(), replicate_webhooks::Error>(())
//! ```
//!
//! # Features
//!
//! | feature | default | adds |
//! |---|---|---|
//! | `std` | yes | the system clock (`verify`, `verify_and_parse`, `begin`), `std::error::Error`, random message ids for signing |
//! | `payload` | yes | typed payloads ([`payload`]), `verify_and_parse*` (serde + serde_json, `alloc` only) |
//! | `http` | no | [`HeaderSource`] for `http::HeaderMap` |
//!
//! Without `std` the crate is `no_std` + `alloc` and builds for
//! `wasm32-unknown-unknown` and bare-metal targets; pass the current time to the
//! `*_at` methods.
//!
//! [Standard Webhooks]: https://www.standardwebhooks.com/
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(all(feature = "std", not(test)))]
extern crate std;

#[cfg(feature = "std")]
mod clock;
mod error;
mod headers;
pub mod limits;
#[cfg(feature = "payload")]
pub mod payload;
pub mod replay;
mod secret;
mod sign;
mod signature;
mod timestamp;
mod verify;

#[cfg(feature = "std")]
pub use clock::unix_now;
pub use error::{Error, ErrorCode, Result, SecretProblem, SignatureHeaderProblem};
pub use headers::{HeaderSource, WEBHOOK_ID, WEBHOOK_SIGNATURE, WEBHOOK_TIMESTAMP, WebhookHeaders};
pub use secret::{SECRET_PREFIX, Secret};
pub use sign::SignedHeaders;
#[cfg(feature = "std")]
pub use sign::new_message_id;
pub use signature::VERSION_V1;
#[cfg(feature = "timing-test")]
#[doc(hidden)]
pub use signature::timing_test_matches;
pub use verify::{StreamingVerifier, Verified, Webhook};

// The READMEs' Rust examples run as doctests so they cannot rot.
#[cfg(all(doctest, feature = "std", feature = "payload"))]
#[doc = include_str!("../README.md")]
struct CrateReadme;
#[cfg(all(doctest, feature = "std", feature = "payload"))]
#[doc = include_str!("../../../README.md")]
struct RepositoryReadme;
