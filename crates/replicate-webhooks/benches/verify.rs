//! Core verification cost vs a hand-written `hmac` + `sha2` + `subtle` baseline.
//!
//! The baseline (`common/baseline.rs`, shared with the paired harness in
//! `bench/rust`) skips what the core adds (size caps, strict timestamp parsing
//! and window, entry accounting), so the ratio is the price of those checks. `make bench` prints the
//! ratios (bench/report.py reads criterion's estimates).

// A benchmark may stop on impossible setup failures.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use replicate_webhooks::Webhook;
use std::hint::black_box;

mod common {
    pub mod baseline;
}
use common::baseline::{Baseline, ID, SECRET, SIZES, TIMESTAMP, WRONG, body_of};

fn bench_verify(c: &mut Criterion) {
    let webhook = Webhook::new(SECRET).unwrap();
    let baseline = Baseline::new(SECRET).unwrap();
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
        ("webhook-signature", WRONG),
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
