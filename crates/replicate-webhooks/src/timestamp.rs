//! `webhook-timestamp`: strict parsing and the replay window.

use crate::error::{Error, Result};

/// Parse decimal integer seconds: ASCII digits only (leading zeros allowed),
/// no sign, fraction, whitespace or trailing text, and no overflow.
pub(crate) fn parse_timestamp(text: &str) -> Result<u64> {
    /// 19 digits always fit in a u64 (10^19 - 1 < 2^64), so shorter text
    /// needs no overflow checks per digit.
    const ALWAYS_FITS: usize = 19;
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(Error::InvalidTimestamp);
    }
    let mut digits = text.bytes().map(|byte| u64::from(byte.wrapping_sub(b'0')));
    if text.len() <= ALWAYS_FITS {
        return Ok(digits.fold(0u64, |seconds, digit| {
            seconds.wrapping_mul(10).wrapping_add(digit)
        }));
    }
    digits
        .try_fold(0u64, |seconds, digit| {
            seconds.checked_mul(10)?.checked_add(digit)
        })
        .ok_or(Error::InvalidTimestamp)
}

/// Reject timestamps more than `tolerance` seconds from `now`, either way.
/// Exactly `tolerance` away is accepted.
pub(crate) fn check_window(timestamp: u64, now: u64, tolerance: u64) -> Result<()> {
    if now > timestamp {
        let age_seconds = now.abs_diff(timestamp);
        if age_seconds > tolerance {
            return Err(Error::TimestampTooOld {
                age_seconds,
                tolerance_seconds: tolerance,
            });
        }
    } else {
        let ahead_seconds = timestamp.abs_diff(now);
        if ahead_seconds > tolerance {
            return Err(Error::TimestampTooNew {
                ahead_seconds,
                tolerance_seconds: tolerance,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_plain_digits() {
        assert_eq!(parse_timestamp("1614265330"), Ok(1_614_265_330));
        assert_eq!(parse_timestamp("000042"), Ok(42));
        assert_eq!(parse_timestamp("18446744073709551615"), Ok(u64::MAX));
        for bad in [
            "",
            "-1",
            "+1",
            "1.5",
            " 1",
            "1 ",
            "1e9",
            "0x10",
            "18446744073709551616",
            "١٢",
        ] {
            assert_eq!(
                parse_timestamp(bad),
                Err(Error::InvalidTimestamp),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn window_is_inclusive_both_ways() {
        assert!(check_window(1000, 1300, 300).is_ok());
        assert!(check_window(1300, 1000, 300).is_ok());
        assert!(matches!(
            check_window(999, 1300, 300),
            Err(Error::TimestampTooOld {
                age_seconds: 301,
                ..
            })
        ));
        assert!(matches!(
            check_window(1301, 1000, 300),
            Err(Error::TimestampTooNew {
                ahead_seconds: 301,
                ..
            })
        ));
        assert!(check_window(u64::MAX, 0, u64::MAX).is_ok());
        assert!(check_window(0, u64::MAX, 1).is_err());
    }
}
