//! Python arguments → core inputs. Wrong types become `invalid_body` /
//! `invalid_argument` errors here, so nothing else can escape for bad input.

use pyo3::exceptions::{PyException, PyMemoryError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType,
};
use replicate_webhooks::{HeaderSource, Secret};

use crate::errors::{IntoPyResult as _, invalid_argument, invalid_body};

/// How to get the raw body in the frameworks people use; part of every
/// `invalid_body` message.
const RAW_BODY_HINT: &str = "pass the raw request body as bytes (or str), exactly as received: \
Flask `request.get_data()`, Django `request.body`, Starlette/FastAPI `await request.body()`; \
never parsed or re-serialized JSON";

/// The request body as bytes. `bytes` is borrowed, not copied.
pub(crate) enum Body<'py> {
    Python(Bound<'py, PyBytes>),
    Owned(Vec<u8>),
}

impl Body<'_> {
    pub(crate) fn as_slice(&self) -> &[u8] {
        match self {
            Body::Python(bytes) => bytes.as_bytes(),
            Body::Owned(bytes) => bytes,
        }
    }
}

/// `bytes`, `str` (UTF-8 encoded), `bytearray` or `memoryview`.
pub(crate) fn body<'py>(value: &Bound<'py, PyAny>) -> PyResult<Body<'py>> {
    let py = value.py();
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Body::Python(bytes.clone()));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return text.encode_utf8().map(Body::Python).map_err(|_| {
            invalid_body(
                py,
                "the body str holds lone surrogates and cannot be UTF-8 encoded; pass the raw \
                 request body as bytes",
            )
        });
    }
    if let Ok(array) = value.cast::<PyByteArray>() {
        return Ok(Body::Owned(array.to_vec()));
    }
    if is_instance_of(value, &MEMORYVIEW, "builtins", "memoryview")? {
        let bytes = value
            .call_method0("tobytes")
            .map_err(|_| invalid_body(py, "the memoryview could not be read as bytes"))?;
        if let Ok(bytes) = bytes.cast_into::<PyBytes>() {
            return Ok(Body::Python(bytes));
        }
    }
    Err(invalid_body(
        py,
        format!(
            "expected bytes or str, got {}; {RAW_BODY_HINT}",
            type_name(value)
        ),
    ))
}

static MEMORYVIEW: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static TIMEDELTA: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn is_instance_of(
    value: &Bound<'_, PyAny>,
    cell: &PyOnceLock<Py<PyType>>,
    module: &str,
    name: &str,
) -> PyResult<bool> {
    let class = cell.import(value.py(), module, name)?;
    // An object whose `__class__` lies (and raises) is simply not one.
    Ok(value.is_instance(class).unwrap_or(false))
}

pub(crate) fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| String::from("an object"), |name| name.to_string())
}

/// The six header names the core may ask for, lower-case.
const NAMES: [&str; 6] = [
    "webhook-id",
    "webhook-timestamp",
    "webhook-signature",
    "svix-id",
    "svix-timestamp",
    "svix-signature",
];

/// The lengths of `NAMES` (ASCII, so characters = bytes).
const NAME_LENGTHS: [usize; 4] = [7, 10, 14, 17];

/// The values of the webhook headers found in a Python header collection,
/// held as UTF-8 `bytes` objects (borrowed when they already were bytes).
/// `Some(None)` is a header that was present but not text: it still wins over
/// later pairs of the same name, and reads as absent.
pub(crate) struct Headers<'py> {
    values: [Option<Option<Bound<'py, PyBytes>>>; 6],
}

impl HeaderSource for Headers<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        let index = NAMES.iter().position(|known| *known == name)?;
        let value = self.values.get(index)?.as_ref()?.as_ref()?;
        // Values that are not UTF-8 count as absent, as in the core's `http` support.
        core::str::from_utf8(value.as_bytes()).ok()
    }
}

