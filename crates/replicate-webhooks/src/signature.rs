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

/// The `v1` tags found in a signature header, ready to compare.
#[derive(Debug)]
pub(crate) struct Candidates {
    tags: [[u8; TAG_LEN]; MAX_SIGNATURES],
    count: usize,
    problem: SignatureHeaderProblem,
}

impl Candidates {
    /// Split the header into entries and decode every well-formed `v1` tag.
    ///
    /// Malformed entries and other versions are skipped (a sender may add
    /// versions we do not know), but counted for the error message.
    pub(crate) fn parse(header: &str) -> Result<Candidates> {
        let mut candidates = Candidates {
            tags: [[0; TAG_LEN]; MAX_SIGNATURES],
            count: 0,
            problem: SignatureHeaderProblem {
                malformed: 0,
                unsupported_versions: 0,
            },
        };
        let entries = header.split([' ', '\t']).filter(|entry| !entry.is_empty());
        for (index, entry) in entries.enumerate() {
            if index >= MAX_SIGNATURES {
                return Err(Error::TooManySignatures {
                    max: MAX_SIGNATURES,
                });
            }
            match entry.split_once(',') {
                Some((VERSION_V1, encoded)) => match decode_tag(encoded) {
                    Some(tag) => candidates.push(tag),
                    None => {
                        candidates.problem.malformed =
                            candidates.problem.malformed.saturating_add(1)
                    }
                },
                Some(_) => {
                    candidates.problem.unsupported_versions =
                        candidates.problem.unsupported_versions.saturating_add(1);
                }
                None => {
                    candidates.problem.malformed = candidates.problem.malformed.saturating_add(1)
                }
            }
        }
        if candidates.count == 0 {
            return Err(Error::InvalidSignatureHeader(candidates.problem));
        }
        Ok(candidates)
    }

    fn push(&mut self, tag: [u8; TAG_LEN]) {
        // `parse` stops at MAX_SIGNATURES entries, so a slot is always free.
        if let Some(slot) = self.tags.get_mut(self.count) {
            *slot = tag;
            self.count = self.count.saturating_add(1);
        }
    }

    /// How many `v1` tags were found.
    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// Whether `expected` equals any candidate. Every candidate is compared in
    /// full and the results are combined without branching, so the time taken
    /// says nothing about which bytes (or which entry) matched.
    pub(crate) fn matches(&self, expected: &[u8; TAG_LEN]) -> Choice {
        self.tags
            .iter()
            .take(self.count)
            .fold(Choice::from(0), |found, tag| found | tag.ct_eq(expected))
    }
}

/// Canonical padded standard base64 of exactly 32 bytes, or nothing.
fn decode_tag(encoded: &str) -> Option<[u8; TAG_LEN]> {
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
        let candidates = Candidates::parse(&header).unwrap();
        assert_eq!(candidates.len(), 2);
        assert_eq!(candidates.problem.malformed, 3);
        assert_eq!(candidates.problem.unsupported_versions, 2);
    }

    #[test]
    fn rejects_non_canonical_base64() {
        assert!(decode_tag(&GOOD[3..]).is_some());
        assert!(decode_tag("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE").is_none());
        assert!(decode_tag("g0hM9SsE-OTPJTGt_tmIKtSyZlE3uFJELVlNIOLJ1OE=").is_none());
        assert!(decode_tag("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OF=").is_none());
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
