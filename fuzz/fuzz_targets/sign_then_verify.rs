//! Whatever is signed verifies; any other body does not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use replicate_webhooks::{Secret, Webhook};

fuzz_target!(|input: (&[u8], &str, u64, &[u8], &[u8])| {
    let (key, id, timestamp, body, other_body) = input;
    let Ok(secret) = Secret::from_bytes(key.to_vec()) else { return };
    let Ok(webhook) = Webhook::from_secrets(&[secret]) else { return };
    let signed = webhook.sign_headers(id, timestamp, body);
    let result = webhook.verify_at(&signed, body, timestamp);
    let id_usable = !id.is_empty() && id.len() <= replicate_webhooks::limits::MAX_ID_LEN;
    assert_eq!(result.is_ok(), id_usable);
    if id_usable && other_body != body {
        assert!(webhook.verify_at(&signed, other_body, timestamp).is_err());
    }
});