/// Accepts any mapping with `.items()` (dict, Flask/Werkzeug, Django and
/// Starlette header objects) or an iterable of `(name, value)` pairs (str or
/// bytes, e.g. ASGI `scope["headers"]`). Names match case-insensitively; the
/// first pair of a name wins.
pub(crate) fn headers<'py>(value: &Bound<'py, PyAny>) -> PyResult<Headers<'py>> {
    let py = value.py();
    let mut found = Headers {
        values: Default::default(),
    };
    if let Ok(dict) = value.cast::<PyDict>() {
        if exact_lookup(dict, &mut found)? {
            return Ok(found);
        }
        // Start the scan afresh: it alone decides, in the dict's order.
        found = Headers {
            values: Default::default(),
        };
        for (name, value) in dict.iter() {
            add_pair(&mut found, &name, &value)?;
        }
        return Ok(found);
    }
    if value.is_none() || value.is_instance_of::<PyString>() || value.is_instance_of::<PyBytes>() {
        return Err(invalid_argument(
            py,
            format!(
                "headers must be a mapping or (name, value) pairs, got {}",
                type_name(value)
            ),
        ));
    }
    let iterable = if value.hasattr("items").unwrap_or(false) {
        value
            .call_method0("items")
            .map_err(|error| foreign(py, "calling headers.items() failed", &error))?
    } else {
        value.clone()
    };
    let iterator = iterable.try_iter().map_err(|_| {
        invalid_argument(
            py,
            format!(
                "headers must be a mapping or (name, value) pairs, got {}",
                type_name(value)
            ),
        )
    })?;
    for item in iterator {
        let item = item.map_err(|error| foreign(py, "iterating the headers failed", &error))?;
        let (name, value) = pair(&item)?;
        add_pair(&mut found, &name, &value)?;
    }
    Ok(found)
}

/// The common case first: a dict with the three lower-case names as str keys.
/// Any doubt (a name missing, an empty value, a non-str value) falls back to
/// the full scan so the core sees exactly what a scan would give it.
fn exact_lookup<'py>(dict: &Bound<'py, PyDict>, found: &mut Headers<'py>) -> PyResult<bool> {
    let py = dict.py();
    // Interned once: the lookups then reuse the keys' cached hashes.
    let names = [
        pyo3::intern!(py, "webhook-id"),
        pyo3::intern!(py, "webhook-timestamp"),
        pyo3::intern!(py, "webhook-signature"),
    ];
    for (slot, name) in found.values.iter_mut().zip(names) {
        let Ok(Some(value)) = dict.get_item(name) else {
            return Ok(false);
        };
        let Ok(text) = value.cast::<PyString>() else {
            return Ok(false);
        };
        let Ok(bytes) = text.encode_utf8() else {
            return Ok(false);
        };
        if bytes.as_bytes().is_empty() {
            return Ok(false);
        }
        *slot = Some(Some(bytes));
    }
    Ok(true)
}

fn pair<'py>(item: &Bound<'py, PyAny>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let bad = || {
        invalid_argument(
            item.py(),
            format!(
                "each header must be a (name, value) pair, got {}",
                type_name(item)
            ),
        )
    };
    if let Ok(tuple) = item.cast::<PyTuple>() {
        if tuple.len() == 2 {
            return Ok((tuple.get_item(0)?, tuple.get_item(1)?));
        }
        return Err(bad());
    }
    if let Ok(list) = item.cast::<PyList>() {
        if list.len() == 2 {
            return Ok((list.get_item(0)?, list.get_item(1)?));
        }
    }
    Err(bad())
}

