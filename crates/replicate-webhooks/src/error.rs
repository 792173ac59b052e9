//! The one error type of the crate, and the stable codes every binding exposes.
//!
//! Each failure has a [`ErrorCode`]: a short snake_case string that never changes
//! between releases and is identical in Rust, JavaScript and Python. Match on the
//! code (or the variant) — never on the message, which is for humans and may be
//! reworded. Messages name what was wrong (which header, how far out of the
//! tolerance window) but never contain a secret.

use alloc::string::String;
use core::fmt;

/// The stable, machine-readable identity of an [`Error`].
///
/// [`ErrorCode::as_str`] gives the string every binding uses; [`ErrorCode::ALL`]
/// lists every code so binding tests can check they expose the same set.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorCode {
    /// A required header (`webhook-id`, `webhook-timestamp`, `webhook-signature`,
    /// or its `svix-` alias) is absent or empty.
    MissingHeader,
    /// A header value is longer than this library accepts (see [`crate::limits`]).
    HeaderTooLarge,
    /// `webhook-timestamp` is not a plain decimal integer of seconds.
    InvalidTimestamp,
    /// `webhook-timestamp` is further in the past than the tolerance allows.
    TimestampTooOld,
    /// `webhook-timestamp` is further in the future than the tolerance allows.
    TimestampTooNew,
    /// `webhook-signature` holds no well-formed `v1,<base64>` entry.
    InvalidSignatureHeader,
    /// `webhook-signature` lists more entries than this library considers.
    TooManySignatures,
    /// Well-formed `v1` signatures were present but none matches any secret.
    NoMatchingSignature,
    /// A signing secret is empty or is not (optionally `whsec_`-prefixed) base64.
    InvalidSecret,
    /// The body is not a Replicate prediction or training object.
    InvalidPayload,
    /// A binding was given a body that is not the raw request body (bytes or text).
    InvalidBody,
    /// A binding was given an argument of the wrong type or range.
    InvalidArgument,
    /// A [`ReplayGuard`](crate::replay::ReplayGuard) has already seen this
    /// `webhook-id` succeed: acknowledge it (2xx) without processing it again.
    Replayed,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::MissingHeader,
        ErrorCode::HeaderTooLarge,
        ErrorCode::InvalidTimestamp,
        ErrorCode::TimestampTooOld,
        ErrorCode::TimestampTooNew,
        ErrorCode::InvalidSignatureHeader,
        ErrorCode::TooManySignatures,
        ErrorCode::NoMatchingSignature,
        ErrorCode::InvalidSecret,
        ErrorCode::InvalidPayload,
        ErrorCode::InvalidBody,
        ErrorCode::InvalidArgument,
        ErrorCode::Replayed,
    ];

    /// The stable snake_case string for this code, e.g. `"no_matching_signature"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MissingHeader => "missing_header",
            ErrorCode::HeaderTooLarge => "header_too_large",
            ErrorCode::InvalidTimestamp => "invalid_timestamp",
            ErrorCode::TimestampTooOld => "timestamp_too_old",
            ErrorCode::TimestampTooNew => "timestamp_too_new",
            ErrorCode::InvalidSignatureHeader => "invalid_signature_header",
            ErrorCode::TooManySignatures => "too_many_signatures",
            ErrorCode::NoMatchingSignature => "no_matching_signature",
            ErrorCode::InvalidSecret => "invalid_secret",
            ErrorCode::InvalidPayload => "invalid_payload",
            ErrorCode::InvalidBody => "invalid_body",
            ErrorCode::InvalidArgument => "invalid_argument",
            ErrorCode::Replayed => "replayed",
        }
    }

    /// The code whose [`as_str`](Self::as_str) is `code`, if any.
    pub fn from_str_code(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a secret was rejected.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretProblem {
    /// No secret at all: an empty string, `whsec_` alone, or an empty list.
    Empty,
    /// The part after `whsec_` is not standard base64.
    NotBase64,
}

/// Why a `webhook-signature` header yielded nothing to compare.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureHeaderProblem {
    /// Entries that were skipped because they had no `,`, or a `v1` value that
    /// was not 32 bytes of canonical base64.
    pub malformed: usize,
    /// Entries with a version other than `v1`.
    pub unsupported_versions: usize,
}

