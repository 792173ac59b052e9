//! Payload parsing on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use replicate_webhooks::payload::Payload;

fuzz_target!(|body: &[u8]| {
    if let Ok(payload) = Payload::parse(body) {
        // A parsed payload always has its two required fields.
        let _ = (payload.id(), payload.status().as_str(), payload.is_terminal());
    }
});
