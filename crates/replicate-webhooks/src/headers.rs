//! Finding the three webhook headers in whatever header map the caller has.

use crate::error::{Error, Result};
use crate::limits::{MAX_ID_LEN, MAX_SIGNATURE_HEADER_LEN, MAX_TIMESTAMP_LEN};

/// Header names, as Replicate sends them.
pub const WEBHOOK_ID: &str = "webhook-id";
/// See [`WEBHOOK_ID`].
pub const WEBHOOK_TIMESTAMP: &str = "webhook-timestamp";
/// See [`WEBHOOK_ID`].
pub const WEBHOOK_SIGNATURE: &str = "webhook-signature";

/// The `svix-` names many Standard Webhooks senders use instead; each is used
/// only when its `webhook-` counterpart is absent.
const ALIASES: [(&str, &str); 3] = [
    (WEBHOOK_ID, "svix-id"),
    (WEBHOOK_TIMESTAMP, "svix-timestamp"),
    (WEBHOOK_SIGNATURE, "svix-signature"),
];

/// Anything headers can be looked up in.
///
/// `name` is always lower-case ASCII; implementations must match it
/// case-insensitively and return the first value when a name repeats.
/// Implemented for slices, arrays and `Vec`s of `(name, value)` pairs, for
/// [`WebhookHeaders`] (build one from a closure with [`WebhookHeaders::from_fn`]),
/// and (feature `http`) for `http::HeaderMap`.
pub trait HeaderSource {
    /// The value of header `name`, if present.
    fn header(&self, name: &str) -> Option<&str>;
}

impl<K: AsRef<str>, V: AsRef<str>> HeaderSource for [(K, V)] {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(key, _)| key.as_ref().eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> HeaderSource for [(K, V); N] {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> HeaderSource for alloc::vec::Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<T: HeaderSource + ?Sized> HeaderSource for &T {
    fn header(&self, name: &str) -> Option<&str> {
        (**self).header(name)
    }
}

/// ```
/// # #[cfg(feature = "http")] {
/// use replicate_webhooks::Webhook;
/// let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
/// let mut headers = http::HeaderMap::new();
/// headers.insert("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek".parse().unwrap());
/// headers.insert("webhook-timestamp", "1614265330".parse().unwrap());
/// headers.insert("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=".parse().unwrap());
/// assert!(webhook.verify_at(&headers, br#"{"test": 2432232314}"#, 1614265330).is_ok());
/// # }
/// ```
#[cfg(feature = "http")]
impl HeaderSource for http::HeaderMap {
    /// Values that are not UTF-8 are treated as absent.
    fn header(&self, name: &str) -> Option<&str> {
        self.get(name)
            .and_then(|value| core::str::from_utf8(value.as_bytes()).ok())
    }
}

/// The three header values a webhook is verified with, already size-checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WebhookHeaders<'a> {
    /// `webhook-id`: unique per message, the same across retries.
    pub id: &'a str,
    /// `webhook-timestamp`, as sent (not yet parsed).
    pub timestamp: &'a str,
    /// `webhook-signature`, as sent (not yet parsed).
    pub signature: &'a str,
}

impl<'a> WebhookHeaders<'a> {
    /// Look the three headers up (`webhook-*` first, then `svix-*`), rejecting
    /// missing or empty ones and values over the size caps.
    pub fn find<H: HeaderSource + ?Sized>(headers: &'a H) -> Result<WebhookHeaders<'a>> {
        WebhookHeaders::from_fn(|name| headers.header(name))
    }

    /// Look the headers up with a closure, for header maps this crate does not know.
    ///
    /// ```
    /// use replicate_webhooks::WebhookHeaders;
    /// let map = std::collections::HashMap::from([
    ///     ("webhook-id", "msg_1"), ("webhook-timestamp", "1614265330"), ("webhook-signature", "v1,x"),
    /// ]);
    /// let headers = WebhookHeaders::from_fn(|name| map.get(name).copied()).unwrap();
    /// assert_eq!(headers.id, "msg_1");
    /// ```
    pub fn from_fn(lookup: impl Fn(&str) -> Option<&'a str>) -> Result<WebhookHeaders<'a>> {
        let [id, timestamp, signature] = ALIASES.map(|(name, alias)| {
            lookup(name)
                .filter(|value| !value.is_empty())
                .or_else(|| lookup(alias).filter(|value| !value.is_empty()))
        });
        WebhookHeaders::from_values(id, timestamp, signature)
    }

    /// Build from values the caller already extracted (`None` or `""` = missing).
    pub fn from_values(
        id: Option<&'a str>,
        timestamp: Option<&'a str>,
        signature: Option<&'a str>,
    ) -> Result<WebhookHeaders<'a>> {
        let headers = WebhookHeaders {
            id: required(WEBHOOK_ID, id)?,
            timestamp: required(WEBHOOK_TIMESTAMP, timestamp)?,
            signature: required(WEBHOOK_SIGNATURE, signature)?,
        };
        capped(WEBHOOK_ID, headers.id, MAX_ID_LEN)?;
        capped(WEBHOOK_TIMESTAMP, headers.timestamp, MAX_TIMESTAMP_LEN)?;
        capped(
            WEBHOOK_SIGNATURE,
            headers.signature,
            MAX_SIGNATURE_HEADER_LEN,
        )?;
        Ok(headers)
    }
}

fn required<'a>(name: &'static str, value: Option<&'a str>) -> Result<&'a str> {
    value
        .filter(|value| !value.is_empty())
        .ok_or(Error::MissingHeader { name })
}

fn capped(name: &'static str, value: &str, max: usize) -> Result<()> {
    if value.len() > max {
        return Err(Error::HeaderTooLarge {
            name,
            len: value.len(),
            max,
        });
    }
    Ok(())
}

impl HeaderSource for WebhookHeaders<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        match name {
            WEBHOOK_ID => Some(self.id),
            WEBHOOK_TIMESTAMP => Some(self.timestamp),
            WEBHOOK_SIGNATURE => Some(self.signature),
            _ => None,
        }
    }
}
