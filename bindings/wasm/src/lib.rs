//! wasm-bindgen glue for the `replicate-webhooks` npm package.
//!
//! Everything here converts bytes and calls the core; no check of a signature,
//! timestamp or payload is made in this crate or in the JS layer.
//!
//! The interface is deliberately narrow, to keep the `.wasm` and its glue
//! small: one class, [`Verifier`], whose methods take and return numbers only.
//! The JS layer writes the inputs of a call into the verifier's scratch buffer
//! (see [`Reader`] for the layout), makes the call, and reads the answer:
//!
//! * the returned `i32`: `>= 0` on success (flags, see [`TRAINING`] and
//!   [`TERMINAL`]), or the bitwise NOT of the error's index in
//!   [`ErrorCode::ALL`] on failure (JS: `errorCodes[~status]`);
//! * the text output ([`Verifier::out_ptr`] / [`Verifier::out_len`]): the
//!   core's message on failure, the verified `webhook-id` or the signature on
//!   success; and [`Verifier::timestamp`].
//!
//! Nothing here may panic: a trap would leave wasm-bindgen's borrow flags
//! inconsistent. Lengths and counts come from the JS layer and are checked
//! against the buffer; a failed allocation is reported, not aborted on.

#![cfg_attr(all(target_arch = "wasm32", not(test)), no_std)]

extern crate alloc;

mod reader;

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use replicate_webhooks::payload::{Kind, Summary};
use replicate_webhooks::{Error, ErrorCode, Secret, StreamingVerifier, Verified, Webhook};
use wasm_bindgen::prelude::*;

use reader::{Reader, argument};

// On wasm32, std is not linked (it would bring its panic and formatting
// machinery): the allocator is the same dlmalloc std uses on this target, and a
// panic, which the core guarantees not to reach, traps. (Host builds, for
// `cargo clippy --workspace`, keep std.)
#[cfg(all(target_arch = "wasm32", not(test)))]
#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

#[cfg(all(target_arch = "wasm32", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

/// Success flag: the parsed payload is a training (else a prediction).
pub const TRAINING: i32 = 1;
/// Success flag: the parsed payload's status is terminal.
pub const TERMINAL: i32 = 2;

/// The largest integer a JS number holds exactly (2^53 - 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A scratch buffer above this size is dropped at the next smaller request, so
/// one huge body does not pin its memory for the life of the verifier.
const SCRATCH_KEEP: usize = 1 << 20;

/// `tolerance` argument of [`Verifier::configure`]: the core's default window.
const TOLERANCE_DEFAULT: f64 = -1.0;
/// `tolerance` argument of [`Verifier::configure`]: no window check.
const TOLERANCE_OFF: f64 = -2.0;

/// What [`Verifier::fail`] builds.
const FAIL_ARGUMENT: u32 = 0;
const FAIL_BODY: u32 = 1;
const FAIL_BODY_TOO_LARGE: u32 = 2;
const FAIL_REPLAYED: u32 = 3;
const FAIL_BODY_USED: u32 = 4;

/// A verifier (secrets and tolerance, key state prepared once), a streaming
/// verification in progress, or both; plus the scratch and output buffers.
#[wasm_bindgen]
pub struct Verifier {
    webhook: Option<Webhook>,
    stream: Option<StreamingVerifier>,
    scratch: Vec<u8>,
    out: String,
    timestamp: u64,
}

impl Default for Verifier {
    fn default() -> Verifier {
        Verifier::new()
    }
}

