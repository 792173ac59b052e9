//! Typed webhook bodies: [`Prediction`] and [`Training`] (feature `payload`).
//!
//! The body carries no field that says whether it is a prediction or a
//! training, so [`Payload::parse`] infers it, first rule that applies:
//!
//! 1. `urls.get` contains `/v1/trainings/` → training;
//! 2. `urls.get` contains `/v1/predictions/` → prediction;
//! 3. a non-null `destination` field → training;
//! 4. `output` is an object with a `weights` key → training;
//! 5. otherwise → prediction.
//!
//! If your own webhook URLs tell the two apart (e.g. a query parameter), parse
//! with [`Payload::parse_as`] instead.

mod common;
mod fields;
mod prediction;
mod status;
mod summary;
mod training;

use alloc::format;
use alloc::string::{String, ToString};

use serde_json::{Map, Value};

pub use common::{Metrics, Source, Urls};
pub use prediction::Prediction;
pub use status::Status;
pub use summary::Summary;
pub use training::{Training, TrainingOutput};

use crate::error::{Error, Result};

/// Which kind of object a webhook carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A prediction (`/v1/predictions/`).
    Prediction,
    /// A training (`/v1/trainings/`).
    Training,
}

impl Kind {
    /// `"prediction"` or `"training"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Prediction => "prediction",
            Kind::Training => "training",
        }
    }
}

/// A parsed webhook body.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// A prediction webhook.
    Prediction(Prediction),
    /// A training webhook.
    Training(Training),
}

/// A verified and parsed webhook.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// `webhook-id`: the idempotency key (stable across retries).
    pub id: String,
    /// `webhook-timestamp` in seconds since the Unix epoch.
    pub timestamp: u64,
    /// The body.
    pub payload: Payload,
}

impl Payload {
    /// Parse a body, inferring its kind (see the [module docs](self)).
    ///
    /// ```
    /// use replicate_webhooks::payload::{Kind, Payload, Status};
    /// let body = br#"{"id": "ufawqhfynnddngldkgtslldrkq", "status": "starting", "metrics": {}}"#;
    /// let payload = Payload::parse(body)?;
    /// assert_eq!(payload.kind(), Kind::Prediction);
    /// assert_eq!(payload.status(), &Status::Starting);
    /// assert!(!payload.is_terminal());
    /// # Ok::<(), replicate_webhooks::Error>(())
    /// ```
    pub fn parse(body: &[u8]) -> Result<Payload> {
        let object = parse_object(body)?;
        let kind = infer_kind(&object);
        Payload::from_object(object, kind)
    }

    /// Parse a body as the given kind, skipping inference.
    pub fn parse_as(body: &[u8], kind: Kind) -> Result<Payload> {
        Payload::from_object(parse_object(body)?, kind)
    }

    fn from_object(object: Map<String, Value>, kind: Kind) -> Result<Payload> {
        match kind {
            Kind::Prediction => Prediction::from_map(object).map(Payload::Prediction),
            Kind::Training => Training::from_map(object).map(Payload::Training),
        }
    }

    /// Prediction or training.
    pub fn kind(&self) -> Kind {
        match self {
            Payload::Prediction(_) => Kind::Prediction,
            Payload::Training(_) => Kind::Training,
        }
    }

    /// The prediction or training id.
    pub fn id(&self) -> &str {
        match self {
            Payload::Prediction(prediction) => &prediction.id,
            Payload::Training(training) => &training.id,
        }
    }

    /// The lifecycle status.
    pub fn status(&self) -> &Status {
        match self {
            Payload::Prediction(prediction) => &prediction.status,
            Payload::Training(training) => &training.status,
        }
    }

    /// Whether this is the last webhook of the object (see [`Status::is_terminal`]).
    pub fn is_terminal(&self) -> bool {
        self.status().is_terminal()
    }
}

fn parse_object(body: &[u8]) -> Result<Map<String, Value>> {
    into_object(serde_json::from_slice::<Value>(body).map_err(invalid)?)
}

fn into_object(value: Value) -> Result<Map<String, Value>> {
    match value {
        Value::Object(object) => Ok(object),
        other => Err(Error::InvalidPayload {
            reason: format!(
                "expected a JSON object, found {}",
                fields::json_type(&other)
            ),
        }),
    }
}

fn infer_kind(object: &Map<String, Value>) -> Kind {
    let get_url = object
        .get("urls")
        .and_then(|urls| urls.get("get"))
        .and_then(Value::as_str);
    if let Some(url) = get_url {
        if url.contains("/v1/trainings/") {
            return Kind::Training;
        }
        if url.contains("/v1/predictions/") {
            return Kind::Prediction;
        }
    }
    let has_destination = object
        .get("destination")
        .is_some_and(|destination| !destination.is_null());
    let has_weights = object
        .get("output")
        .and_then(Value::as_object)
        .is_some_and(|output| output.contains_key("weights"));
    if has_destination || has_weights {
        Kind::Training
    } else {
        Kind::Prediction
    }
}

fn invalid(error: serde_json::Error) -> Error {
    Error::InvalidPayload {
        reason: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUCCEEDED: &[u8] = br#"{"id":"gm3qorzdhgbfurvjtvhg6dckhu","status":"succeeded","model":"owner/name",
        "version":"hidden","output":["https://replicate.delivery/a.png"],"source":"api","data_removed":false,
        "metrics":{"predict_time":1.5,"input_token_count":12,"gpu":"a100"},
        "urls":{"get":"https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu","web":"https://replicate.com/p/x"},
        "webhook_events_filter":["start","completed"],"brand_new_field":{"x":1}}"#;

    #[test]
    fn keeps_unknown_fields_and_round_trips_through_serde() {
        let Payload::Prediction(prediction) = Payload::parse(SUCCEEDED).unwrap() else {
            panic!("expected a prediction")
        };
        assert_eq!(
            prediction.metrics.as_ref().unwrap().input_token_count,
            Some(12)
        );
        assert_eq!(prediction.metrics.as_ref().unwrap().extra["gpu"], "a100");
        assert_eq!(prediction.extra["brand_new_field"]["x"], 1);
        assert_eq!(prediction.source, Some(Source::Api));
        let text = serde_json::to_string(&prediction).unwrap();
        let again: Prediction = serde_json::from_str(&text).unwrap();
        assert_eq!(again, prediction);
    }

    #[test]
    fn names_the_field_with_the_wrong_type() {
        let error =
            Payload::parse(br#"{"id":"x","status":"starting","metrics":{"predict_time":"slow"}}"#)
                .unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::InvalidPayload);
        assert!(
            error
                .to_string()
                .contains("`metrics.predict_time` must be a number, not a string"),
            "{error}"
        );
        let error = serde_json::from_str::<Prediction>(r#"{"id":"x"}"#).unwrap_err();
        assert!(
            error.to_string().contains("missing string field `status`"),
            "{error}"
        );
    }
}
