//! Signing each delivery, and breaking it on purpose with `send --tamper`.
//!
//! A handler should refuse all four kinds of broken delivery; each one trips a
//! different check in a correct verifier, named in the variant's docs.

use clap::ValueEnum;
use replicate_webhooks::{WEBHOOK_ID, WEBHOOK_SIGNATURE, WEBHOOK_TIMESTAMP, Webhook};
use serde_json::{Map, Value};

/// How to break a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Tamper {
    /// Change the body after signing it (adds `"tampered": true`): `no_matching_signature`.
    Body,
    /// Sign with a different secret: `no_matching_signature`.
    Secret,
    /// Sign correctly but ten minutes in the past, like a replay: `timestamp_too_old`.
    Stale,
    /// Leave out the webhook-signature header: `missing_header`.
    Unsigned,
}

/// How far in the past a [`Tamper::Stale`] delivery claims to be signed.
pub const STALE_BY_SECONDS: u64 = 600;

/// A secret nobody uses, for [`Tamper::Secret`].
const OTHER_SECRET: &str = "whsec_dGhpcyBpcyBub3QgdGhlIHNlY3JldCB5b3Ugd2FudA==";

/// Headers and body ready to POST.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// `(name, value)` pairs, `webhook-*` names in lower case.
    pub headers: Vec<(&'static str, String)>,
    /// The body to send (the signed one, unless tampered with).
    pub body: Vec<u8>,
    /// The timestamp in the headers.
    pub timestamp: u64,
}

/// Sign `body` as message `id` at `now` with the core, then apply `tamper`.
pub fn sign(
    webhook: &Webhook,
    tamper: Option<Tamper>,
    id: &str,
    now: u64,
    body: &[u8],
) -> SignedRequest {
    let timestamp = match tamper {
        Some(Tamper::Stale) => now.saturating_sub(STALE_BY_SECONDS),
        _ => now,
    };
    let signed = match (tamper, Webhook::new(OTHER_SECRET)) {
        (Some(Tamper::Secret), Ok(other)) => other.sign_headers(id, timestamp, body),
        _ => webhook.sign_headers(id, timestamp, body),
    };
    let mut headers = vec![
        (WEBHOOK_ID, signed.id),
        (WEBHOOK_TIMESTAMP, signed.timestamp),
    ];
    if tamper != Some(Tamper::Unsigned) {
        headers.push((WEBHOOK_SIGNATURE, signed.signature));
    }
    let body = match tamper {
        Some(Tamper::Body) => altered(body),
        _ => body.to_vec(),
    };
    SignedRequest {
        headers,
        body,
        timestamp,
    }
}

/// The body with `"tampered": true` added (or a space appended if it is not
/// a JSON object): still valid JSON, no longer what was signed.
fn altered(body: &[u8]) -> Vec<u8> {
    match serde_json::from_slice::<Map<String, Value>>(body) {
        Ok(mut object) => {
            object.insert("tampered".into(), true.into());
            crate::json::to_body(&object)
        }
        Err(_) => {
            let mut body = body.to_vec();
            body.push(b' ');
            body
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use replicate_webhooks::ErrorCode;

    #[test]
    fn each_tamper_trips_its_check() {
        let webhook = Webhook::new("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").unwrap();
        let body = br#"{"id":"abc","status":"succeeded"}"#;
        let now = 1_700_000_000;
        let clean = sign(&webhook, None, "msg_1", now, body);
        assert!(webhook.verify_at(&clean.headers, &clean.body, now).is_ok());
        for (tamper, code) in [
            (Tamper::Body, ErrorCode::NoMatchingSignature),
            (Tamper::Secret, ErrorCode::NoMatchingSignature),
            (Tamper::Stale, ErrorCode::TimestampTooOld),
            (Tamper::Unsigned, ErrorCode::MissingHeader),
        ] {
            let request = sign(&webhook, Some(tamper), "msg_1", now, body);
            let error = webhook
                .verify_at(&request.headers, &request.body, now)
                .unwrap_err();
            assert_eq!(error.code(), code, "{tamper:?}");
        }
    }
}