#[wasm_bindgen]
impl Verifier {
    /// An empty verifier: enough for [`parse`](Self::parse),
    /// [`fail`](Self::fail) and [`codes`](Self::codes); call
    /// [`configure`](Self::configure) before verifying or signing.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Verifier {
        Verifier {
            webhook: None,
            stream: None,
            scratch: Vec::new(),
            out: String::new(),
            timestamp: 0,
        }
    }

    /// Make the scratch buffer at least `len` bytes and return its address in
    /// wasm memory, or 0 when memory cannot grow that far. Growing keeps the
    /// contents (the JS writer relies on it), though the address may change.
    pub fn reserve(&mut self, len: usize) -> usize {
        if self.scratch.len() > SCRATCH_KEEP && len <= SCRATCH_KEEP {
            self.scratch = Vec::new();
        }
        if self.scratch.len() < len {
            let more = len.saturating_sub(self.scratch.len());
            if self.scratch.try_reserve_exact(more).is_err() {
                return 0;
            }
            self.scratch.resize(len, 0);
        }
        self.scratch.as_mut_ptr() as usize
    }

    /// The text output: address and length in bytes (UTF-8).
    #[wasm_bindgen(js_name = outPtr)]
    pub fn out_ptr(&self) -> usize {
        self.out.as_ptr() as usize
    }

    /// See [`out_ptr`](Self::out_ptr).
    #[wasm_bindgen(js_name = outLen)]
    pub fn out_len(&self) -> usize {
        self.out.len()
    }

    /// The `webhook-timestamp` of the last successful verification, in
    /// seconds (exact up to 2^53; larger ones pass only with the window off).
    pub fn timestamp(&self) -> f64 {
        self.timestamp as f64
    }

    /// Every error code (`ErrorCode::ALL`), comma-separated, into the output.
    pub fn codes(&mut self) -> i32 {
        let names: Vec<&str> = ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
        self.out = names.join(",");
        0
    }

    /// Set the secrets and tolerance. Scratch: a count, then that many secret
    /// segments (`whsec_…` text), or with `raw` one segment of key bytes.
    /// `tolerance`: whole seconds, [`TOLERANCE_DEFAULT`] or [`TOLERANCE_OFF`].
    pub fn configure(&mut self, raw: bool, tolerance: f64) -> i32 {
        let result = configure(&self.scratch, raw, tolerance);
        match result {
            Ok(webhook) => {
                self.webhook = Some(webhook);
                0
            }
            Err(error) => self.failed(&error),
        }
    }

    /// Verify. Scratch: a header block, then the body segment. `now` in whole
    /// seconds. With `parse`, the body is then checked as a Replicate payload
    /// and the flags say its kind and whether it is terminal.
    pub fn verify(&mut self, now: f64, parse: bool) -> i32 {
        // The id is copied into `out` by `verify` itself: it borrows the scratch.
        let result = verify(
            self.webhook.as_ref(),
            &self.scratch,
            now,
            parse,
            &mut self.out,
        );
        self.settle(result)
    }

    /// Check the headers (scratch: a header block) and start a streaming
    /// verification whose state goes into `into` (another, empty verifier);
    /// the body is then fed to `into` with [`update`](Self::update).
    pub fn begin(&self, now: f64, into: &mut Verifier) -> i32 {
        let result = begin(self.webhook.as_ref(), &self.scratch, now);
        match result {
            Ok(stream) => {
                into.stream = Some(stream);
                0
            }
            Err(error) => into.failed(&error),
        }
    }

    /// Feed the first `len` bytes of the scratch buffer to the streaming verification.
    pub fn update(&mut self, len: usize) -> i32 {
        let chunk = self.scratch.get(..len);
        match (self.stream.as_mut(), chunk) {
            (Some(stream), Some(chunk)) => {
                stream.update(chunk);
                0
            }
            (None, _) => self.failed(&argument("no streaming verification in progress")),
            (_, None) => self.failed(&argument("chunk length exceeds the reserved buffer")),
        }
    }

    /// Compare the signatures once the whole body was fed; ends the stream.
    pub fn finish(&mut self) -> i32 {
        let result = match self.stream.take() {
            Some(stream) => stream
                .finish()
                .map(|verified| (output_id(verified, &mut self.out), 0)),
            None => Err(argument("no streaming verification in progress")),
        };
        self.settle(result)
    }

    /// Sign with the first secret. Scratch: the id segment, then the body
    /// segment. The output is `v1,<base64>`.
    pub fn sign(&mut self, timestamp: f64) -> i32 {
        let result = sign(self.webhook.as_ref(), &self.scratch, timestamp);
        match result {
            Ok(signature) => {
                self.out = signature;
                0
            }
            Err(error) => self.failed(&error),
        }
    }

    /// Check a body (scratch: one segment) as a Replicate payload, without
    /// verifying it. The output is its `id`.
    pub fn parse(&mut self) -> i32 {
        let result = Reader::new(&self.scratch).bytes().and_then(Summary::parse);
        match result {
            Ok(summary) => {
                let flags = flags(&summary);
                self.out = summary.id;
                flags
            }
            Err(error) => self.failed(&error),
        }
    }

    /// An error the JS layer detected, worded by the core: `kind` 0 an
    /// invalid argument (scratch: the reason), 1 a body that is not the raw
    /// body (scratch: what was passed, e.g. "an object"), 2 a body too large
    /// for wasm memory (`number`: its size), 3 a replayed webhook (scratch:
    /// its id), 4 a request whose body was already read. Returns the code.
    pub fn fail(&mut self, kind: u32, number: f64) -> i32 {
        let text = Reader::new(&self.scratch).text();
        let error = match (kind, text) {
            (FAIL_ARGUMENT, Ok(reason)) => argument(reason),
            (FAIL_BODY, Ok(found)) => reader::not_raw_body(found),
            (FAIL_BODY_TOO_LARGE, _) => reader::body_too_large(number),
            (FAIL_REPLAYED, Ok(id)) => Error::Replayed {
                id: String::from(id),
            },
            (FAIL_BODY_USED, _) => reader::body_used(),
            (_, Err(error)) => error,
            _ => argument("unknown failure kind"),
        };
        self.failed(&error)
    }
}

