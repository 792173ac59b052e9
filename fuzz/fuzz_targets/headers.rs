//! Header lookup over arbitrary pairs (case, aliases, duplicates, empties).
#![no_main]

use libfuzzer_sys::fuzz_target;
use replicate_webhooks::{HeaderSource, WebhookHeaders};

fuzz_target!(|pairs: Vec<(&str, &str)>| {
    if let Ok(found) = WebhookHeaders::find(pairs.as_slice()) {
        assert!(!found.id.is_empty() && !found.timestamp.is_empty() && !found.signature.is_empty());
        assert!(found.header("webhook-id").is_some());
    }
});
