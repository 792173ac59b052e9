//! Property tests: round trips, tamper detection, and no panics on any input.

// The no-panic lints guard library code; test helpers may index, do arithmetic and unwrap.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use proptest::prelude::*;
use replicate_webhooks::{ErrorCode, Webhook};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// Ids as senders produce them: printable, no spaces, within the cap.
fn message_id() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_.:-]{1,256}"
}

fn flip_bit(bytes: &mut [u8], bit: usize) {
    let index = (bit / 8) % bytes.len();
    bytes[index] ^= 1 << (bit % 8);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn sign_then_verify_round_trips(
        id in message_id(),
        timestamp in any::<u64>(),
        body in proptest::collection::vec(any::<u8>(), 0..4096),
        key in proptest::collection::vec(any::<u8>(), 1..80),
    ) {
        let webhook = Webhook::from_secrets(&[replicate_webhooks::Secret::from_bytes(key).unwrap()]).unwrap();
        let headers = webhook.sign_headers(&id, timestamp, &body);
        let pairs = headers.as_pairs();
        let verified = webhook.verify_at(&pairs, &body, timestamp).unwrap();
        prop_assert_eq!(verified.id, id);
        prop_assert_eq!(verified.timestamp, timestamp);
    }

    #[test]
    fn any_single_bit_change_is_rejected(
        id in message_id(),
        timestamp in 1_000_000u64..2_000_000_000,
        body in proptest::collection::vec(any::<u8>(), 1..2048),
        bit in any::<usize>(),
        target in 0..4u8,
    ) {
        let webhook = Webhook::new(SECRET).unwrap().without_timestamp_check();
        let headers = webhook.sign_headers(&id, timestamp, &body);
        let (mut id, mut ts, mut sig, mut body) = (
            headers.id.clone().into_bytes(),
            headers.timestamp.clone().into_bytes(),
            headers.signature.clone().into_bytes(),
            body,
        );
        match target {
            0 => flip_bit(&mut id, bit),
            1 => flip_bit(&mut ts, bit),
            2 => {
                // Flip inside the base64 part, keeping the `v1,` tag.
                let len = sig.len() - 3;
                flip_bit(&mut sig[3..3 + len], bit);
            }
            _ => flip_bit(&mut body, bit),
        }
        let (Ok(id), Ok(ts), Ok(sig)) = (String::from_utf8(id), String::from_utf8(ts), String::from_utf8(sig)) else {
            // A flip that breaks UTF-8 cannot even be sent as a header string.
            return Ok(());
        };
        let pairs = [("webhook-id", id.as_str()), ("webhook-timestamp", ts.as_str()), ("webhook-signature", sig.as_str())];
        prop_assert!(webhook.verify_at(&pairs, &body, timestamp).is_err());
    }

    #[test]
    fn a_bit_change_in_the_secret_is_rejected(
        key in proptest::collection::vec(any::<u8>(), 1..64),
        bit in any::<usize>(),
        body in proptest::collection::vec(any::<u8>(), 0..512),
    ) {
        let signer = Webhook::from_secrets(&[replicate_webhooks::Secret::from_bytes(key.clone()).unwrap()]).unwrap();
        let mut other = key;
        flip_bit(&mut other, bit);
        let verifier = Webhook::from_secrets(&[replicate_webhooks::Secret::from_bytes(other).unwrap()]).unwrap();
        let headers = signer.sign_headers("msg_1", 1_700_000_000, &body);
        let error = verifier.verify_at(&headers.as_pairs(), &body, 1_700_000_000).unwrap_err();
        prop_assert_eq!(error.code(), ErrorCode::NoMatchingSignature);
    }

    #[test]
    fn extra_entries_never_flip_the_verdict(
        body in proptest::collection::vec(any::<u8>(), 0..512),
        noise in proptest::collection::vec("(v2|v1a|v0|V1|x)?,?[A-Za-z0-9+/=,]{0,60}", 0..20),
        position in any::<usize>(),
        valid in any::<bool>(),
    ) {
        let webhook = Webhook::new(SECRET).unwrap();
        let headers = webhook.sign_headers("msg_1", 1_700_000_000, &body);
        let real = if valid { headers.signature.clone() } else { "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=".to_owned() };
        let mut entries: Vec<String> = noise.into_iter().filter(|entry| !entry.is_empty()).collect();
        let at = position % (entries.len() + 1);
        entries.insert(at, real);
        let signature = entries.join(" ");
        let pairs = [("webhook-id", "msg_1"), ("webhook-timestamp", headers.timestamp.as_str()), ("webhook-signature", signature.as_str())];
        let result = webhook.verify_at(&pairs, &body, 1_700_000_000);
        if valid {
            prop_assert!(result.is_ok(), "{:?}", result);
        } else {
            prop_assert!(result.is_err());
        }
    }

    #[test]
    fn arbitrary_input_never_panics(
        secret in ".{0,80}",
        id in ".{0,300}",
        ts in ".{0,40}",
        sig in ".{0,600}",
        body in proptest::collection::vec(any::<u8>(), 0..1024),
        now in any::<u64>(),
        tolerance in any::<u64>(),
    ) {
        if let Ok(webhook) = Webhook::new(&secret) {
            let webhook = webhook.with_tolerance(tolerance);
            let pairs = [("webhook-id", id.as_str()), ("webhook-timestamp", ts.as_str()), ("webhook-signature", sig.as_str())];
            let _ = webhook.verify_at(&pairs, &body, now);
            let _ = webhook.verify_and_parse_at(&pairs, &body, now);
        }
        let _ = replicate_webhooks::payload::Payload::parse(&body);
    }
}

