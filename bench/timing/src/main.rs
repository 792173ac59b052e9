//! dudect constant-time test of the signature comparison (`make timing`).
//! Its own workspace (see Cargo.toml): dudect-bencher stays out of the library's graph.
//!
//! The comparison between the secret-derived tag and a received `v1` entry is
//! the one place where timing could leak how close a forgery is. Two input
//! classes: an entry wrong in its **first** byte vs one wrong in its **last**
//! byte (same entry strings every time, so only the comparison against the
//! secret-derived tag differs). A variable-time comparison exits earlier for
//! the first class; Welch's t-test over the two timing distributions detects
//! it. |t| below ~4.5 means no detectable difference. A second test runs the
//! full `verify_at`. Not run in CI: it needs minutes on a quiet machine.

// Setup failures in a benchmark are bugs in the benchmark itself.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use dudect_bencher::rand::RngExt;
use dudect_bencher::{BenchRng, Class, CtRunner, ctbench_main};
use replicate_webhooks::{Webhook, timing_test_matches};
use std::hint::black_box;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SAMPLES: usize = 100_000;

fn tag_of(signature: &str) -> [u8; 32] {
    STANDARD
        .decode(&signature[3..])
        .unwrap()
        .try_into()
        .unwrap()
}

/// One fixed received entry; two expected tags differing from it at either end.
fn comparison_first_vs_last_byte(runner: &mut CtRunner, rng: &mut BenchRng) {
    let received = Webhook::new(SECRET)
        .unwrap()
        .sign("msg_1", 1_700_000_000, b"");
    let mut wrong_first = tag_of(&received);
    wrong_first[0] ^= 0x01;
    let mut wrong_last = tag_of(&received);
    wrong_last[31] ^= 0x01;
    for _ in 0..SAMPLES {
        let (class, expected) = if rng.random::<bool>() {
            (Class::Left, &wrong_first)
        } else {
            (Class::Right, &wrong_last)
        };
        runner.run_one(class, || {
            black_box(timing_test_matches(
                black_box(&received),
                black_box(expected),
            ))
        });
    }
}

/// The whole verification, received entries wrong at either end (these also
/// differ in the attacker-chosen text that gets decoded).
fn verify_first_vs_last_byte(runner: &mut CtRunner, rng: &mut BenchRng) {
    let webhook = Webhook::new(SECRET).unwrap();
    let valid = webhook.sign("msg_1", 1_700_000_000, b"");
    let flipped = |index: usize| {
        let mut tag = tag_of(&valid);
        tag[index] ^= 0x01;
        format!("v1,{}", STANDARD.encode(tag))
    };
    let (wrong_first, wrong_last) = (flipped(0), flipped(31));
    for _ in 0..SAMPLES {
        let (class, signature) = if rng.random::<bool>() {
            (Class::Left, wrong_first.as_str())
        } else {
            (Class::Right, wrong_last.as_str())
        };
        let headers = [
            ("webhook-id", "msg_1"),
            ("webhook-timestamp", "1700000000"),
            ("webhook-signature", signature),
        ];
        runner.run_one(class, || {
            let _ =
                black_box(webhook.verify_at(black_box(&headers), black_box(b""), 1_700_000_000));
        });
    }
}

ctbench_main!(comparison_first_vs_last_byte, verify_first_vs_last_byte);