fn add_pair<'py>(
    found: &mut Headers<'py>,
    name: &Bound<'py, PyAny>,
    value: &Bound<'py, PyAny>,
) -> PyResult<()> {
    let py = name.py();
    // Names that are neither str nor bytes cannot be webhook headers.
    let name_bytes = if let Ok(text) = name.cast::<PyString>() {
        // Most headers are not ours: skip them on length, before encoding.
        if !text.len().is_ok_and(|len| NAME_LENGTHS.contains(&len)) {
            return Ok(());
        }
        match text.encode_utf8() {
            Ok(bytes) => bytes,
            Err(_) => return Ok(()),
        }
    } else if let Ok(bytes) = name.cast::<PyBytes>() {
        bytes.clone()
    } else {
        return Ok(());
    };
    let name_bytes = name_bytes.as_bytes();
    let Some(index) = NAMES
        .iter()
        .position(|known| known.as_bytes().eq_ignore_ascii_case(name_bytes))
    else {
        return Ok(());
    };
    let Some(slot) = found.values.get_mut(index) else {
        return Ok(());
    };
    if slot.is_some() {
        return Ok(());
    }
    if let Ok(text) = value.cast::<PyString>() {
        // A str that cannot be UTF-8 encoded (lone surrogates) reads as absent.
        *slot = Some(text.encode_utf8().ok());
    } else if value.is_none() {
        // `None` is an absent header (tests/hostile: headers-value-null).
        *slot = Some(None);
    } else if let Ok(bytes) = value.cast::<PyBytes>() {
        *slot = Some(Some(bytes.clone()));
    } else {
        return Err(invalid_argument(
            py,
            format!(
                "header {} must be str or bytes, got {}",
                NAMES.get(index).copied().unwrap_or("value"),
                type_name(value)
            ),
        ));
    }
    Ok(())
}

/// An exception raised by user code (a custom mapping) while we read it,
/// re-raised as `invalid_argument` with the original as its cause.
/// `KeyboardInterrupt`, `SystemExit` and `MemoryError` pass through untouched:
/// they are not about the input.
fn foreign(py: Python<'_>, what: &str, error: &PyErr) -> PyErr {
    if !error.is_instance_of::<PyException>(py) || error.is_instance_of::<PyMemoryError>(py) {
        return error.clone_ref(py);
    }
    let ours = invalid_argument(py, format!("{what}: {error}"));
    ours.set_cause(py, Some(error.clone_ref(py)));
    ours
}

/// Secrets: a str (`whsec_…` or bare base64), bytes (the raw key, as in
/// `standardwebhooks`), or a list/tuple of those for rotation.
pub(crate) fn secrets(value: &Bound<'_, PyAny>) -> PyResult<Vec<Secret>> {
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut secrets = Vec::new();
        for item in value.try_iter()? {
            secrets.push(secret(&item?)?);
        }
        return Ok(secrets);
    }
    secret(value).map(|secret| vec![secret])
}

fn secret(value: &Bound<'_, PyAny>) -> PyResult<Secret> {
    let py = value.py();
    if let Ok(text) = value.cast::<PyString>() {
        let bytes = text
            .encode_utf8()
            .map_err(|_| invalid_argument(py, "the secret str cannot be UTF-8 encoded"))?;
        let text = core::str::from_utf8(bytes.as_bytes())
            .map_err(|_| invalid_argument(py, "the secret str cannot be UTF-8 encoded"))?;
        return Secret::parse(text).or_raise(py);
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Secret::from_bytes(bytes.as_bytes()).or_raise(py);
    }
    Err(invalid_argument(
        py,
        format!(
            "a secret must be a str (`whsec_…`) or bytes (the raw key), got {}",
            type_name(value)
        ),
    ))
}

/// `tolerance`: `None` (window check off), a non-negative int of seconds, or a
/// `datetime.timedelta`.
pub(crate) fn tolerance(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<u64>> {
    let Some(value) = value else {
        return Ok(None);
    };
    if value.is_none() {
        return Ok(None);
    }
    let py = value.py();
    if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        return value.extract::<u64>().map(Some).map_err(|_| {
            invalid_argument(py, "tolerance must be a non-negative number of seconds")
        });
    }
    if is_instance_of(value, &TIMEDELTA, "datetime", "timedelta")? {
        let seconds = value
            .call_method0("total_seconds")
            .map_err(|error| foreign(py, "tolerance could not be converted", &error))?;
        return float_seconds(&seconds, "tolerance", Fraction::Floor).map(Some);
    }
    Err(invalid_argument(
        py,
        format!(
            "tolerance must be an int of seconds, a timedelta or None, got {}",
            type_name(value)
        ),
    ))
}

