//! The hand-written verifier every Rust benchmark compares the core with, and
//! the inputs they share. One file, included by the criterion bench
//! (`benches/verify.rs`) and the paired harness (`bench/rust`), so both measure
//! the same baseline.
//!
//! It does the minimum a careful hand-rolled verifier does: find the three
//! headers, HMAC `id.timestamp.body` from a pre-keyed state, base64-decode
//! `v1,` entries, compare in constant time. It skips what the core adds (size
//! caps, strict timestamp parsing and window, entry accounting).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

pub const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
pub const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
pub const TIMESTAMP: u64 = 1_614_265_330;
/// A well-formed but wrong signature, for the rejection path.
pub const WRONG: &str = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
pub const SIZES: [(&str, usize); 4] = [
    ("200B", 200),
    ("2KB", 2 * 1024),
    ("64KB", 64 * 1024),
    ("1MB", 1024 * 1024),
];

/// The hand-written verifier.
pub struct Baseline {
    mac: Hmac<Sha256>,
}

impl Baseline {
    pub fn new(secret: &str) -> Option<Baseline> {
        let key = STANDARD.decode(secret.trim_start_matches("whsec_")).ok()?;
        Some(Baseline {
            mac: Hmac::new_from_slice(&key).ok()?,
        })
    }

    pub fn verify(&self, headers: &[(&str, &str)], body: &[u8]) -> bool {
        let find = |name: &str| {
            headers
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| *value)
        };
        let (Some(id), Some(timestamp), Some(signatures)) = (
            find("webhook-id"),
            find("webhook-timestamp"),
            find("webhook-signature"),
        ) else {
            return false;
        };
        let mut mac = self.mac.clone();
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.as_bytes());
        mac.update(b".");
        mac.update(body);
        let expected = mac.finalize().into_bytes();
        signatures
            .split(' ')
            .filter_map(|entry| entry.strip_prefix("v1,"))
            .filter_map(|encoded| STANDARD.decode(encoded).ok())
            .any(|tag| bool::from(tag.as_slice().ct_eq(expected.as_slice())))
    }
}

/// A prediction-like JSON body of `size` bytes.
pub fn body_of(size: usize) -> Vec<u8> {
    let mut body =
        br#"{"id":"gm3qorzdhgbfurvjtvhg6dckhu","status":"succeeded","output":""#.to_vec();
    body.resize(size.saturating_sub(2), b'x');
    body.extend_from_slice(b"\"}");
    body
}
