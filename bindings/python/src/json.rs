//! The body as Python objects, for `verify(json_parse=True)` and `raw`.
//!
//! The result must be exactly what `json.loads(body.decode())` gives (that is
//! what `standardwebhooks` returns). serde_json parses and this file only
//! builds the Python objects, which is several times faster than `json.loads`.
//! Wherever serde_json's view of the text could differ from Python's, the fast
//! path gives up and `json.loads` decides:
//!
//! - any parse error (NaN/Infinity literals, lone surrogate escapes, numbers
//!   out of f64 range, nesting deeper than 128, invalid JSON);
//! - an integral float of magnitude ≥ 2^63 (serde_json reports integer
//!   literals beyond 64 bits as floats; Python keeps them as ints);
//! - `-0.0` (serde_json reports the integer literal `-0` as a float).

use core::fmt;

use pyo3::exceptions::{PyRecursionError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};
use replicate_webhooks::Error;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::errors;

static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `json.loads(body.decode("utf-8"))`, with failures raised as `InvalidPayloadError`.
pub(crate) fn loads<'py>(py: Python<'py>, body: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    let Ok(text) = core::str::from_utf8(body) else {
        return Err(invalid(py, "the body is not UTF-8 text"));
    };
    if let Ok(value) = fast(py, text) {
        return Ok(value);
    }
    let loads = LOADS.get_or_try_init(py, || {
        py.import("json")?.getattr("loads").map(Bound::unbind)
    })?;
    loads
        .bind(py)
        .call1((PyString::new(py, text),))
        .map_err(|error| {
            // JSONDecodeError is a ValueError; anything else (MemoryError…) is not ours to rename.
            if error.is_instance_of::<PyValueError>(py)
                || error.is_instance_of::<PyRecursionError>(py)
            {
                let ours = invalid(py, &format!("the body is not valid JSON: {error}"));
                ours.set_cause(py, Some(error));
                ours
            } else {
                error
            }
        })
}

fn invalid(py: Python<'_>, reason: &str) -> PyErr {
    errors::to_py(
        py,
        &Error::InvalidPayload {
            reason: String::from(reason),
        },
    )
}

fn fast<'py>(py: Python<'py>, text: &str) -> Result<Bound<'py, PyAny>, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Builder { py }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// Builds Python objects straight from the parser's events (no intermediate tree).
#[derive(Clone, Copy)]
struct Builder<'py> {
    py: Python<'py>,
}

/// Integer literals beyond 64 bits arrive as floats at or above this magnitude.
const AMBIGUOUS_FLOAT: f64 = 9_223_372_036_854_775_808.0;

fn py_error<E: serde::de::Error>(error: PyErr) -> E {
    E::custom(error)
}

impl<'de, 'py> DeserializeSeed<'de> for Builder<'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, 'py> Visitor<'de> for Builder<'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.py.None().into_bound(self.py))
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(pyo3::types::PyBool::new(self.py, value)
            .to_owned()
            .into_any())
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Self::Value, E> {
        value
            .into_pyobject(self.py)
            .map(Bound::into_any)
            .map_err(|never| match never {})
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Self::Value, E> {
        value
            .into_pyobject(self.py)
            .map(Bound::into_any)
            .map_err(|never| match never {})
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Self::Value, E> {
        let ambiguous = (value == value.trunc() && value.abs() >= AMBIGUOUS_FLOAT)
            || (value == 0.0 && value.is_sign_negative());
        if ambiguous {
            return Err(E::custom("ambiguous number literal"));
        }
        Ok(pyo3::types::PyFloat::new(self.py, value).into_any())
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(PyString::new(self.py, value).into_any())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // Collected first so the list is allocated once, at its final size.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        PyList::new(self.py, items)
            .map(Bound::into_any)
            .map_err(py_error)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let dict = PyDict::new(self.py);
        while let Some(key) = map.next_key_seed(Key { py: self.py })? {
            let value = map.next_value_seed(self)?;
            dict.set_item(key, value).map_err(py_error)?;
        }
        Ok(dict.into_any())
    }
}

/// Object keys. The field names of Replicate payloads come from a set of
/// interned strings (no allocation, hash already cached), the way `json.loads`
/// reuses key objects within one document.
#[derive(Clone, Copy)]
struct Key<'py> {
    py: Python<'py>,
}

macro_rules! known_keys {
    ($py:expr, $text:expr, [$($name:literal),* $(,)?]) => {
        match $text {
            $($name => Some(pyo3::intern!($py, $name).clone()),)*
            _ => None,
        }
    };
}

impl<'py> Key<'py> {
    fn known(self, text: &str) -> Option<Bound<'py, PyString>> {
        known_keys!(
            self.py,
            text,
            [
                "id",
                "status",
                "model",
                "version",
                "input",
                "output",
                "error",
                "logs",
                "metrics",
                "predict_time",
                "total_time",
                "created_at",
                "started_at",
                "completed_at",
                "urls",
                "get",
                "cancel",
                "web",
                "stream",
                "source",
                "data_removed",
                "webhook",
                "webhook_events_filter",
                "deadline",
                "deployment",
                "destination",
                "weights",
                "prompt",
            ]
        )
    }
}

impl<'de, 'py> DeserializeSeed<'de> for Key<'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, 'py> Visitor<'de> for Key<'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
        let key = self
            .known(value)
            .unwrap_or_else(|| PyString::new(self.py, value));
        Ok(key.into_any())
    }
}