impl Verifier {
    /// Record a failure's message; the status for its code.
    fn failed(&mut self, error: &Error) -> i32 {
        self.out = error.to_string();
        status(error.code())
    }

    /// Record a verification's outcome, `(timestamp, flags)` on success (the
    /// id is already in `out`, see [`output_id`]).
    fn settle(&mut self, result: Result<(u64, i32), Error>) -> i32 {
        match result {
            Ok((timestamp, flags)) => {
                self.timestamp = timestamp;
                flags
            }
            Err(error) => self.failed(&error),
        }
    }
}

/// The failure status of `code`: the bitwise NOT of its index in `ErrorCode::ALL`.
fn status(code: ErrorCode) -> i32 {
    let index = ErrorCode::ALL
        .iter()
        .position(|known| *known == code)
        .and_then(|index| i32::try_from(index).ok())
        .unwrap_or(i32::MAX);
    !index
}

fn flags(summary: &Summary) -> i32 {
    let kind = match summary.kind {
        Kind::Training => TRAINING,
        _ => 0,
    };
    let terminal = if summary.is_terminal() { TERMINAL } else { 0 };
    kind | terminal
}

fn configure(scratch: &[u8], raw: bool, tolerance: f64) -> Result<Webhook, Error> {
    let mut reader = Reader::new(scratch);
    let webhook = if raw {
        Webhook::from_secrets(&[Secret::from_bytes(reader.bytes()?)?])?
    } else {
        let count = reader.count()?;
        let mut secrets = Vec::new();
        for _ in 0..count {
            secrets.push(reader.text()?);
        }
        Webhook::with_secrets(secrets)?
    };
    if tolerance == TOLERANCE_DEFAULT {
        Ok(webhook)
    } else if tolerance == TOLERANCE_OFF {
        Ok(webhook.without_timestamp_check())
    } else {
        Ok(webhook.with_tolerance(whole_seconds(tolerance, "toleranceSeconds")?))
    }
}

fn configured(webhook: Option<&Webhook>) -> Result<&Webhook, Error> {
    webhook.ok_or_else(|| argument("the verifier has no secrets"))
}

/// Verify; on success the id is in `id` and the result is `(timestamp, flags)`.
fn verify(
    webhook: Option<&Webhook>,
    scratch: &[u8],
    now: f64,
    parse: bool,
    id: &mut String,
) -> Result<(u64, i32), Error> {
    let webhook = configured(webhook)?;
    let now = whole_seconds(now, "now")?;
    let mut reader = Reader::new(scratch);
    let headers = reader.headers()?;
    let body = reader.bytes()?;
    let verified = webhook.verify_at(&headers, body, now)?;
    // The body is parsed only once the signature checks out.
    let flags = if parse {
        flags(&Summary::parse(body)?)
    } else {
        0
    };
    Ok((output_id(verified, id), flags))
}

/// Put a verified id into the output text (reusing its allocation); returns
/// the timestamp.
fn output_id(verified: Verified<'_>, out: &mut String) -> u64 {
    out.clear();
    out.push_str(&verified.id);
    verified.timestamp
}

fn begin(webhook: Option<&Webhook>, scratch: &[u8], now: f64) -> Result<StreamingVerifier, Error> {
    let webhook = configured(webhook)?;
    let now = whole_seconds(now, "now")?;
    let headers = Reader::new(scratch).headers()?;
    webhook.begin_at(&headers, now)
}

fn sign(webhook: Option<&Webhook>, scratch: &[u8], timestamp: f64) -> Result<String, Error> {
    let webhook = configured(webhook)?;
    let timestamp = whole_seconds(timestamp, "timestamp")?;
    let mut reader = Reader::new(scratch);
    let id = reader.text()?;
    let body = reader.bytes()?;
    Ok(webhook.sign(id, timestamp, body))
}

/// A JS number as whole seconds: an integer from 0 to 2^53 - 1.
fn whole_seconds(value: f64, what: &str) -> Result<u64, Error> {
    if (0.0..=MAX_SAFE_INTEGER).contains(&value) {
        // In range and not NaN, so the cast is exact for an integer.
        let seconds = value as u64;
        if seconds as f64 == value {
            return Ok(seconds);
        }
    }
    Err(Error::invalid_argument(alloc::format!(
        "{what} must be a whole number of seconds from 0 to 2^53 - 1"
    )))
}
