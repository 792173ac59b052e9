//! wasm-bindgen glue for the `replicate-webhooks` npm package.
//!
//! Everything here converts JS values and calls the core; no check of a
//! signature, timestamp or payload is made in this crate or in the JS layer.
//!
//! The hot path avoids a JS↔wasm round trip per argument: each [`Verifier`]
//! owns a scratch buffer that the JS layer fills with the header values and the
//! body (UTF-8, via `TextEncoder.encodeInto`), then one call passes only their
//! lengths. Free functions and signing take ordinary wasm-bindgen arguments.
//!
//! Nothing here may panic: a trap would leave wasm-bindgen's borrow flags and
//! the shadow stack inconsistent. Wrong JS types are rejected by the JS layer
//! before a call, and again here as `invalid_argument` where a value is dynamic.

mod error;

// Summary, not Payload: JS reads the body with JSON.parse, and building the
// typed structs would triple the wasm for data JS never sees.
use replicate_webhooks::payload::Summary;
use replicate_webhooks::{
    Error, HeaderSource, Secret, WEBHOOK_ID, WEBHOOK_SIGNATURE, WEBHOOK_TIMESTAMP, Webhook,
};
use wasm_bindgen::prelude::*;

pub use error::{Failure, body_too_large, error_codes, invalid_argument, invalid_body};

use error::argument;

/// The largest integer a JS number holds exactly (2^53 - 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A scratch buffer above this size is dropped at the next smaller request, so
/// one huge body does not pin its memory for the life of the verifier.
const SCRATCH_KEEP: usize = 1 << 20;

/// A verifier for one or more secrets, with its key state prepared once.
#[wasm_bindgen]
pub struct Verifier {
    webhook: Webhook,
    scratch: Vec<u8>,
}

/// What a successful verification (and parse) vouches for.
#[wasm_bindgen]
pub struct Event {
    id: String,
    timestamp: u64,
    parsed: Option<Parsed>,
}

/// The kind and terminal state of a parsed payload.
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub struct Parsed {
    kind: &'static str,
    terminal: bool,
}

#[wasm_bindgen]
impl Verifier {
    /// A verifier for `secrets` (`whsec_…` or bare base64 strings).
    /// `tolerance`: `undefined` = the core's default, `null` = no window check,
    /// or a whole number of seconds.
    #[wasm_bindgen(js_name = fromSecrets)]
    pub fn from_secrets(secrets: Vec<JsValue>, tolerance: JsValue) -> Result<Verifier, Failure> {
        let secrets = secrets
            .iter()
            .map(|secret| {
                secret
                    .as_string()
                    .ok_or_else(|| argument("every secret must be a string"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let webhook = Webhook::with_secrets(secrets)?;
        Verifier::finish(webhook, &tolerance)
    }

    /// A verifier for one raw key (the bytes themselves, no base64).
    #[wasm_bindgen(js_name = fromKey)]
    pub fn from_key(key: &[u8], tolerance: JsValue) -> Result<Verifier, Failure> {
        let webhook = Webhook::from_secrets(&[Secret::from_bytes(key)?])?;
        Verifier::finish(webhook, &tolerance)
    }

    fn finish(webhook: Webhook, tolerance: &JsValue) -> Result<Verifier, Failure> {
        let webhook = if tolerance.is_undefined() {
            webhook
        } else if tolerance.is_null() {
            webhook.without_timestamp_check()
        } else {
            let seconds = tolerance
                .as_f64()
                .ok_or_else(|| argument("tolerance must be a number of seconds or null"))?;
            webhook.with_tolerance(whole_seconds(seconds, "tolerance")?)
        };
        Ok(Verifier {
            webhook,
            scratch: Vec::new(),
        })
    }

    /// Make the scratch buffer at least `len` bytes and return its address in
    /// wasm memory, or 0 when memory cannot grow that far (a failed allocation
    /// must not abort: the trap would leave this object borrowed for good).
    /// The JS layer writes the segments there before `verify*`.
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

    /// Verify a webhook whose header values and body sit in the scratch buffer,
    /// in this order: `webhook-id`, `webhook-timestamp`, `webhook-signature`,
    /// `svix-id`, `svix-timestamp`, `svix-signature` (each length, or -1 when
    /// the header is absent), then the body. With `parse`, also parse the body.
    #[allow(clippy::too_many_arguments)]
    pub fn verify(
        &self,
        id: i32,
        timestamp: i32,
        signature: i32,
        svix_id: i32,
        svix_timestamp: i32,
        svix_signature: i32,
        body: u32,
        now: f64,
        parse: bool,
    ) -> Result<Option<Event>, Failure> {
        let mut segments = Segments::new(&self.scratch);
        let values = [
            segments.text(id)?,
            segments.text(timestamp)?,
            segments.text(signature)?,
            segments.text(svix_id)?,
            segments.text(svix_timestamp)?,
            segments.text(svix_signature)?,
        ];
        let body = segments.bytes(body)?;
        let headers = Looked(values);
        self.run(&headers, body, now, parse)
    }

    /// Like [`verify`](Self::verify), for headers given as `[name, value]`
    /// pairs: `lengths` holds name and value lengths alternately, followed in
    /// the scratch buffer by the body.
    #[wasm_bindgen(js_name = verifyPairs)]
    pub fn verify_pairs(
        &self,
        lengths: &[u32],
        body: u32,
        now: f64,
        parse: bool,
    ) -> Result<Option<Event>, Failure> {
        let mut segments = Segments::new(&self.scratch);
        let mut pairs = Vec::with_capacity(lengths.len() / 2);
        for pair in lengths.chunks_exact(2) {
            if let [name, value] = pair {
                let name = segments.text(i32::try_from(*name).unwrap_or(-1))?;
                let value = segments.text(i32::try_from(*value).unwrap_or(-1))?;
                if let (Some(name), Some(value)) = (name, value) {
                    pairs.push((name, value));
                }
            }
        }
        let body = segments.bytes(body)?;
        self.run(pairs.as_slice(), body, now, parse)
    }

    fn run<H: HeaderSource + ?Sized>(
        &self,
        headers: &H,
        body: &[u8],
        now: f64,
        parse: bool,
    ) -> Result<Option<Event>, Failure> {
        let now = whole_seconds(now.floor(), "now")?;
        if !parse {
            self.webhook.verify_at(headers, body, now)?;
            return Ok(None);
        }
        // The body is parsed only once the signature checks out.
        let verified = self.webhook.verify_at(headers, body, now)?;
        let summary = Summary::parse(body)?;
        Ok(Some(Event {
            id: verified.id,
            timestamp: verified.timestamp,
            parsed: Some(Parsed::of(&summary)),
        }))
    }

    /// `v1,<base64>` over `id.timestamp.body`, with the first secret.
    #[wasm_bindgen(js_name = signText)]
    pub fn sign_text(&self, id: &str, timestamp: f64, body: &str) -> Result<String, Failure> {
        self.sign_bytes(id, timestamp, body.as_bytes())
    }

    /// [`sign_text`](Self::sign_text) for a byte body.
    #[wasm_bindgen(js_name = signBytes)]
    pub fn sign_bytes(&self, id: &str, timestamp: f64, body: &[u8]) -> Result<String, Failure> {
        let timestamp = whole_seconds(timestamp, "timestamp")?;
        Ok(self.webhook.sign(id, timestamp, body))
    }
}

#[wasm_bindgen]
impl Event {
    /// `webhook-id`.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.id.clone()
    }

    /// `webhook-timestamp` in seconds (exact up to 2^53).
    #[wasm_bindgen(getter)]
    pub fn timestamp(&self) -> f64 {
        // Timestamps past 2^53 only pass with the window check off; they round.
        self.timestamp as f64
    }

    /// `"prediction"` or `"training"`, when the body was parsed.
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> Option<String> {
        self.parsed.map(|parsed| String::from(parsed.kind))
    }

    /// Whether the status is terminal, when the body was parsed.
    #[wasm_bindgen(getter)]
    pub fn terminal(&self) -> Option<bool> {
        self.parsed.map(|parsed| parsed.terminal)
    }
}

#[wasm_bindgen]
impl Parsed {
    fn of(summary: &Summary) -> Parsed {
        Parsed {
            kind: summary.kind.as_str(),
            terminal: summary.is_terminal(),
        }
    }

    /// `"prediction"` or `"training"`.
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        String::from(self.kind)
    }

    /// Whether no further webhooks follow for this object.
    #[wasm_bindgen(getter)]
    pub fn terminal(&self) -> bool {
        self.terminal
    }
}

/// Parse a body (no verification): its kind and terminal state.
#[wasm_bindgen(js_name = parsePayload)]
pub fn parse_payload(body: &[u8]) -> Result<Parsed, Failure> {
    Ok(Parsed::of(&Summary::parse(body)?))
}

/// The six values the JS layer looked up, as a header source for the core.
struct Looked<'a>([Option<&'a str>; 6]);