#[test]
fn hostile_headers_are_rejected_fast_with_typed_errors() {
    let webhook = Webhook::new(SECRET).unwrap();
    let huge = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= ".repeat(5000);
    let many = "v2,x ".repeat(33);
    let long_id = "m".repeat(10_000);
    let cases: [(&str, &str, &str, ErrorCode); 5] = [
        ("msg_1", "1700000000", &huge, ErrorCode::HeaderTooLarge),
        ("msg_1", "1700000000", &many, ErrorCode::TooManySignatures),
        (&long_id, "1700000000", "v1,x", ErrorCode::HeaderTooLarge),
        (
            "msg_1",
            "17000000000000000000000000",
            "v1,x",
            ErrorCode::InvalidTimestamp,
        ),
        ("msg_1", "-1700000000", "v1,x", ErrorCode::InvalidTimestamp),
    ];
    for (id, ts, sig, code) in cases {
        let pairs = [
            ("webhook-id", id),
            ("webhook-timestamp", ts),
            ("webhook-signature", sig),
        ];
        assert_eq!(
            webhook
                .verify_at(&pairs, b"{}", 1_700_000_000)
                .unwrap_err()
                .code(),
            code
        );
    }
}

#[test]
fn error_messages_never_contain_the_secret() {
    let secret_text = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    for bad in [format!("whsec_{secret_text}!"), format!("{secret_text}-_")] {
        let message = Webhook::new(&bad).unwrap_err().to_string();
        assert!(!message.contains(secret_text), "{message}");
    }
    let webhook = Webhook::new(SECRET).unwrap();
    assert!(!format!("{webhook:?}").contains(secret_text));
}

