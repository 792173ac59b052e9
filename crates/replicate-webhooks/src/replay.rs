//! Replay protection beyond the timestamp window, keyed by `webhook-id`.
//!
//! Replicate retries a failed delivery with the **same** `webhook-id`, so a guard
//! that remembered every id on first sight would turn a retry into a lost event.
//! This guard remembers an id only once the handler *succeeded*:
//!
//! 1. [`ReplayGuard::check`] — `Err(replayed)` if the id was already committed;
//! 2. process the webhook;
//! 3. [`ReplayGuard::commit`] — only after success.
//!
//! [`ReplayGuard::run`] does the three steps around a closure. A duplicate of a
//! committed id should be answered 2xx (it was handled) without processing it
//! again. An id is remembered until its timestamp leaves the tolerance window:
//! after that the timestamp check rejects it anyway.
//!
//! ```
//! use replicate_webhooks::{ErrorCode, Webhook};
//! use replicate_webhooks::replay::{MemoryReplayStore, ReplayGuard};
//!
//! let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
//! let mut guard = ReplayGuard::new(MemoryReplayStore::new(), 300);
//! let headers = webhook.sign_headers("msg_1", 1_700_000_000, b"{}");
//! let verified = webhook.verify_at(&headers, b"{}", 1_700_000_000)?;
//!
//! // A failed attempt is not remembered: Replicate's retry goes through.
//! let failed: Result<(), _> = guard.run(&verified, 1_700_000_000, |_| Err("database down"));
//! assert!(failed.is_err());
//! assert!(guard.check(&verified, 1_700_000_010).is_ok());
//!
//! // Once it succeeded, the same id is a duplicate.
//! guard.run(&verified, 1_700_000_010, |_| Ok::<_, &str>(()))?;
//! let duplicate = guard.check(&verified, 1_700_000_020).unwrap_err();
//! assert_eq!(duplicate.code(), ErrorCode::Replayed);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use alloc::collections::BTreeMap;
use alloc::string::String;
use core::fmt;

use crate::error::Error;
use crate::verify::Verified;

/// Where committed webhook ids are remembered. Implement it over Redis, a
/// database table, … to share the guard between processes.
pub trait ReplayStore {
    /// Whether `id` was committed and its entry has not expired at `now`.
    fn is_committed(&mut self, id: &str, now: u64) -> bool;
    /// Remember `id` until `expires_at` (Unix seconds); `now` lets a store
    /// drop entries that have expired meanwhile.
    fn commit(&mut self, id: &str, expires_at: u64, now: u64);
}

/// Checks and commits webhook ids against a [`ReplayStore`].
#[derive(Debug, Clone)]
pub struct ReplayGuard<S> {
    store: S,
    tolerance_seconds: u64,
}

/// What [`ReplayGuard::run`] returns when it does not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuardError<E> {
    /// The id was already committed: acknowledge it, do not process it again.
    Replayed(Error),
    /// The handler failed; nothing was committed, so a retry will be processed.
    Handler(E),
}

impl<E: fmt::Display> fmt::Display for GuardError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GuardError::Replayed(error) => error.fmt(f),
            GuardError::Handler(error) => write!(f, "webhook handler failed: {error}"),
        }
    }
}

#[cfg(feature = "std")]
impl<E: fmt::Debug + fmt::Display> std::error::Error for GuardError<E> {}

impl<S: ReplayStore> ReplayGuard<S> {
    /// A guard over `store`, remembering ids for the verifier's tolerance
    /// (use the same value as [`crate::Webhook::with_tolerance`]; 300 by default).
    pub fn new(store: S, tolerance_seconds: u64) -> ReplayGuard<S> {
        ReplayGuard {
            store,
            tolerance_seconds,
        }
    }

    /// `Err` with code `replayed` if this id was already committed.
    pub fn check(&mut self, verified: &Verified<'_>, now: u64) -> Result<(), Error> {
        if self.store.is_committed(&verified.id, now) {
            return Err(Error::Replayed {
                id: String::from(&*verified.id),
            });
        }
        Ok(())
    }

    /// Remember the id as processed, until its timestamp leaves the window.
    pub fn commit(&mut self, verified: &Verified<'_>, now: u64) {
        let expires_at = verified
            .timestamp
            .saturating_add(self.tolerance_seconds)
            .saturating_add(1);
        self.store.commit(&verified.id, expires_at, now);
    }