impl HeaderSource for Looked<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        let [
            id,
            timestamp,
            signature,
            svix_id,
            svix_timestamp,
            svix_signature,
        ] = self.0;
        match name {
            WEBHOOK_ID => id,
            WEBHOOK_TIMESTAMP => timestamp,
            WEBHOOK_SIGNATURE => signature,
            "svix-id" => svix_id,
            "svix-timestamp" => svix_timestamp,
            "svix-signature" => svix_signature,
            _ => None,
        }
    }
}

/// Consecutive segments of the scratch buffer.
struct Segments<'a> {
    rest: &'a [u8],
}

impl<'a> Segments<'a> {
    fn new(scratch: &'a [u8]) -> Segments<'a> {
        Segments { rest: scratch }
    }

    fn bytes(&mut self, len: u32) -> Result<&'a [u8], Failure> {
        let len = usize::try_from(len).map_err(|_| argument("length out of range"))?;
        let (head, tail) = self
            .rest
            .split_at_checked(len)
            .ok_or_else(|| argument("lengths exceed the reserved buffer"))?;
        self.rest = tail;
        Ok(head)
    }

    /// A segment of UTF-8 text, or `None` for a negative length (absent).
    fn text(&mut self, len: i32) -> Result<Option<&'a str>, Failure> {
        let Ok(len) = u32::try_from(len) else {
            return Ok(None);
        };
        let bytes = self.bytes(len)?;
        core::str::from_utf8(bytes)
            .map(Some)
            .map_err(|_| argument("header text is not valid UTF-8"))
    }
}

/// A JS number as whole seconds: finite, not negative, at most 2^53 - 1.
/// Fractions are dropped.
fn whole_seconds(value: f64, what: &str) -> Result<u64, Failure> {
    if (0.0..=MAX_SAFE_INTEGER).contains(&value) {
        // In range and not NaN, so the cast is exact after dropping the fraction.
        Ok(value.trunc() as u64)
    } else {
        Err(Failure::from(Error::invalid_argument(format!(
            "{what} must be a number of seconds between 0 and 2^53 - 1"
        ))))
    }
}
