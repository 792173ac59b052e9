//! When the final webhook is tried again.
//!
//! Replicate's docs: the final webhook is retried "if we can't make the
//! request at all, or if we get a 4xx or 5xx response … several times on an
//! exponential backoff. The final retry is sent about 1 minute after the
//! prediction completed. We do not retry any webhooks for intermediate states."
//!
//! The exact schedule is not published, so this one is chosen to match that
//! description: [`RETRIES`] retries whose gaps double, scaled so the last one
//! lands exactly [`FINAL_RETRY_AFTER`] after the first attempt. With five
//! retries the attempts go out at 0, 1.9, 5.8, 13.5, 29.0 and 60 seconds.
//! Offsets are measured from the first attempt (not from the previous one), so
//! slow answers do not push the last retry past the minute.

use std::time::Duration;

/// How many times the final webhook is retried after the first attempt.
pub const RETRIES: u32 = 5;
/// When the last retry is sent, counted from the first attempt (before `--time-scale`).
pub const FINAL_RETRY_AFTER: Duration = Duration::from_secs(60);

/// The planned attempts of the final webhook.
#[derive(Debug, Clone, PartialEq)]
pub struct Backoff {
    offsets: Vec<Duration>,
}

impl Backoff {
    /// Replicate's schedule, every offset multiplied by `time_scale`
    /// (non-finite or negative scales are treated as 0).
    ///
    /// ```
    /// use std::time::Duration;
    /// use replicate_webhooks_cli::retry::Backoff;
    /// let offsets = Backoff::replicate(1.0).offsets().to_vec();
    /// assert_eq!(offsets.len(), 6);
    /// assert_eq!(offsets[0], Duration::ZERO);
    /// assert_eq!(offsets[5], Duration::from_secs(60));
    /// // Each gap is twice the previous one.
    /// let gaps: Vec<f64> = offsets.windows(2).map(|w| (w[1] - w[0]).as_secs_f64()).collect();
    /// assert!(gaps.windows(2).all(|g| (g[1] / g[0] - 2.0).abs() < 1e-6));
    /// // --time-scale 0.01: the whole schedule fits in 0.6 s.
    /// assert_eq!(Backoff::replicate(0.01).offsets()[5], Duration::from_millis(600));
    /// ```
    pub fn replicate(time_scale: f64) -> Backoff {
        let last = FINAL_RETRY_AFTER.as_secs_f64() * time_scale;
        // Gaps d, 2d, 4d, … add up to (2^RETRIES - 1) d = last.
        let parts = f64::from(2u32.pow(RETRIES)) - 1.0;
        let offsets = (0..=RETRIES)
            .map(|retry| {
                let share = (f64::from(2u32.pow(retry)) - 1.0) / parts;
                Duration::try_from_secs_f64(last * share).unwrap_or_default()
            })
            .collect();
        Backoff { offsets }
    }

    /// When each attempt is due, from the first attempt; the first is zero.
    pub fn offsets(&self) -> &[Duration] {
        &self.offsets
    }

    /// How many attempts in all (first one included).
    pub fn attempts(&self) -> usize {
        self.offsets.len()
    }
}
