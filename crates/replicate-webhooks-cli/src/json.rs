//! Webhook bodies as bytes, with keys in the order Replicate sends them.
//!
//! `serde_json`'s map sorts keys; real bodies start with `id`, `model`,
//! `version`… and a simulated body should read the same in a handler's logs.
//! Known keys come first in [`KEY_ORDER`], any other key follows alphabetically.

use serde::Serialize;
use serde::ser::SerializeMap as _;
use serde_json::{Map, Value};

/// The top-level key order of Replicate's prediction and training objects.
pub const KEY_ORDER: &[&str] = &[
    "id",
    "model",
    "version",
    "destination",
    "input",
    "logs",
    "output",
    "data_removed",
    "error",
    "status",
    "created_at",
    "started_at",
    "completed_at",
    "urls",
    "metrics",
    "webhook",
    "webhook_events_filter",
];

/// Compact JSON bytes of `object`, keys in [`KEY_ORDER`] first.
///
/// ```
/// let object = serde_json::json!({"status": "starting", "id": "abc", "zeta": 1, "input": {}});
/// let body = replicate_webhooks_cli::json::to_body(object.as_object().unwrap());
/// assert_eq!(body, br#"{"id":"abc","input":{},"status":"starting","zeta":1}"#);
/// ```
pub fn to_body(object: &Map<String, Value>) -> Vec<u8> {
    // Serializing a map of JSON values into a Vec cannot fail.
    serde_json::to_vec(&Ordered(object)).unwrap_or_default()
}

struct Ordered<'a>(&'a Map<String, Value>);

impl Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for key in KEY_ORDER {
            if let Some(value) = self.0.get(*key) {
                map.serialize_entry(key, value)?;
            }
        }
        for (key, value) in self.0 {
            if !KEY_ORDER.contains(&key.as_str()) {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}
