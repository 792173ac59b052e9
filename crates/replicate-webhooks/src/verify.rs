//! The verifier: secrets prepared once, then any number of webhooks checked.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use hmac::Mac as _;
use subtle::Choice;

use crate::error::{Error, Result, SecretProblem};
use crate::headers::{HeaderSource, WebhookHeaders};
use crate::limits::DEFAULT_TOLERANCE_SECONDS;
use crate::secret::{HmacSha256, PreparedKey, Secret};
use crate::signature::{Candidates, TAG_LEN};
use crate::timestamp::{check_window, parse_timestamp};

/// Verifies (and signs) webhooks for one or more secrets.
///
/// Build it once at start-up and share it: the HMAC key state is derived here,
/// not per request. Several secrets support rotation — a webhook verifies if any
/// secret matches any of its `v1` signatures.
///
/// ```
/// use replicate_webhooks::Webhook;
///
/// let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
/// let headers = [
///     ("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
///     ("webhook-timestamp", "1614265330"),
///     ("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
/// ];
/// let body = br#"{"test": 2432232314}"#;
/// let verified = webhook.verify_at(&headers, body, 1614265330)?;
/// assert_eq!(verified.id, "msg_p5jXN8AQM9LWM0D4loKWxJek");
///
/// // One changed byte and it is rejected, with a stable code.
/// let err = webhook.verify_at(&headers, br#"{"test": 2432232315}"#, 1614265330).unwrap_err();
/// assert_eq!(err.code().as_str(), "no_matching_signature");
/// # Ok::<(), replicate_webhooks::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Webhook {
    keys: Vec<PreparedKey>,
    tolerance: Option<u64>,
}

/// What a successful verification vouches for.
///
/// [`Webhook::verify_at`] borrows the id from the headers it was given, so a
/// verification allocates nothing; [`Verified::into_owned`] detaches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified<'h> {
    /// `webhook-id`: the same across retries of one message, so use it as an
    /// idempotency key.
    pub id: Cow<'h, str>,
    /// `webhook-timestamp`, seconds since the Unix epoch.
    pub timestamp: u64,
}

impl Webhook {
    /// A verifier for one secret (`whsec_<base64>` or bare base64), with the
    /// default tolerance of 300 s.
    pub fn new(secret: &str) -> Result<Webhook> {
        Webhook::from_secrets(&[Secret::parse(secret)?])
    }

