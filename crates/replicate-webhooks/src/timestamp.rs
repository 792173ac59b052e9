//! `webhook-timestamp`: strict parsing and the replay window.

use crate::error::{Error, Result};

/// Parse decimal integer seconds: ASCII digits only (leading zeros allowed),
/// no sign, fraction, whitespace or trailing text, and no overflow.
pub(crate) fn parse_timestamp(text: &str) -> Result<u64> {
    /// 19 digits always fit in a u64 (10^19 - 1 < 2^64), so shorter text
    /// needs no overflow checks per digit.
    const ALWAYS_FITS: usize = 19;
    if text.is_empty() {
        return Err(Error::InvalidTimestamp);
    }
    let digit = |byte: u8| {
        let value = byte.wrapping_sub(b'0');
        (value <= 9).then_some(u64::from(value))
    };
    // One pass: validate and accumulate together (this runs on every webhook).
    let seconds = if text.len() <= ALWAYS_FITS {
        text.bytes().try_fold(0u64, |seconds, byte| {
            Some(seconds.wrapping_mul(10).wrapping_add(digit(byte)?))
        })
    } else {
        text.bytes().try_fold(0u64, |seconds, byte| {
            seconds.checked_mul(10)?.checked_add(digit(byte)?)
        })
    };
    seconds.ok_or(Error::InvalidTimestamp)
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
