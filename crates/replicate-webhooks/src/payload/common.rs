//! Fields shared by predictions and trainings.

use alloc::collections::BTreeMap;
use alloc::string::String;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Timing and usage figures. Terminal payloads carry `predict_time` and
/// `total_time`; language models add token counts. Other keys land in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Seconds spent running the model (excludes queueing and boot).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predict_time: Option<f64>,
    /// Seconds from creation to completion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_time: Option<f64>,
    /// Tokens in the prompt (language models).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_token_count: Option<u64>,
    /// Tokens generated (language models).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_token_count: Option<u64>,
    /// Seconds until the first token (language models).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_first_token: Option<f64>,
    /// Generation speed (language models).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens_per_second: Option<f64>,
    /// Any metric this version does not name.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// API links for the object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Urls {
    /// `GET` this to fetch the object; its path tells predictions from trainings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub get: Option<String>,
    /// `POST` here to cancel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel: Option<String>,
    /// The page on replicate.com.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web: Option<String>,
    /// Server-sent events stream of the output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<String>,
    /// Any link this version does not name.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// Who created the object.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// From the replicate.com website.
    Web,
    /// Through the HTTP API.
    Api,
    /// A source newer than this library.
    #[serde(untagged)]
    Unknown(String),
}
