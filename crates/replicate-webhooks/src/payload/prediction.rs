//! The prediction object, as Replicate posts it to webhooks.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::common::{Metrics, Source, Urls};
use super::status::Status;

/// A prediction: the body of prediction webhooks, the same object as
/// `GET /v1/predictions/{id}` returns.
///
/// Only `id` and `status` are required: real webhooks are looser than the API
/// schema (a `starting` webhook may lack `model` and `urls`). Fields this
/// version does not name are kept in [`extra`](Self::extra).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// 26 lowercase alphanumeric characters, e.g. `gm3qorzdhgbfurvjtvhg6dckhu`.
    pub id: String,
    /// Lifecycle status.
    pub status: Status,
    /// `owner/name` of the model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Model version id (64 hex characters), or `"hidden"` for official models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The inputs, as given; may be emptied once data is removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<Value>,
    /// The output so far: any JSON (text, URLs, objects); `null` until there is output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
    /// The error message when `status` is `failed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Log output so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logs: Option<String>,
    /// Timing and token figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
    /// RFC 3339 creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// RFC 3339 time the model started running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// RFC 3339 time the prediction finished and its outputs were uploaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<String>,
    /// RFC 3339 time at which it is canceled automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// The deployment that created it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment: Option<String>,
    /// API and web links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urls: Option<Urls>,
    /// `web` or `api`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Whether input and output were deleted (after an hour for API predictions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_removed: Option<bool>,
    /// The webhook URL given at creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook: Option<String>,
    /// Which events trigger webhooks: `start`, `output`, `logs`, `completed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_events_filter: Option<Vec<String>>,
    /// Every field this version does not name.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}
