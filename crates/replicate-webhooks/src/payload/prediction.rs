//! The prediction object, as Replicate posts it to webhooks.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use serde::Serialize;
use serde_json::{Map, Value};

use super::common::{Metrics, Source, Urls, deserialize_via_value};
use super::fields::Fields;
use super::status::Status;
use crate::error::Result;

/// A prediction: the body of prediction webhooks, the same object as
/// `GET /v1/predictions/{id}` returns.
///
/// Only `id` and `status` are required: real webhooks are looser than the API
/// schema (a `starting` webhook may lack `model` and `urls`). Fields this
/// version does not name are kept in [`extra`](Self::extra).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    /// 26 lowercase alphanumeric characters, e.g. `gm3qorzdhgbfurvjtvhg6dckhu`.
    pub id: String,
    /// Lifecycle status.
    pub status: Status,
    /// `owner/name` of the model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Model version id (64 hex characters), or `"hidden"` for official models.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The inputs, as given; may be emptied once data is removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<Value>,
    /// The output so far: any JSON (text, URLs, objects); `null` until there is output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
    /// The error message when `status` is `failed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Log output so far.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logs: Option<String>,
    /// Timing and token figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
    /// RFC 3339 creation time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// RFC 3339 time the model started running.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// RFC 3339 time the prediction finished and its outputs were uploaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<String>,
    /// RFC 3339 time at which it is canceled automatically.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// The deployment that created it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployment: Option<String>,
    /// API and web links.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub urls: Option<Urls>,
    /// `web` or `api`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Whether input and output were deleted (after an hour for API predictions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_removed: Option<bool>,
    /// The webhook URL given at creation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook: Option<String>,
    /// Which events trigger webhooks: `start`, `output`, `logs`, `completed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_events_filter: Option<Vec<String>>,
    /// Every field this version does not name.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

impl Prediction {
    /// Build from a parsed JSON object (see [`crate::payload::Payload::parse`]).
    pub(crate) fn from_map(object: Map<String, Value>) -> Result<Prediction> {
        let mut fields = Fields::from_map(object);
        Ok(Prediction {
            id: fields.required_string("id")?,
            status: Status::from_text(&fields.required_string("status")?),
            model: fields.string("model")?,
            version: fields.string("version")?,
            input: fields.value("input"),
            output: fields.value("output"),
            error: fields.string("error")?,
            logs: fields.string("logs")?,
            metrics: fields.nested("metrics", Metrics::from_value)?,
            created_at: fields.string("created_at")?,
            started_at: fields.string("started_at")?,
            completed_at: fields.string("completed_at")?,
            deadline: fields.string("deadline")?,
            deployment: fields.string("deployment")?,
            urls: fields.nested("urls", Urls::from_value)?,
            source: fields.string("source")?.map(Source::from_text),
            data_removed: fields.boolean("data_removed")?,
            webhook: fields.string("webhook")?,
            webhook_events_filter: fields.strings("webhook_events_filter")?,
            extra: fields.rest(),
        })
    }

    fn from_value(value: Value) -> Result<Prediction> {
        Prediction::from_map(super::into_object(value)?)
    }
}

deserialize_via_value!(Prediction, Prediction::from_value);
