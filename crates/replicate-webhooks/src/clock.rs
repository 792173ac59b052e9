//! The system clock (feature `std`); `no_std` callers pass "now" themselves.

/// Seconds since the Unix epoch; 0 if the clock is set before 1970.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}
