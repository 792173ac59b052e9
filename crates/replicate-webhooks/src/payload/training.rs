//! The training object, as Replicate posts it to webhooks.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::common::{Metrics, Source, Urls};
use super::status::Status;

/// A training (fine-tune): the body of training webhooks, the same object as
/// `GET /v1/trainings/{id}` returns.
///
/// Only `id` and `status` are required; unnamed fields go to [`extra`](Self::extra).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Training {
    /// The training id.
    pub id: String,
    /// Lifecycle status.
    pub status: Status,
    /// `owner/name` of the base model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Base model version trained from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `owner/name` of the model the new version is pushed to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// Inputs to the model's `train()`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<Value>,
    /// The new version and weights, once succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<TrainingOutput>,
    /// The error message when `status` is `failed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Log output so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logs: Option<String>,
    /// Timing figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
    /// RFC 3339 creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// RFC 3339 start time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// RFC 3339 completion time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<String>,
    /// API and web links; `urls.get` is `/v1/trainings/{id}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urls: Option<Urls>,
    /// `web` or `api`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// The webhook URL given at creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook: Option<String>,
    /// Which events trigger webhooks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_events_filter: Option<Vec<String>>,
    /// Every field this version does not name.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// What a succeeded training produced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingOutput {
    /// The new model version id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// URL of the trained weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<String>,
    /// Any other output field.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}
