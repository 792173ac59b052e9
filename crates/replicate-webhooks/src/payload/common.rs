//! Fields shared by predictions and trainings.

use alloc::collections::BTreeMap;
use alloc::string::String;

use serde::Serialize;
use serde_json::Value;

use super::fields::Fields;
use crate::error::Result;

/// Timing and usage figures. Terminal payloads carry `predict_time` and
/// `total_time`; language models add token counts. Other keys land in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Seconds spent running the model (excludes queueing and boot).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predict_time: Option<f64>,
    /// Seconds from creation to completion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_time: Option<f64>,
    /// Tokens in the prompt (language models).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_token_count: Option<u64>,
    /// Tokens generated (language models).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_token_count: Option<u64>,
    /// Seconds until the first token (language models).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_to_first_token: Option<f64>,
    /// Generation speed (language models).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens_per_second: Option<f64>,
    /// Any metric this version does not name.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// API links for the object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Urls {
    /// `GET` this to fetch the object; its path tells predictions from trainings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub get: Option<String>,
    /// `POST` here to cancel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel: Option<String>,
    /// The page on replicate.com.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web: Option<String>,
    /// Server-sent events stream of the output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream: Option<String>,
    /// Any link this version does not name.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// Who created the object.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// From the replicate.com website.
    Web,
    /// Through the HTTP API.
    Api,
    /// A source newer than this library.
    Unknown(String),
}

impl Source {
    /// The source as Replicate spells it.
    pub fn as_str(&self) -> &str {
        match self {
            Source::Web => "web",
            Source::Api => "api",
            Source::Unknown(text) => text,
        }
    }

    /// Parse any source text; unknown text becomes [`Source::Unknown`].
    pub fn from_text(text: String) -> Source {
        match text.as_str() {
            "web" => Source::Web,
            "api" => Source::Api,
            _ => Source::Unknown(text),
        }
    }
}

impl Metrics {
    pub(crate) fn from_value(value: Value) -> Result<Metrics> {
        let mut fields = Fields::of(value, "metrics.")?;
        Ok(Metrics {
            predict_time: fields.number("predict_time")?,
            total_time: fields.number("total_time")?,
            input_token_count: fields.count("input_token_count")?,
            output_token_count: fields.count("output_token_count")?,
            time_to_first_token: fields.number("time_to_first_token")?,
            tokens_per_second: fields.number("tokens_per_second")?,
            extra: fields.rest(),
        })
    }
}

impl Urls {
    pub(crate) fn from_value(value: Value) -> Result<Urls> {
        let mut fields = Fields::of(value, "urls.")?;
        Ok(Urls {
            get: fields.string("get")?,
            cancel: fields.string("cancel")?,
            web: fields.string("web")?,
            stream: fields.string("stream")?,
            extra: fields.rest(),
        })
    }
}

impl Serialize for Source {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> core::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// `Deserialize` for the payload types goes through `serde_json::Value` and the
/// same hand-written conversion `Payload::parse` uses, so there is one set of rules.
macro_rules! deserialize_via_value {
    ($type:ty, $convert:expr) => {
        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> core::result::Result<$type, D::Error> {
                let value = <Value as serde::Deserialize>::deserialize(deserializer)?;
                $convert(value).map_err(<D::Error as serde::de::Error>::custom)
            }
        }
    };
}
pub(crate) use deserialize_via_value;

deserialize_via_value!(Metrics, Metrics::from_value);
deserialize_via_value!(Urls, Urls::from_value);
