//! The training object, as Replicate posts it to webhooks.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use serde::Serialize;
use serde_json::{Map, Value};

use super::common::{Metrics, Source, Urls, deserialize_via_value};
use super::fields::Fields;
use super::status::Status;
use crate::error::Result;

/// A training (fine-tune): the body of training webhooks, the same object as
/// `GET /v1/trainings/{id}` returns.
///
/// Only `id` and `status` are required; unnamed fields go to [`extra`](Self::extra).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Training {
    /// The training id.
    pub id: String,
    /// Lifecycle status.
    pub status: Status,
    /// `owner/name` of the base model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Base model version trained from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `owner/name` of the model the new version is pushed to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// Inputs to the model's `train()`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<Value>,
    /// The new version and weights, once succeeded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<TrainingOutput>,
    /// The error message when `status` is `failed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Log output so far.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logs: Option<String>,
    /// Timing figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
    /// RFC 3339 creation time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// RFC 3339 start time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// RFC 3339 completion time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<String>,
    /// API and web links; `urls.get` is `/v1/trainings/{id}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub urls: Option<Urls>,
    /// `web` or `api`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// The webhook URL given at creation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook: Option<String>,
    /// Which events trigger webhooks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_events_filter: Option<Vec<String>>,
    /// Every field this version does not name.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// What a succeeded training produced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TrainingOutput {
    /// The new model version id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// URL of the trained weights.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weights: Option<String>,
    /// Any other output field.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

impl Training {
    /// Build from a parsed JSON object (see [`crate::payload::Payload::parse`]).
    pub(crate) fn from_map(object: Map<String, Value>) -> Result<Training> {
        let mut fields = Fields::from_map(object);
        Ok(Training {
            id: fields.required_string("id")?,
            status: Status::from_text(&fields.required_string("status")?),
            model: fields.string("model")?,
            version: fields.string("version")?,
            destination: fields.string("destination")?,
            input: fields.value("input"),
            output: fields.nested("output", TrainingOutput::from_value)?,
            error: fields.string("error")?,
            logs: fields.string("logs")?,
            metrics: fields.nested("metrics", Metrics::from_value)?,
            created_at: fields.string("created_at")?,
            started_at: fields.string("started_at")?,
            completed_at: fields.string("completed_at")?,
            urls: fields.nested("urls", Urls::from_value)?,
            source: fields.string("source")?.map(Source::from_text),
            webhook: fields.string("webhook")?,
            webhook_events_filter: fields.strings("webhook_events_filter")?,
            extra: fields.rest(),
        })
    }

    fn from_value(value: Value) -> Result<Training> {
        Training::from_map(super::into_object(value)?)
    }
}

impl TrainingOutput {
    fn from_value(value: Value) -> Result<TrainingOutput> {
        let mut fields = Fields::of(value, "output.")?;
        Ok(TrainingOutput {
            version: fields.string("version")?,
            weights: fields.string("weights")?,
            extra: fields.rest(),
        })
    }
}

deserialize_via_value!(Training, Training::from_value);
deserialize_via_value!(TrainingOutput, TrainingOutput::from_value);
