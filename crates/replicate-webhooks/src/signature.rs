//! `webhook-signature`: parsing the `version,base64` list and constant-time matching.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use subtle::{Choice, ConstantTimeEq as _};

use crate::error::{Error, Result, SignatureHeaderProblem};
use crate::limits::MAX_SIGNATURES;

/// Length of an HMAC-SHA256 tag.
pub(crate) const TAG_LEN: usize = 32;
/// Length of a tag in padded base64.
const TAG_BASE64_LEN: usize = 44;
/// Length of `v1,<base64 tag>`.
const V1_SIGNATURE_LEN: usize = 3 + TAG_BASE64_LEN;
/// The only version this library verifies (symmetric HMAC-SHA256).
pub const VERSION_V1: &str = "v1";

/// A validated `webhook-signature` header: at most [`MAX_SIGNATURES`] entries
/// and at least one well-formed `v1` entry.
///
/// The first `v1` tag is kept decoded; entries after it are decoded again only
/// when compared. Headers almost always hold one entry, so the common case
/// scans and decodes the header once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidates<'h> {
    first: [u8; TAG_LEN],
    /// The header after the first well-formed `v1` entry.
    rest: &'h str,
    count: usize,
}

impl<'h> Candidates<'h> {
    /// Check the header's shape before any hashing, so hostile headers are
    /// rejected without touching the body.
    ///
    /// Malformed entries and other versions are skipped (a sender may add
    /// versions we do not know), but counted for the error message.
    pub(crate) fn parse(header: &'h str) -> Result<Candidates<'h>> {
        if let Some(single) = Candidates::single_v1(header) {
            return Ok(single);
        }
        let mut first: Option<([u8; TAG_LEN], usize)> = None;
        let mut count = 0usize;
        let mut problem = SignatureHeaderProblem {
            malformed: 0,
            unsupported_versions: 0,
        };
        for (index, entry) in entries(header).enumerate() {
            if index >= MAX_SIGNATURES {
                return Err(Error::TooManySignatures {
                    max: MAX_SIGNATURES,
                });
            }
            match split_version(entry) {
                Some((b"v1", encoded)) => match decode_tag(encoded) {
                    Some(tag) => {
                        count = count.saturating_add(1);
                        if first.is_none() {
                            first = Some((tag, end_offset(header, entry)));
                        }
                    }
                    None => problem.malformed = problem.malformed.saturating_add(1),
                },
                None => problem.malformed = problem.malformed.saturating_add(1),
                Some(_) => {
                    problem.unsupported_versions = problem.unsupported_versions.saturating_add(1);
                }
            }
        }
        let Some((first, rest_start)) = first else {
            return Err(Error::InvalidSignatureHeader(problem));
        };
        Ok(Candidates {
            first,
            rest: header.get(rest_start..).unwrap_or_default(),
            count,
        })
    }

    /// The header Replicate sends: exactly one canonical `v1,<base64>` entry.
    /// Base64 has no separators, so a tag that decodes is the whole header and
    /// the general split can be skipped; anything else takes the general path.
    fn single_v1(header: &'h str) -> Option<Candidates<'h>> {
        let encoded = header.strip_prefix("v1,")?;
        Some(Candidates {
            first: decode_tag(encoded.as_bytes())?,
            rest: "",
            count: 1,
        })
    }

    /// How many well-formed `v1` tags the header holds.
    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// Whether `expected` equals any `v1` entry.
    ///
    /// Entries are decoded (attacker-chosen data) and compared as bytes with
    /// `subtle`; the secret-derived tag is never base64-encoded, so no table
    /// lookup is indexed by it. Every entry is compared in full and the results
    /// are combined without branching, so timing reveals neither which bytes
    /// differ nor which entry matched.
    pub(crate) fn matches(&self, expected: &[u8; TAG_LEN]) -> Choice {
        entries(self.rest)
            .filter_map(|entry| entry.strip_prefix(b"v1,"))
            .filter_map(decode_tag)
            .fold(self.first.ct_eq(expected), |found, candidate| {
                found | candidate.ct_eq(expected)
            })
    }
}

/// Byte offset in `header` just past `entry`, a subslice of it.
fn end_offset(header: &str, entry: &[u8]) -> usize {
    let start = (entry.as_ptr() as usize).saturating_sub(header.as_ptr() as usize);
    start.saturating_add(entry.len())
}

/// The constant-time comparison alone, for the dudect timing test
/// (`make timing`); not part of the API.
#[cfg(feature = "timing-test")]
#[doc(hidden)]
pub fn timing_test_matches(signature_header: &str, expected: &[u8; TAG_LEN]) -> bool {
    Candidates::parse(signature_header).is_ok_and(|candidates| candidates.matches(expected).into())
}

/// Entries are separated by spaces (tabs tolerated); runs of separators are one.
/// Bytes, not chars: the grammar is ASCII, and splitting on a char set decodes
/// UTF-8.
fn entries(header: &str) -> impl Iterator<Item = &[u8]> {
    header
        .as_bytes()
        .split(|byte| matches!(byte, b' ' | b'\t'))
        .filter(|entry| !entry.is_empty())
}

/// `version,value` split at the first comma.
fn split_version(entry: &[u8]) -> Option<(&[u8], &[u8])> {
    let comma = entry.iter().position(|byte| *byte == b',')?;
    Some((entry.get(..comma)?, entry.get(comma.saturating_add(1)..)?))
}

/// Canonical padded standard base64 of exactly 32 bytes, or nothing.
fn decode_tag(encoded: &[u8]) -> Option<[u8; TAG_LEN]> {
    if encoded.len() != TAG_BASE64_LEN {
        return None;
    }
    // The decoder wants room for its worst-case estimate, a little over 32 bytes.
    let mut buffer = [0u8; TAG_BASE64_LEN];
    let written = STANDARD.decode_slice(encoded, &mut buffer).ok()?;
    if written != TAG_LEN {
        return None;
    }
    let mut tag = [0u8; TAG_LEN];
    tag.copy_from_slice(buffer.get(..TAG_LEN)?);
    Some(tag)
}

/// `v1,<base64>` for a computed tag.
pub(crate) fn format_v1(tag: &[u8]) -> alloc::string::String {
    let mut text = alloc::string::String::with_capacity(V1_SIGNATURE_LEN);
    text.push_str(VERSION_V1);
    text.push(',');
    STANDARD.encode_string(tag, &mut text);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    #[test]
    fn skips_malformed_and_unknown_entries() {
        let header = format!("nocomma v2,abc v1, v1,abc v1a,xyz {GOOD} v1,{}", &GOOD[3..]);
        assert_eq!(Candidates::parse(&header).unwrap().len(), 2);
        let error = Candidates::parse("nocomma v2,abc v1, v1,abc v1a,xyz").unwrap_err();
        assert_eq!(
            error,
            Error::InvalidSignatureHeader(SignatureHeaderProblem {
                malformed: 3,
                unsupported_versions: 2
            })
        );
    }

    #[test]
    fn matches_only_the_exact_tag() {
        let mut tag = [0u8; TAG_LEN];
        STANDARD.decode_slice(&GOOD[3..], &mut [0u8; 48]).unwrap();
        let decoded = STANDARD.decode(&GOOD[3..]).unwrap();
        tag.copy_from_slice(&decoded);
        let header = format!("v2,x {GOOD}");
        assert!(bool::from(
            Candidates::parse(&header).unwrap().matches(&tag)
        ));
        tag[31] ^= 1;
        assert!(!bool::from(
            Candidates::parse(&header).unwrap().matches(&tag)
        ));
    }

    #[test]
    fn rejects_non_canonical_base64() {
        assert!(decode_tag(&GOOD.as_bytes()[3..]).is_some());
        assert!(decode_tag(b"g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE").is_none());
        assert!(decode_tag(b"g0hM9SsE-OTPJTGt_tmIKtSyZlE3uFJELVlNIOLJ1OE=").is_none());
        assert!(decode_tag(b"g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OF=").is_none());
    }

    #[test]
    fn single_entry_fast_path_agrees_with_the_general_split() {
        // Taken: exactly one canonical entry.
        assert!(Candidates::single_v1(GOOD).is_some());
        // Not taken; the general path decides.
        for header in [
            format!(" {GOOD}"),
            format!("{GOOD} "),
            format!("{GOOD}\tv2,x"),
            format!("v1,{}", &GOOD[4..]),
            format!("v2,{}", &GOOD[3..]),
        ] {
            assert!(Candidates::single_v1(&header).is_none(), "{header}");
        }
        let fast = Candidates::parse(GOOD).unwrap();
        let padded = format!(" {GOOD} ");
        let general = Candidates::parse(&padded).unwrap();
        assert_eq!((fast.first, fast.count), (general.first, general.count));
    }

    #[test]
    fn caps_entry_count() {
        let header = vec![GOOD; MAX_SIGNATURES + 1].join(" ");
        assert_eq!(
            Candidates::parse(&header).unwrap_err().code(),
            crate::ErrorCode::TooManySignatures
        );
        let header = vec![GOOD; MAX_SIGNATURES].join(" ");
        assert_eq!(Candidates::parse(&header).unwrap().len(), MAX_SIGNATURES);
    }
}
