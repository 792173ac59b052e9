//! Exit codes, and the error type that carries them.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success: verified, signed, or the final webhook was accepted |
//! | 1 | input problem: a file could not be read, a `--header` or `--request` file is malformed, a port could not be bound, a `--payload` file is not JSON |
//! | 2 | usage error (unknown flag, missing argument) |
//! | 3 | `send`: the final webhook was never accepted (every attempt failed or was refused) |
//! | 10 | `missing_header` |
//! | 11 | `header_too_large` |
//! | 12 | `invalid_timestamp` |
//! | 13 | `timestamp_too_old` |
//! | 14 | `timestamp_too_new` |
//! | 15 | `invalid_signature_header` |
//! | 16 | `too_many_signatures` |
//! | 17 | `no_matching_signature` |
//! | 18 | `invalid_secret` |
//! | 19 | `invalid_payload` |
//! | 20 | `invalid_body` |
//! | 21 | `invalid_argument` |
//! | 22 | `replayed` |
//!
//! Codes 10–22 follow the core's [`ErrorCode`]s one to one, so a script can
//! tell a replay (13) from a forged body (17) without reading the message.

use core::fmt;

use replicate_webhooks::{Error, ErrorCode};

/// Success.
pub const OK: u8 = 0;
/// A file, header, request or port could not be used.
pub const INPUT: u8 = 1;
/// Usage error (clap's own code).
pub const USAGE: u8 = 2;
/// `send`: the final webhook was never accepted.
pub const NOT_ACCEPTED: u8 = 3;

/// The exit codes, for `--help`.
pub const HELP: &str = "\
Exit codes:
  0  success          1  input error (file, header, request, port)
  2  usage error      3  send: the final webhook was never accepted
  10 missing_header            11 header_too_large
  12 invalid_timestamp         13 timestamp_too_old
  14 timestamp_too_new         15 invalid_signature_header
  16 too_many_signatures       17 no_matching_signature
  18 invalid_secret            19 invalid_payload
  20 invalid_body              21 invalid_argument
  22 replayed";

/// The exit code for a verification error code (10–22, see the [module docs](self)).
///
/// A code newer than this crate falls back to [`INPUT`]; a test makes sure
/// every code the core knows today has its own number.
pub fn for_code(code: ErrorCode) -> u8 {
    match code {
        ErrorCode::MissingHeader => 10,
        ErrorCode::HeaderTooLarge => 11,
        ErrorCode::InvalidTimestamp => 12,
        ErrorCode::TimestampTooOld => 13,
        ErrorCode::TimestampTooNew => 14,
        ErrorCode::InvalidSignatureHeader => 15,
        ErrorCode::TooManySignatures => 16,
        ErrorCode::NoMatchingSignature => 17,
        ErrorCode::InvalidSecret => 18,
        ErrorCode::InvalidPayload => 19,
        ErrorCode::InvalidBody => 20,
        ErrorCode::InvalidArgument => 21,
        ErrorCode::Replayed => 22,
        _ => INPUT,
    }
}

/// Why a command failed.
#[derive(Debug)]
pub enum CliError {
    /// The core refused a webhook or a secret.
    Webhook {
        /// The core's error (its code picks the exit code).
        error: Error,
        /// Extra advice appended to the message.
        hint: Option<&'static str>,
        /// Already printed (as JSON on stdout); don't print it again.
        reported: bool,
    },
    /// A file, header, request file or socket could not be used.
    Input(String),
    /// `send`: the final webhook was never accepted.
    NotAccepted(String),
    /// Stdout was closed (e.g. piped into `head`): stop quietly.
    BrokenPipe,
}

impl CliError {
    /// An input problem with the given message.
    pub fn input(message: impl Into<String>) -> CliError {
        CliError::Input(message.into())
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Webhook { error, .. } => for_code(error.code()),
            CliError::Input(_) | CliError::BrokenPipe => INPUT,
            CliError::NotAccepted(_) => NOT_ACCEPTED,
        }
    }

    /// Whether nothing more should be printed: the command already printed
    /// the error itself, or there is nowhere to print to.
    pub fn is_reported(&self) -> bool {
        matches!(
            self,
            CliError::Webhook { reported: true, .. } | CliError::BrokenPipe
        )
    }

    /// Mark a webhook error as already printed.
    #[must_use]
    pub fn into_reported(self) -> CliError {
        match self {
            CliError::Webhook { error, hint, .. } => CliError::Webhook {
                error,
                hint,
                reported: true,
            },
            other => other,
        }
    }
}

impl From<Error> for CliError {
    fn from(error: Error) -> CliError {
        CliError::Webhook {
            error,
            hint: None,
            reported: false,
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(error: std::io::Error) -> CliError {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            return CliError::BrokenPipe;
        }
        CliError::Input(error.to_string())
    }
}

impl fmt::Display for CliError {
    /// `code: message` for webhook errors (e.g. `no_matching_signature: no
    /// signature matches: …`), the plain message otherwise.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Webhook { error, hint, .. } => {
                write!(f, "{}: {error}", error.code())?;
                if let Some(hint) = hint {
                    write!(f, " ({hint})")?;
                }
                Ok(())
            }
            CliError::Input(message) | CliError::NotAccepted(message) => f.write_str(message),
            CliError::BrokenPipe => f.write_str("output closed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_code_has_its_own_exit_code() {
        let mut seen = std::collections::BTreeSet::new();
        for &code in ErrorCode::ALL {
            let exit = for_code(code);
            assert!(exit >= 10, "{code} falls back to {exit}");
            assert!(seen.insert(exit), "{code} shares exit code {exit}");
        }
        assert!(!seen.contains(&OK) && !seen.contains(&INPUT) && !seen.contains(&USAGE));
        assert!(!seen.contains(&NOT_ACCEPTED));
    }

    #[test]
    fn the_help_lists_every_code() {
        for &code in ErrorCode::ALL {
            let entry = format!("{} {}", for_code(code), code.as_str());
            assert!(HELP.contains(&entry), "missing {entry}");
        }
    }

    #[test]
    fn exit_codes_are_documented() {
        let docs = include_str!("exit.rs");
        for &code in ErrorCode::ALL {
            let row = format!("| {} | `{}` |", for_code(code), code.as_str());
            assert!(docs.contains(&row), "missing row {row}");
        }
    }
}