/// A point in time as Unix seconds: an int, a whole float, or a `datetime`
/// (floored; naive ones are read as UTC, like `standardwebhooks`). `bool`s and
/// fractional floats are refused (tests/hostile: now-bool, now-fraction).
pub(crate) fn unix_seconds(value: &Bound<'_, PyAny>, what: &str) -> PyResult<u64> {
    let py = value.py();
    if value.is_instance_of::<PyBool>() {
        return Err(invalid_argument(
            py,
            format!("{what} must be Unix seconds or a datetime, got bool"),
        ));
    }
    if value.is_instance_of::<PyInt>() {
        return value.extract::<u64>().map_err(|_| {
            invalid_argument(
                py,
                format!("{what} must be non-negative Unix seconds that fit in 64 bits"),
            )
        });
    }
    if value.is_instance_of::<PyFloat>() {
        return float_seconds(value, what, Fraction::Refuse);
    }
    if is_instance_of(value, &DATETIME, "datetime", "datetime")? {
        let seconds = datetime_seconds(value)
            .map_err(|error| foreign(py, &format!("{what} could not be converted"), &error))?;
        return float_seconds(&seconds, what, Fraction::Floor);
    }
    Err(invalid_argument(
        py,
        format!(
            "{what} must be a datetime or Unix seconds (int or float), got {}",
            type_name(value)
        ),
    ))
}

/// The `now` argument: Unix seconds or a `datetime`; `None` (or absent) is the system clock.
pub(crate) fn now(value: Option<&Bound<'_, PyAny>>) -> PyResult<u64> {
    match value {
        Some(now) if !now.is_none() => unix_seconds(now, "now"),
        _ => Ok(replicate_webhooks::unix_now()),
    }
}

/// `datetime.timestamp()`, reading a naive datetime as UTC.
fn datetime_seconds<'py>(value: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = value.py();
    let aware = if value.getattr("tzinfo")?.is_none() {
        let utc = UTC.get_or_try_init(py, || {
            py.import("datetime")?
                .getattr("timezone")?
                .getattr("utc")
                .map(Bound::unbind)
        })?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("tzinfo", utc.bind(py))?;
        value.call_method("replace", (), Some(&kwargs))?
    } else {
        value.clone()
    };
    aware.call_method0("timestamp")
}

/// Truthiness, as Python's `if value:`; a raising `__bool__` is an argument error.
pub(crate) fn truthy(value: &Bound<'_, PyAny>, what: &str) -> PyResult<bool> {
    value
        .is_truthy()
        .map_err(|error| foreign(value.py(), &format!("{what} has no truth value"), &error))
}

/// What to do with a fraction of a second.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fraction {
    /// Drop it (a `datetime` or `timedelta` has sub-second precision by nature).
    Floor,
    /// Refuse it (a float of seconds the caller chose to pass).
    Refuse,
}

fn float_seconds(value: &Bound<'_, PyAny>, what: &str, fraction: Fraction) -> PyResult<u64> {
    let py = value.py();
    let seconds: f64 = value
        .extract()
        .map_err(|_| invalid_argument(py, format!("{what} must be a number of seconds")))?;
    if fraction == Fraction::Refuse && seconds.fract() != 0.0 {
        return Err(invalid_argument(
            py,
            format!("{what} must be whole seconds"),
        ));
    }
    // 2^64 as f64; anything at or above it does not fit.
    const LIMIT: f64 = 18_446_744_073_709_551_616.0;
    if (0.0..LIMIT).contains(&seconds) {
        // In range and non-negative, so the cast only drops the fraction.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Ok(seconds.floor() as u64)
    } else {
        Err(invalid_argument(
            py,
            format!("{what} must be finite, non-negative and fit in 64 bits"),
        ))
    }
}

/// `str` argument or `invalid_argument`.
pub(crate) fn text<'py>(value: &Bound<'py, PyAny>, what: &str) -> PyResult<Bound<'py, PyBytes>> {
    let py = value.py();
    let text = value.cast::<PyString>().map_err(|_| {
        invalid_argument(
            py,
            format!("{what} must be a str, got {}", type_name(value)),
        )
    })?;
    text.encode_utf8()
        .map_err(|_| invalid_argument(py, format!("{what} cannot be UTF-8 encoded")))
}
