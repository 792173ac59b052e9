//! Full verification (and parsing) on arbitrary secret, headers, body and clock.
#![no_main]

use libfuzzer_sys::fuzz_target;
use replicate_webhooks::Webhook;

fuzz_target!(|input: (&str, &str, &str, &str, &[u8], u64, u64)| {
    let (secret, id, timestamp, signature, body, now, tolerance) = input;
    let Ok(webhook) = Webhook::new(secret) else { return };
    let webhook = webhook.with_tolerance(tolerance);
    let headers = [("webhook-id", id), ("webhook-timestamp", timestamp), ("webhook-signature", signature)];
    let verified = webhook.verify_at(&headers, body, now);
    let parsed = webhook.verify_and_parse_at(&headers, body, now);
    // Parsing comes after verification, so it can only fail where verification passed.
    assert!(verified.is_ok() || parsed.is_err());
});