    /// A verifier accepting any of several secrets (key rotation).
    pub fn with_secrets<I, S>(secrets: I) -> Result<Webhook>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let secrets = secrets
            .into_iter()
            .map(|secret| Secret::parse(secret.as_ref()))
            .collect::<Result<Vec<_>>>()?;
        Webhook::from_secrets(&secrets)
    }

    /// A verifier for already-parsed secrets. The list must not be empty.
    pub fn from_secrets(secrets: &[Secret]) -> Result<Webhook> {
        if secrets.is_empty() {
            return Err(Error::InvalidSecret(SecretProblem::Empty));
        }
        Ok(Webhook {
            keys: secrets.iter().map(Secret::prepare).collect(),
            tolerance: Some(DEFAULT_TOLERANCE_SECONDS),
        })
    }

    /// Accept timestamps up to `seconds` away from now, in either direction.
    #[must_use]
    pub fn with_tolerance(mut self, seconds: u64) -> Webhook {
        self.tolerance = Some(seconds);
        self
    }

    /// Skip the timestamp window entirely. This removes replay protection:
    /// use it only to re-check webhooks you stored yourself.
    #[must_use]
    pub fn without_timestamp_check(mut self) -> Webhook {
        self.tolerance = None;
        self
    }

    /// The tolerance in seconds, or `None` when the window check is off.
    pub fn tolerance(&self) -> Option<u64> {
        self.tolerance
    }

    /// How many secrets this verifier tries.
    pub fn secret_count(&self) -> usize {
        self.keys.len()
    }

    /// Verify `body` (the exact raw bytes received) against `headers`, with
    /// `now` as the current time in seconds since the Unix epoch.
    ///
    /// Checks, in order: the headers are present and within size caps, the
    /// timestamp is an integer within the tolerance of `now`, and one `v1`
    /// signature matches. The first failure is returned.
    pub fn verify_at<'h, H: HeaderSource + ?Sized>(
        &self,
        headers: &'h H,
        body: &[u8],
        now: u64,
    ) -> Result<Verified<'h>> {
        let checked = self.check_headers(headers, now)?;
        let found = self.keys.iter().fold(Choice::from(0), |found, key| {
            let mut mac = start_message(key, checked.headers.id, checked.headers.timestamp);
            mac.update(body);
            found | checked.signatures.matches(&finish_tag(mac))
        });
        checked.into_verdict(found, self.keys.len())
    }

    /// Everything that can be checked before the body: presence, size caps,
    /// timestamp format and window, and the signature list's shape.
    fn check_headers<'h, H: HeaderSource + ?Sized>(
        &self,
        headers: &'h H,
        now: u64,
    ) -> Result<CheckedHeaders<'h>> {
        let headers = WebhookHeaders::find(headers)?;
        let timestamp = parse_timestamp(headers.timestamp)?;
        if let Some(tolerance) = self.tolerance {
            check_window(timestamp, now, tolerance)?;
        }
        let signatures = Candidates::parse(headers.signature)?;
        Ok(CheckedHeaders {
            headers,
            timestamp,
            signatures,
        })
    }

    /// [`verify_at`](Self::verify_at) with the system clock.
    #[cfg(feature = "std")]
    pub fn verify<'h, H: HeaderSource + ?Sized>(
        &self,
        headers: &'h H,
        body: &[u8],
    ) -> Result<Verified<'h>> {
        self.verify_at(headers, body, crate::clock::unix_now())
    }

    /// Check the headers now and the body as it streams in: feed chunks to
    /// [`StreamingVerifier::update`], then call [`StreamingVerifier::finish`].
    /// Memory use does not depend on the body size.
    ///
    /// ```
    /// use replicate_webhooks::Webhook;
    /// let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
    /// let headers = [
    ///     ("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
    ///     ("webhook-timestamp", "1614265330"),
    ///     ("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
    /// ];
    /// let mut stream = webhook.begin_at(&headers, 1614265330)?;
    /// for chunk in [&br#"{"test": "#[..], &b"2432232314}"[..]] {
    ///     stream.update(chunk);
    /// }
    /// assert_eq!(stream.finish()?.timestamp, 1614265330);
    /// # Ok::<(), replicate_webhooks::Error>(())
    /// ```
    pub fn begin_at<H: HeaderSource + ?Sized>(
        &self,
        headers: &H,
        now: u64,
    ) -> Result<StreamingVerifier> {
        let checked = self.check_headers(headers, now)?;
        let macs = self
            .keys
            .iter()
            .map(|key| start_message(key, checked.headers.id, checked.headers.timestamp))
            .collect();
        Ok(StreamingVerifier {
            macs,
            signature_header: String::from(checked.headers.signature),
            verified: Verified {
                id: Cow::Owned(String::from(checked.headers.id)),
                timestamp: checked.timestamp,
            },
        })
    }

    /// [`begin_at`](Self::begin_at) with the system clock.
    #[cfg(feature = "std")]
    pub fn begin<H: HeaderSource + ?Sized>(&self, headers: &H) -> Result<StreamingVerifier> {
        self.begin_at(headers, crate::clock::unix_now())
    }

    /// Verify, then parse the body as a Replicate payload. The body is never
    /// parsed unless the signature is valid.
    #[cfg(feature = "payload")]
    pub fn verify_and_parse_at<H: HeaderSource + ?Sized>(
        &self,
        headers: &H,
        body: &[u8],
        now: u64,
    ) -> Result<crate::payload::Event> {
        let verified = self.verify_at(headers, body, now)?;
        let payload = crate::payload::Payload::parse(body)?;
        Ok(crate::payload::Event {
            id: verified.id.into_owned(),
            timestamp: verified.timestamp,
            payload,
        })
    }

    /// [`verify_and_parse_at`](Self::verify_and_parse_at) with the system clock.
    #[cfg(all(feature = "payload", feature = "std"))]
    pub fn verify_and_parse<H: HeaderSource + ?Sized>(
        &self,
        headers: &H,
        body: &[u8],
    ) -> Result<crate::payload::Event> {
        self.verify_and_parse_at(headers, body, crate::clock::unix_now())
    }

    /// Sign a message with the first secret: `v1,<base64>`.
    ///
    /// ```
    /// use replicate_webhooks::Webhook;
    /// let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
    /// let signature = webhook.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, br#"{"test": 2432232314}"#);
    /// assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    /// # Ok::<(), replicate_webhooks::Error>(())
    /// ```
    pub fn sign(&self, id: &str, timestamp: u64, body: &[u8]) -> String {
        self.sign_text(id, &alloc::format!("{timestamp}"), body)
    }

    /// `sign` over the timestamp as it will be sent.
    fn sign_text(&self, id: &str, timestamp: &str, body: &[u8]) -> String {
        // `from_secrets` refuses an empty list, so there is always a first key.
        let tag = self.keys.first().map(|key| {
            let mut mac = start_message(key, id, timestamp);
            mac.update(body);
            mac.finalize().into_bytes()
        });
        tag.map(|tag| crate::signature::format_v1(&tag))
            .unwrap_or_default()
    }

    /// The three headers a sender attaches, signed with the first secret.
    pub fn sign_headers(
        &self,
        id: &str,
        timestamp: u64,
        body: &[u8],
    ) -> crate::sign::SignedHeaders {
        let timestamp = alloc::format!("{timestamp}");
        crate::sign::SignedHeaders {
            id: String::from(id),
            signature: self.sign_text(id, &timestamp, body),
            timestamp,
        }
    }

    /// [`sign_headers`](Self::sign_headers) with a fresh random `msg_…` id and
    /// the current time: what a sender does for each new message.
    #[cfg(feature = "std")]
    pub fn sign_headers_now(&self, body: &[u8]) -> crate::sign::SignedHeaders {
        self.sign_headers(
            &crate::sign::new_message_id(),
            crate::clock::unix_now(),
            body,
        )
    }
}

