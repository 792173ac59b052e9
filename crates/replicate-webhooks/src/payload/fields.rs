//! Typed fields taken out of a parsed JSON object.
//!
//! The payload types are built from a `serde_json::Value` with these getters
//! instead of `#[derive(Deserialize)]`: the derive (with `flatten` for the
//! unknown fields) added ~75 KB to the wasm build, most of the npm package's
//! size. Rules: an absent key and `null` are both `None`; any other type than
//! the expected one is an error naming the field; keys not taken stay in
//! [`Fields::rest`].

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// The keys of one JSON object, taken one by one.
pub(crate) struct Fields {
    object: Map<String, Value>,
    /// Where the object sits, for messages: `""`, `"metrics."`, `"urls."`.
    path: &'static str,
}

impl Fields {
    /// `value` must be a JSON object.
    pub(crate) fn of(value: Value, path: &'static str) -> Result<Fields> {
        match value {
            Value::Object(object) => Ok(Fields { object, path }),
            other => Err(wrong_type(path.trim_end_matches('.'), "an object", &other)),
        }
    }

    pub(crate) fn from_map(object: Map<String, Value>) -> Fields {
        Fields { object, path: "" }
    }

    /// Any JSON value; `null` counts as absent.
    pub(crate) fn value(&mut self, key: &str) -> Option<Value> {
        self.object.remove(key).filter(|value| !value.is_null())
    }

    pub(crate) fn string(&mut self, key: &str) -> Result<Option<String>> {
        self.typed(key, "a string", |value| match value {
            Value::String(text) => Ok(text),
            other => Err(other),
        })
    }

    pub(crate) fn required_string(&mut self, key: &str) -> Result<String> {
        self.string(key)?.ok_or_else(|| Error::InvalidPayload {
            reason: format!("missing string field `{}{key}`", self.path),
        })
    }

    pub(crate) fn boolean(&mut self, key: &str) -> Result<Option<bool>> {
        self.typed(key, "a boolean", |value| match value {
            Value::Bool(flag) => Ok(flag),
            other => Err(other),
        })
    }

    pub(crate) fn number(&mut self, key: &str) -> Result<Option<f64>> {
        self.typed(key, "a number", |value| match value.as_f64() {
            Some(number) => Ok(number),
            None => Err(value),
        })
    }

    pub(crate) fn count(&mut self, key: &str) -> Result<Option<u64>> {
        self.typed(key, "a non-negative integer", |value| {
            match value.as_u64() {
                Some(count) => Ok(count),
                None => Err(value),
            }
        })
    }

    pub(crate) fn strings(&mut self, key: &str) -> Result<Option<Vec<String>>> {
        self.typed(key, "an array of strings", |value| match value {
            Value::Array(items) => items
                .into_iter()
                .map(|item| match item {
                    Value::String(text) => Ok(text),
                    _ => Err(()),
                })
                .collect::<core::result::Result<Vec<_>, ()>>()
                // Reported as "an array": one of its items was not a string.
                .map_err(|()| Value::Array(Vec::new())),
            other => Err(other),
        })
    }

    /// A nested object built by `build`.
    pub(crate) fn nested<T>(
        &mut self,
        key: &str,
        build: impl FnOnce(Value) -> Result<T>,
    ) -> Result<Option<T>> {
        self.value(key).map(build).transpose()
    }

    /// Every key not taken yet.
    pub(crate) fn rest(self) -> BTreeMap<String, Value> {
        self.object.into_iter().collect()
    }

    /// Take `key` and convert it with `accept`, which hands back the value it
    /// refused so the message can say what was found.
    fn typed<T>(
        &mut self,
        key: &str,
        expected: &str,
        accept: impl FnOnce(Value) -> core::result::Result<T, Value>,
    ) -> Result<Option<T>> {
        let Some(value) = self.value(key) else {
            return Ok(None);
        };
        accept(value)
            .map(Some)
            .map_err(|found| wrong_type(&format!("{}{key}", self.path), expected, &found))
    }
}

fn wrong_type(field: &str, expected: &str, found: &Value) -> Error {
    Error::InvalidPayload {
        reason: format!(
            "field `{field}` must be {expected}, not {}",
            json_type(found)
        ),
    }
}

pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
