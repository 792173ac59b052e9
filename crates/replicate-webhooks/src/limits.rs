//! Caps that bound the work done on untrusted headers.
//!
//! Verification costs one HMAC pass over the body plus work bounded by these
//! constants, whatever the headers hold. Values past a cap are rejected with
//! [`ErrorCode::HeaderTooLarge`](crate::ErrorCode::HeaderTooLarge) or
//! [`ErrorCode::TooManySignatures`](crate::ErrorCode::TooManySignatures).

/// Longest accepted `webhook-id`, in bytes (Replicate's ids are about 30).
pub const MAX_ID_LEN: usize = 256;
/// Longest accepted `webhook-timestamp`, in bytes.
pub const MAX_TIMESTAMP_LEN: usize = 32;
/// Longest accepted `webhook-signature`, in bytes: room for 32 entries of even
/// the longer asymmetric (`v1a`) kind.
pub const MAX_SIGNATURE_HEADER_LEN: usize = 4096;
/// Most entries considered in `webhook-signature`. Rotation needs two or three.
pub const MAX_SIGNATURES: usize = 32;
/// Tolerance applied when none is configured: five minutes either way, as in
/// the Standard Webhooks reference libraries.
pub const DEFAULT_TOLERANCE_SECONDS: u64 = 300;