impl Verified<'_> {
    /// The same, owning its id (to keep it past the headers' lifetime).
    pub fn into_owned(self) -> Verified<'static> {
        Verified {
            id: Cow::Owned(self.id.into_owned()),
            timestamp: self.timestamp,
        }
    }
}

/// Headers that passed every check that does not need the body.
struct CheckedHeaders<'h> {
    headers: WebhookHeaders<'h>,
    timestamp: u64,
    signatures: Candidates<'h>,
}

impl<'h> CheckedHeaders<'h> {
    fn into_verdict(self, found: Choice, secrets: usize) -> Result<Verified<'h>> {
        verdict(found, self.signatures.len(), secrets, || Verified {
            id: Cow::Borrowed(self.headers.id),
            timestamp: self.timestamp,
        })
    }
}

/// Verification in progress: the headers were checked, the body is being fed.
///
/// Made by [`Webhook::begin_at`]. Holds one HMAC state per secret and the
/// signature header, nothing that grows with the body.
#[derive(Debug)]
pub struct StreamingVerifier {
    macs: Vec<HmacSha256>,
    signature_header: String,
    verified: Verified<'static>,
}

impl StreamingVerifier {
    /// Feed the next chunk of the raw body.
    pub fn update(&mut self, chunk: &[u8]) {
        for mac in &mut self.macs {
            mac.update(chunk);
        }
    }

    /// Compare the signatures once the whole body has been fed.
    pub fn finish(self) -> Result<Verified<'static>> {
        // Already validated by `begin_at`; parsing again only re-borrows it.
        let signatures = Candidates::parse(&self.signature_header)?;
        let secrets = self.macs.len();
        let found = self.macs.into_iter().fold(Choice::from(0), |found, mac| {
            found | signatures.matches(&finish_tag(mac))
        });
        let verified = self.verified;
        verdict(found, signatures.len(), secrets, || verified)
    }
}

/// The outcome once every tag was compared: `verified` if any matched.
fn verdict<'h>(
    found: Choice,
    candidates: usize,
    secrets: usize,
    verified: impl FnOnce() -> Verified<'h>,
) -> Result<Verified<'h>> {
    if bool::from(found) {
        Ok(verified())
    } else {
        Err(Error::NoMatchingSignature {
            candidates,
            secrets,
        })
    }
}

fn finish_tag(mac: HmacSha256) -> [u8; TAG_LEN] {
    mac.finalize().into_bytes().into()
}

/// HMAC over `id.timestamp.` so far; the body follows. Feeding the parts one by
/// one avoids copying the body into a concatenated buffer.
fn start_message(key: &PreparedKey, id: &str, timestamp: &str) -> HmacSha256 {
    let mut mac = key.start();
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac
}