/// Values of every JSON type, for the fields the payload types name.
fn any_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::json;
    prop_oneof![
        Just(json!(null)),
        Just(json!(true)),
        Just(json!(7)),
        Just(json!(-3)),
        Just(json!(1.5)),
        Just(json!("text")),
        Just(json!(["a", "b"])),
        Just(json!([1])),
        Just(json!({})),
        Just(
            json!({"predict_time": 1.0, "get": "https://api.replicate.com/v1/trainings/x", "weights": "w"})
        ),
        Just(json!({"predict_time": "slow"})),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The table-driven `Summary::parse` and the typed `Payload::parse` accept and
    /// reject exactly the same bodies.
    #[test]
    fn summary_agrees_with_typed_parse(
        fields in proptest::collection::btree_map(
            prop_oneof![
                Just("id"), Just("status"), Just("model"), Just("version"), Just("input"), Just("output"),
                Just("error"), Just("logs"), Just("metrics"), Just("created_at"), Just("deadline"),
                Just("deployment"), Just("urls"), Just("source"), Just("data_removed"), Just("webhook"),
                Just("webhook_events_filter"), Just("destination"), Just("unknown_field"),
            ],
            any_json(),
            0..12,
        ),
        with_id in any::<bool>(),
        with_status in any::<bool>(),
    ) {
        let mut object: serde_json::Map<String, serde_json::Value> =
            fields.into_iter().map(|(key, value)| (key.to_owned(), value)).collect();
        if with_id { object.insert("id".into(), "p1".into()); }
        if with_status { object.insert("status".into(), "succeeded".into()); }
        let body = serde_json::to_vec(&object).unwrap();
        let typed = replicate_webhooks::payload::Payload::parse(&body);
        let summary = replicate_webhooks::payload::Summary::parse(&body);
        prop_assert_eq!(typed.is_ok(), summary.is_ok(), "{}", String::from_utf8_lossy(&body));
        if let (Ok(typed), Ok(summary)) = (typed, summary) {
            prop_assert_eq!(typed.kind(), summary.kind);
            prop_assert_eq!(typed.status(), &summary.status);
        }
    }
}

/// Every cap is enforced before the body is touched: `begin_at` sees only the
/// headers, so a hostile header costs the same whatever the body size.
#[test]
fn header_checks_happen_before_any_body_work() {
    let webhook = Webhook::new(SECRET).unwrap();
    let long_signature = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= ".repeat(200);
    let many_entries = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= ".repeat(33);
    let long_id = "m".repeat(257);
    let cases: [(&str, &str, &str, ErrorCode); 6] = [
        (
            "msg_1",
            "1700000000",
            &long_signature,
            ErrorCode::HeaderTooLarge,
        ),
        (
            "msg_1",
            "1700000000",
            &many_entries,
            ErrorCode::TooManySignatures,
        ),
        (&long_id, "1700000000", "v1,x", ErrorCode::HeaderTooLarge),
        ("msg_1", "1.5", "v1,x", ErrorCode::InvalidTimestamp),
        ("msg_1", "1600000000", "v1,x", ErrorCode::TimestampTooOld),
        (
            "msg_1",
            "1700000000",
            "v2,x nocomma",
            ErrorCode::InvalidSignatureHeader,
        ),
    ];
    for (id, ts, sig, code) in cases {
        let pairs = [
            ("webhook-id", id),
            ("webhook-timestamp", ts),
            ("webhook-signature", sig),
        ];
        // No body has been supplied yet, and the verdict is already in.
        let error = webhook.begin_at(&pairs, 1_700_000_000).unwrap_err();
        assert_eq!(error.code(), code);
        // And verify_at agrees, whatever the body.
        let big_body = vec![b'x'; 1 << 20];
        assert_eq!(
            webhook
                .verify_at(&pairs, &big_body, 1_700_000_000)
                .unwrap_err()
                .code(),
            code
        );
    }
}

/// Streaming gives the same verdict as one-shot verification for any chunking.
#[test]
fn streaming_matches_one_shot_for_any_chunking() {
    let webhook = Webhook::new(SECRET).unwrap();
    let body: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let headers = webhook.sign_headers("msg_stream", 1_700_000_000, &body);
    for chunk in [1usize, 7, 64, 4096, 65_536, body.len()] {
        let mut stream = webhook
            .begin_at(&headers.as_pairs(), 1_700_000_000)
            .unwrap();
        for piece in body.chunks(chunk) {
            stream.update(piece);
        }
        assert_eq!(stream.finish().unwrap().id, "msg_stream");
        let mut tampered = webhook
            .begin_at(&headers.as_pairs(), 1_700_000_000)
            .unwrap();
        for piece in body[1..].chunks(chunk) {
            tampered.update(piece);
        }
        assert_eq!(
            tampered.finish().unwrap_err().code(),
            ErrorCode::NoMatchingSignature
        );
    }
}
