//! The `webhook-signature` list parser, with everything else valid.
#![no_main]

use libfuzzer_sys::fuzz_target;
use replicate_webhooks::{ErrorCode, Webhook};

fuzz_target!(|signature: &str| {
    let Ok(webhook) = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") else { return };
    let headers = [
        ("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
        ("webhook-timestamp", "1614265330"),
        ("webhook-signature", signature),
    ];
    let body = br#"{"test": 2432232314}"#;
    match webhook.verify_at(&headers, body, 1_614_265_330) {
        // Only the real signature can verify.
        Ok(_) => assert!(signature.contains("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")),
        Err(error) => assert!(matches!(
            error.code(),
            ErrorCode::MissingHeader
                | ErrorCode::HeaderTooLarge
                | ErrorCode::InvalidSignatureHeader
                | ErrorCode::TooManySignatures
                | ErrorCode::NoMatchingSignature
        )),
    }
});