/// Everything that can go wrong when verifying, signing or parsing a webhook.
///
/// Use [`Error::code`] for a stable identity. `Display` gives a one-line message
/// fit for logs; it never includes a secret.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A required header is absent or empty. `name` is the `webhook-*` name.
    MissingHeader {
        /// The header that was looked for, e.g. `"webhook-id"`.
        name: &'static str,
    },
    /// A header value exceeds its cap.
    HeaderTooLarge {
        /// The header, e.g. `"webhook-signature"`.
        name: &'static str,
        /// Its length in bytes.
        len: usize,
        /// The cap in bytes.
        max: usize,
    },
    /// `webhook-timestamp` is not decimal integer seconds.
    InvalidTimestamp,
    /// The timestamp is older than `now - tolerance`.
    TimestampTooOld {
        /// How many seconds before "now" the webhook was signed.
        age_seconds: u64,
        /// The tolerance in force.
        tolerance_seconds: u64,
    },
    /// The timestamp is newer than `now + tolerance`.
    TimestampTooNew {
        /// How many seconds after "now" the webhook claims to be signed.
        ahead_seconds: u64,
        /// The tolerance in force.
        tolerance_seconds: u64,
    },
    /// No well-formed `v1` entry in `webhook-signature`.
    InvalidSignatureHeader(SignatureHeaderProblem),
    /// More entries in `webhook-signature` than [`crate::limits::MAX_SIGNATURES`].
    TooManySignatures {
        /// The cap.
        max: usize,
    },
    /// Well-formed `v1` signatures, none of which matches.
    NoMatchingSignature {
        /// How many `v1` signatures were compared.
        candidates: usize,
        /// How many secrets each was compared against.
        secrets: usize,
    },
    /// A secret could not be used.
    InvalidSecret(SecretProblem),
    /// The body is not a usable Replicate payload.
    InvalidPayload {
        /// What the JSON parser or the payload rules objected to.
        reason: String,
    },
    /// (Bindings) the body argument is not the raw body.
    InvalidBody {
        /// What was passed and how to pass the raw body instead.
        reason: String,
    },
    /// (Bindings) an argument has the wrong type or range.
    InvalidArgument {
        /// Which argument and what was wrong.
        reason: String,
    },
    /// The webhook id was already processed successfully.
    Replayed {
        /// The `webhook-id`.
        id: String,
    },
}

impl Error {
    /// The stable code of this error.
    pub const fn code(&self) -> ErrorCode {
        match self {
            Error::MissingHeader { .. } => ErrorCode::MissingHeader,
            Error::HeaderTooLarge { .. } => ErrorCode::HeaderTooLarge,
            Error::InvalidTimestamp => ErrorCode::InvalidTimestamp,
            Error::TimestampTooOld { .. } => ErrorCode::TimestampTooOld,
            Error::TimestampTooNew { .. } => ErrorCode::TimestampTooNew,
            Error::InvalidSignatureHeader(_) => ErrorCode::InvalidSignatureHeader,
            Error::TooManySignatures { .. } => ErrorCode::TooManySignatures,
            Error::NoMatchingSignature { .. } => ErrorCode::NoMatchingSignature,
            Error::InvalidSecret(_) => ErrorCode::InvalidSecret,
            Error::InvalidPayload { .. } => ErrorCode::InvalidPayload,
            Error::InvalidBody { .. } => ErrorCode::InvalidBody,
            Error::InvalidArgument { .. } => ErrorCode::InvalidArgument,
            Error::Replayed { .. } => ErrorCode::Replayed,
        }
    }

    /// An [`Error::InvalidBody`] with the given explanation (for bindings).
    pub fn invalid_body(reason: impl Into<String>) -> Error {
        Error::InvalidBody {
            reason: reason.into(),
        }
    }

    /// An [`Error::InvalidArgument`] with the given explanation (for bindings).
    pub fn invalid_argument(reason: impl Into<String>) -> Error {
        Error::InvalidArgument {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::MissingHeader { name } => {
                write!(f, "missing or empty {name} header")
            }
            Error::HeaderTooLarge { name, len, max } => {
                write!(
                    f,
                    "{name} header is {len} bytes long; at most {max} are accepted"
                )
            }
            Error::InvalidTimestamp => f.write_str(
                "webhook-timestamp header is not a whole number of seconds since the Unix epoch",
            ),
            Error::TimestampTooOld {
                age_seconds,
                tolerance_seconds,
            } => write!(
                f,
                "webhook timestamp is {age_seconds} s in the past, outside the tolerance of {tolerance_seconds} s (possible replay)"
            ),
            Error::TimestampTooNew {
                ahead_seconds,
                tolerance_seconds,
            } => write!(
                f,
                "webhook timestamp is {ahead_seconds} s in the future, outside the tolerance of {tolerance_seconds} s (check the clock)"
            ),
            Error::InvalidSignatureHeader(problem) => write!(
                f,
                "webhook-signature header has no well-formed v1 signature ({} malformed, {} of other versions)",
                problem.malformed, problem.unsupported_versions
            ),
            Error::TooManySignatures { max } => {
                write!(f, "webhook-signature header has more than {max} entries")
            }
            Error::NoMatchingSignature {
                candidates,
                secrets,
            } => write!(
                f,
                "no signature matches: {candidates} v1 signature(s) checked against {secrets} secret(s); was the raw body changed or the wrong secret used?"
            ),
            Error::InvalidSecret(SecretProblem::Empty) => {
                f.write_str("the webhook secret is empty")
            }
            Error::InvalidSecret(SecretProblem::NotBase64) => {
                f.write_str("the webhook secret is not valid: expected `whsec_` followed by base64")
            }
            Error::InvalidPayload { reason } => {
                write!(
                    f,
                    "body is not a Replicate prediction or training: {reason}"
                )
            }
            Error::InvalidBody { reason } => write!(f, "invalid body: {reason}"),
            Error::InvalidArgument { reason } => write!(f, "invalid argument: {reason}"),
            Error::Replayed { id } => write!(
                f,
                "webhook {id} was already processed; acknowledge it without processing it again"
            ),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = core::result::Result<T, E>;
