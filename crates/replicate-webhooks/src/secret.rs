//! Signing secrets: parsing `whsec_…`, and the prepared HMAC key state.

use alloc::vec::Vec;
use core::fmt;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use hmac::{Hmac, KeyInit};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::{Error, Result, SecretProblem};

/// The prefix Replicate (and Standard Webhooks) put before the base64 key.
pub const SECRET_PREFIX: &str = "whsec_";

/// Secrets are typed by people and copied from dashboards, so padding is optional
/// (the Python reference library pads them too); the alphabet is strict.
const SECRET_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

pub(crate) type HmacSha256 = Hmac<Sha256>;

/// A webhook signing secret: the raw key bytes, ready to key HMAC-SHA256.
///
/// `Debug` never shows the key, and the bytes are zeroized when dropped.
///
/// ```
/// use replicate_webhooks::Secret;
/// let secret = Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
/// assert_eq!(secret.len(), 24);
/// assert_eq!(format!("{secret:?}"), "Secret(<redacted, 24 bytes>)");
/// // The prefix is optional, as in the Standard Webhooks libraries.
/// assert_eq!(Secret::parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap(), secret);
/// ```
#[derive(Clone)]
pub struct Secret {
    key: Zeroizing<Vec<u8>>,
}

impl Secret {
    /// Parse `whsec_<base64>` or bare base64.
    ///
    /// Errors with [`ErrorCode::InvalidSecret`](crate::ErrorCode::InvalidSecret)
    /// when nothing is left after the prefix or the rest is not base64.
    pub fn parse(text: &str) -> Result<Secret> {
        let encoded = text.strip_prefix(SECRET_PREFIX).unwrap_or(text);
        if encoded.is_empty() {
            return Err(Error::InvalidSecret(SecretProblem::Empty));
        }
        let key = SECRET_BASE64
            .decode(encoded)
            .map_err(|_| Error::InvalidSecret(SecretProblem::NotBase64))?;
        Secret::from_bytes(key)
    }

    /// Use raw key bytes as they are (no base64). Empty keys are rejected.
    pub fn from_bytes(key: impl Into<Vec<u8>>) -> Result<Secret> {
        let key = Zeroizing::new(key.into());
        if key.is_empty() {
            return Err(Error::InvalidSecret(SecretProblem::Empty));
        }
        Ok(Secret { key })
    }

    /// The key length in bytes (Replicate's keys are 24 bytes).
    pub fn len(&self) -> usize {
        self.key.len()
    }

    /// Always `false`: an empty secret cannot be constructed.
    pub fn is_empty(&self) -> bool {
        self.key.is_empty()
    }

    /// The raw key bytes. Handle with care.
    pub fn expose_bytes(&self) -> &[u8] {
        &self.key
    }

    /// HMAC-SHA256 keyed with this secret, ready to clone per message.
    pub(crate) fn prepare(&self) -> PreparedKey {
        PreparedKey::new(&self.key)
    }
}

impl PartialEq for Secret {
    /// Constant-time, so comparing secrets leaks nothing through timing.
    fn eq(&self, other: &Self) -> bool {
        use subtle::ConstantTimeEq as _;
        self.key.as_slice().ct_eq(other.key.as_slice()).into()
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(<redacted, {} bytes>)", self.key.len())
    }
}

/// HMAC-SHA256 state after absorbing the key, so each verification starts from a
/// clone instead of re-deriving the inner and outer pads.
#[derive(Clone)]
pub(crate) struct PreparedKey {
    mac: HmacSha256,
}

impl PreparedKey {
    fn new(key: &[u8]) -> PreparedKey {
        // HMAC accepts keys of any length (long keys are hashed first), so this
        // cannot fail; the fallback keeps the no-panic guarantee without `expect`.
        let mac = HmacSha256::new_from_slice(key)
            .unwrap_or_else(|_| HmacSha256::new(&Default::default()));
        PreparedKey { mac }
    }

    /// A fresh MAC computation keyed with this secret.
    pub(crate) fn start(&self) -> HmacSha256 {
        self.mac.clone()
    }
}

impl fmt::Debug for PreparedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PreparedKey(<redacted>)")
    }
}
