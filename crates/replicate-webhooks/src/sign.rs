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
///
/// Ids must be unique, never predictable-by-accident constants: if the OS RNG
/// fails (a sandbox without `getrandom`, an exhausted entropy source at boot),
/// the characters come from SHA-256 over this process's id, the time in
/// nanoseconds and a process-wide counter instead — still unique (the counter
/// never repeats within a process, the pid and time across processes), just
/// not unpredictable.
#[cfg(feature = "std")]
pub fn new_message_id() -> String {
    message_id_from(|random| getrandom::fill(random).is_ok())
}

/// `new_message_id` with the random source as a parameter (`fill` returns
/// false when it could not fill the buffer), so the fallback is testable.
#[cfg(feature = "std")]
fn message_id_from(mut fill: impl FnMut(&mut [u8; 32]) -> bool) -> String {
    const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    const LEN: usize = 24;
    let mut id = String::from("msg_");
    while id.len() < LEN.saturating_add(4) {
        let mut random = [0u8; 32];
        if !fill(&mut random) {
            random = unique_fallback_bytes();
        }
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

/// 32 bytes that no other call (in this or another process) gets: SHA-256 of
/// (pid, wall-clock nanoseconds, a counter that only this process increments).
#[cfg(feature = "std")]
fn unique_fallback_bytes() -> [u8; 32] {
    use sha2::Digest as _;
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos())
        .unwrap_or_default();
    let mut hash = sha2::Sha256::new();
    hash.update(std::process::id().to_le_bytes());
    hash.update(nanos.to_le_bytes());
    hash.update(count.to_le_bytes());
    hash.finalize().into()
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;

    fn assert_well_formed(id: &str) {
        assert_eq!(id.len(), 28, "{id}");
        assert!(id.starts_with("msg_"), "{id}");
        assert!(id[4..].bytes().all(|b| b.is_ascii_alphanumeric()), "{id}");
    }

    #[test]
    fn ids_from_the_os_rng_are_well_formed_and_distinct() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| new_message_id()).collect();
        assert_eq!(ids.len(), 1000);
        ids.iter().for_each(|id| assert_well_formed(id));
    }

    /// Regression: a failing RNG used to yield `msg_000000000000000000000000` every time.
    #[test]
    fn a_failing_rng_still_gives_unique_ids() {
        let failing = |_: &mut [u8; 32]| false;
        let ids: std::collections::HashSet<String> =
            (0..1000).map(|_| message_id_from(failing)).collect();
        assert_eq!(ids.len(), 1000, "fallback ids repeat");
        assert!(!ids.contains("msg_000000000000000000000000"));
        ids.iter().for_each(|id| assert_well_formed(id));
    }
}