    /// `check`, then `handler`, then `commit` only if the handler succeeded.
    pub fn run<T, E>(
        &mut self,
        verified: &Verified<'_>,
        now: u64,
        handler: impl FnOnce(&Verified<'_>) -> Result<T, E>,
    ) -> Result<T, GuardError<E>> {
        self.check(verified, now).map_err(GuardError::Replayed)?;
        let output = handler(verified).map_err(GuardError::Handler)?;
        self.commit(verified, now);
        Ok(output)
    }

    /// The store, e.g. to inspect or clear it.
    pub fn store_mut(&mut self) -> &mut S {
        &mut self.store
    }
}

/// An in-process [`ReplayStore`]: a map from id to expiry, swept of expired
/// entries as it grows, so memory stays proportional to the webhooks received
/// within one tolerance window.
#[derive(Debug, Clone, Default)]
pub struct MemoryReplayStore {
    expiry_by_id: BTreeMap<String, u64>,
    sweep_at_len: usize,
}

impl MemoryReplayStore {
    /// An empty store.
    pub fn new() -> MemoryReplayStore {
        MemoryReplayStore::default()
    }

    /// Ids currently remembered (expired ones may linger until the next sweep).
    pub fn len(&self) -> usize {
        self.expiry_by_id.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.expiry_by_id.is_empty()
    }

    /// Forget every entry that has expired at `now`.
    pub fn sweep(&mut self, now: u64) {
        self.expiry_by_id.retain(|_, expires_at| *expires_at > now);
    }
}

/// Sweep once the map has doubled since the last sweep: amortized O(log n) per commit.
const MIN_SWEEP_LEN: usize = 64;

impl ReplayStore for MemoryReplayStore {
    fn is_committed(&mut self, id: &str, now: u64) -> bool {
        self.expiry_by_id
            .get(id)
            .is_some_and(|expires_at| *expires_at > now)
    }

    fn commit(&mut self, id: &str, expires_at: u64, now: u64) {
        self.expiry_by_id.insert(String::from(id), expires_at);
        if self.expiry_by_id.len() >= self.sweep_at_len.max(MIN_SWEEP_LEN) {
            self.sweep(now);
            self.sweep_at_len = self.expiry_by_id.len().saturating_mul(2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verified(id: &str, timestamp: u64) -> Verified<'_> {
        Verified {
            id: id.into(),
            timestamp,
        }
    }

    #[test]
    fn duplicate_after_success_is_flagged() {
        let mut guard = ReplayGuard::new(MemoryReplayStore::new(), 300);
        let first = verified("msg_1", 1000);
        assert_eq!(guard.run(&first, 1000, |_| Ok::<_, ()>(7)), Ok(7));
        let again = guard.run(&first, 1001, |_| Ok::<_, ()>(8));
        assert!(matches!(
            again,
            Err(GuardError::Replayed(Error::Replayed { .. }))
        ));
    }

    #[test]
    fn retry_after_a_failed_attempt_is_processed() {
        let mut guard = ReplayGuard::new(MemoryReplayStore::new(), 300);
        let message = verified("msg_1", 1000);
        assert_eq!(
            guard.run(&message, 1000, |_| Err::<(), _>("500")),
            Err(GuardError::Handler("500"))
        );
        assert_eq!(guard.run(&message, 1030, |_| Ok::<_, &str>(())), Ok(()));
    }

    #[test]
    fn entries_expire_after_the_window() {
        let mut guard = ReplayGuard::new(MemoryReplayStore::new(), 300);
        let message = verified("msg_1", 1000);
        guard.commit(&message, 1000);
        assert!(guard.check(&message, 1300).is_err());
        assert!(guard.check(&message, 1301).is_ok());
    }

    #[test]
    fn memory_stays_bounded_by_the_window() {
        let mut store = MemoryReplayStore::new();
        for second in 0..10_000u64 {
            store.commit(&alloc::format!("msg_{second}"), second + 301, second);
        }
        // Only ids whose window is still open survive the sweeps (plus slack
        // of at most one doubling).
        assert!(store.len() <= 2 * 301 + MIN_SWEEP_LEN, "{}", store.len());
        store.sweep(10_000 + 301);
        assert!(store.is_empty());
    }
}
