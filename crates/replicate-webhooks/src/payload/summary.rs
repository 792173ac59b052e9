//! Checking a payload without building the typed structs.
//!
//! [`Summary::parse`] applies the same rules as [`Payload::parse`](super::Payload::parse)
//! — required `id`/`status`, the type of every named field, kind inference —
//! from a table instead of the typed builders, and keeps only kind, id and
//! status. The npm package uses it (its callers read the body with
//! `JSON.parse`): building the typed structs was a third of its wasm. Tests
//! run every shared vector through both paths to keep them in step.

use alloc::format;
use alloc::string::String;

use serde_json::{Map, Value};

use super::fields::json_type;
use super::{Kind, Status, infer_kind, parse_object};
use crate::error::{Error, Result};

/// What a verified webhook is about, without the rest of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Prediction or training (see the [module rules](super)).
    pub kind: Kind,
    /// The prediction or training id.
    pub id: String,
    /// The lifecycle status.
    pub status: Status,
}

impl Summary {
    /// Check `body` as [`Payload::parse`](super::Payload::parse) would, keeping only the summary.
    pub fn parse(body: &[u8]) -> Result<Summary> {
        let object = parse_object(body)?;
        let id = required_string(&object, "id")?;
        let status = Status::from_text(&required_string(&object, "status")?);
        let kind = infer_kind(&object);
        let fields = match kind {
            Kind::Prediction => PREDICTION,
            Kind::Training => TRAINING,
        };
        check_fields(&object, fields, "")?;
        Ok(Summary { kind, id, status })
    }

    /// Whether no further webhooks follow (see [`Status::is_terminal`]).
    pub fn is_terminal(&self) -> bool {
        self.status.is_terminal()
    }
}

/// The JSON type a named field must have when present and not `null`.
#[derive(Clone, Copy)]
enum Expect {
    Text,
    Flag,
    Number,
    Count,
    TextList,
    Object(&'static [(&'static str, Expect)]),
}

impl Expect {
    fn accepts(self, value: &Value) -> bool {
        match self {
            Expect::Text => value.is_string(),
            Expect::Flag => value.is_boolean(),
            Expect::Number => value.is_number(),
            Expect::Count => value.is_u64(),
            Expect::TextList => value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string)),
            Expect::Object(_) => value.is_object(),
        }
    }

    /// Worded as the typed builders word it (`fields.rs`).
    fn describe(self) -> &'static str {
        match self {
            Expect::Text => "a string",
            Expect::Flag => "a boolean",
            Expect::Number => "a number",
            Expect::Count => "a non-negative integer",
            Expect::TextList => "an array of strings",
            Expect::Object(_) => "an object",
        }
    }
}

const METRICS: &[(&str, Expect)] = &[
    ("predict_time", Expect::Number),
    ("total_time", Expect::Number),
    ("input_token_count", Expect::Count),
    ("output_token_count", Expect::Count),
    ("time_to_first_token", Expect::Number),
    ("tokens_per_second", Expect::Number),
];

const URLS: &[(&str, Expect)] = &[
    ("get", Expect::Text),
    ("cancel", Expect::Text),
    ("web", Expect::Text),
    ("stream", Expect::Text),
];

const TRAINING_OUTPUT: &[(&str, Expect)] = &[("version", Expect::Text), ("weights", Expect::Text)];

/// The typed fields of `Prediction` (`input` and `output` take any JSON).
const PREDICTION: &[(&str, Expect)] = &[
    ("model", Expect::Text),
    ("version", Expect::Text),
    ("error", Expect::Text),
    ("logs", Expect::Text),
    ("metrics", Expect::Object(METRICS)),
    ("created_at", Expect::Text),
    ("started_at", Expect::Text),
    ("completed_at", Expect::Text),
    ("deadline", Expect::Text),
    ("deployment", Expect::Text),
    ("urls", Expect::Object(URLS)),
    ("source", Expect::Text),
    ("data_removed", Expect::Flag),
    ("webhook", Expect::Text),
    ("webhook_events_filter", Expect::TextList),
];

/// The typed fields of `Training` (`input` takes any JSON).
const TRAINING: &[(&str, Expect)] = &[
    ("model", Expect::Text),
    ("version", Expect::Text),
    ("destination", Expect::Text),
    ("output", Expect::Object(TRAINING_OUTPUT)),
    ("error", Expect::Text),
    ("logs", Expect::Text),
    ("metrics", Expect::Object(METRICS)),
    ("created_at", Expect::Text),
    ("started_at", Expect::Text),
    ("completed_at", Expect::Text),
    ("urls", Expect::Object(URLS)),
    ("source", Expect::Text),
    ("webhook", Expect::Text),
    ("webhook_events_filter", Expect::TextList),
];

fn required_string(object: &Map<String, Value>, key: &str) -> Result<String> {
    match object.get(key) {
        Some(Value::String(text)) => Ok(text.clone()),
        None | Some(Value::Null) => Err(Error::InvalidPayload {
            reason: format!("missing string field `{key}`"),
        }),
        Some(other) => Err(wrong_type(key, Expect::Text, other)),
    }
}

fn check_fields(object: &Map<String, Value>, fields: &[(&str, Expect)], path: &str) -> Result<()> {
    for &(name, expect) in fields {
        let Some(value) = object.get(name).filter(|value| !value.is_null()) else {
            continue;
        };
        if !expect.accepts(value) {
            return Err(wrong_type(&format!("{path}{name}"), expect, value));
        }
        if let (Expect::Object(nested), Value::Object(inner)) = (expect, value) {
            check_fields(inner, nested, &format!("{path}{name}."))?;
        }
    }
    Ok(())
}

fn wrong_type(field: &str, expect: Expect, found: &Value) -> Error {
    Error::InvalidPayload {
        reason: format!(
            "field `{field}` must be {}, not {}",
            expect.describe(),
            json_type(found)
        ),
    }
}
