//! Core verification cost vs a hand-written `hmac` + `sha2` + `subtle` baseline.
//!
//! The baseline does the minimum a careful hand-rolled verifier does: find the
//! three headers, HMAC `id.timestamp.body` from a pre-keyed state, base64-decode
//! `v1,` entries, compare in constant time. It skips what the core adds (size
//! caps, strict timestamp parsing and window, entry accounting), so the ratio
//! is the price of those checks. `make bench` prints the ratios
//! (bench/report.py reads criterion's estimates).

// A benchmark may stop on impossible setup failures.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use replicate_webhooks::Webhook;
use sha2::Sha256;
use std::hint::black_box;
use subtle::ConstantTimeEq;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TIMESTAMP: u64 = 1_614_265_330;
const SIZES: [(&str, usize); 4] = [
    ("200B", 200),
    ("2KB", 2 * 1024),
    ("64KB", 64 * 1024),
    ("1MB", 1024 * 1024),
];

/// The hand-written verifier.
struct Baseline {
    mac: Hmac<Sha256>,
}

impl Baseline {
    fn new(secret: &str) -> Baseline {
        let key = STANDARD
            .decode(secret.trim_start_matches("whsec_"))
            .unwrap();
        Baseline {
            mac: Hmac::new_from_slice(&key).unwrap(),
        }
    }

    fn verify(&self, headers: &[(&str, &str)], body: &[u8]) -> bool {
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

fn body_of(size: usize) -> Vec<u8> {
    let mut body =
        br#"{"id":"gm3qorzdhgbfurvjtvhg6dckhu","status":"succeeded","output":""#.to_vec();
    body.resize(size.saturating_sub(2), b'x');
    body.extend_from_slice(b"\"}");
    body
}

fn bench_verify(c: &mut Criterion) {
    let webhook = Webhook::new(SECRET).unwrap();
    let baseline = Baseline::new(SECRET);
    let mut group = c.benchmark_group("verify");
    for (label, size) in SIZES {
        let body = body_of(size);
        let signature = webhook.sign(ID, TIMESTAMP, &body);
        let timestamp = TIMESTAMP.to_string();
        let headers = [
            ("webhook-id", ID),
            ("webhook-timestamp", timestamp.as_str()),
            ("webhook-signature", signature.as_str()),
        ];
        assert!(baseline.verify(&headers, &body));
        assert!(webhook.verify_at(&headers, &body, TIMESTAMP).is_ok());
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(BenchmarkId::new("core", label), &body, |b, body| {
            b.iter(|| webhook.verify_at(black_box(&headers), black_box(body), TIMESTAMP))
        });
        group.bench_with_input(BenchmarkId::new("baseline", label), &body, |b, body| {
            b.iter(|| baseline.verify(black_box(&headers), black_box(body)))
        });
    }
    group.finish();

    // Rejection path: a well-formed but wrong signature over a 2 KB body.
    let mut group = c.benchmark_group("reject");
    let body = body_of(2 * 1024);
    let timestamp = TIMESTAMP.to_string();
    let headers = [
        ("webhook-id", ID),
        ("webhook-timestamp", timestamp.as_str()),
        (
            "webhook-signature",
            "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
        ),
    ];
    assert!(!baseline.verify(&headers, &body));
    assert!(webhook.verify_at(&headers, &body, TIMESTAMP).is_err());
    group.bench_function(BenchmarkId::new("core", "2KB"), |b| {
        b.iter(|| webhook.verify_at(black_box(&headers), black_box(&body), TIMESTAMP))
    });
    group.bench_function(BenchmarkId::new("baseline", "2KB"), |b| {
        b.iter(|| baseline.verify(black_box(&headers), black_box(&body)))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = bench_verify
}
criterion_main!(benches);
