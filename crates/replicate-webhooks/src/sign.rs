//! Producing signed webhooks: for tests, local tools and senders.

use alloc::string::String;

/// The three headers of a signed webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    /// `webhook-id`.
    pub id: String,
    /// `webhook-timestamp` (decimal seconds).
    pub timestamp: String,
    /// `webhook-signature` (`v1,<base64>`).
    pub signature: String,
}

impl SignedHeaders {
    /// `(name, value)` pairs, ready for an HTTP client or [`crate::Webhook::verify_at`].
    pub fn as_pairs(&self) -> [(&'static str, &str); 3] {
        [
            (crate::headers::WEBHOOK_ID, &self.id),
            (crate::headers::WEBHOOK_TIMESTAMP, &self.timestamp),
            (crate::headers::WEBHOOK_SIGNATURE, &self.signature),
        ]
    }
}

/// A signed webhook's headers verify as they are: `webhook.verify_at(&signed, …)`.
impl crate::headers::HeaderSource for SignedHeaders {
    fn header(&self, name: &str) -> Option<&str> {
        // `name` is always lower-case (the trait's contract).
        match name {
            crate::headers::WEBHOOK_ID => Some(&self.id),
            crate::headers::WEBHOOK_TIMESTAMP => Some(&self.timestamp),
            crate::headers::WEBHOOK_SIGNATURE => Some(&self.signature),
            _ => None,
        }
    }
}

/// A fresh `msg_` id: 24 random alphanumeric characters from the OS RNG.
#[cfg(feature = "std")]
pub fn new_message_id() -> String {
    const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    const LEN: usize = 24;
    let mut id = String::from("msg_");
    while id.len() < LEN.saturating_add(4) {
        let mut random = [0u8; 32];
        // Without an OS RNG there is nothing sensible to fall back to; ids only
        // need to be unique, so a failure leaves zeros and the loop still ends.
        let _ = getrandom::fill(&mut random);
        for byte in random {
            // Rejection sampling keeps the characters uniform: 248 = 4 * 62.
            if byte < 248 && id.len() < LEN.saturating_add(4) {
                if let Some(&c) = ALPHABET.get(usize::from(byte % 62)) {
                    id.push(char::from(c));
                }
            }
        }
    }
    id
}
