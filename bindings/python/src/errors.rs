//! Core errors → the Python exception classes of `replicate_webhooks.errors`.
//!
//! The classes are defined in Python (easy to document, subclass and pickle);
//! this file only picks the class for each core error, in one match on the code.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;
use replicate_webhooks::{Error, ErrorCode, SecretProblem};

const ERRORS_MODULE: &str = "replicate_webhooks.errors";

/// One lazily imported exception class.
struct Class {
    name: &'static str,
    cell: PyOnceLock<Py<PyType>>,
}

impl Class {
    const fn new(name: &'static str) -> Class {
        Class {
            name,
            cell: PyOnceLock::new(),
        }
    }
}

static BASE: Class = Class::new("WebhookVerificationError");
static MISSING_HEADER: Class = Class::new("MissingHeaderError");
static INVALID_HEADER: Class = Class::new("InvalidHeaderError");
static OUT_OF_TOLERANCE: Class = Class::new("TimestampOutOfToleranceError");
static INVALID_SIGNATURE: Class = Class::new("InvalidSignatureError");
static INVALID_SECRET: Class = Class::new("InvalidSecretError");
static EMPTY_SECRET: Class = Class::new("EmptyWebhookSecretError");
static INVALID_PAYLOAD: Class = Class::new("InvalidPayloadError");
static INVALID_BODY: Class = Class::new("InvalidBodyError");
static INVALID_ARGUMENT: Class = Class::new("InvalidArgumentError");
static REPLAYED: Class = Class::new("ReplayedError");

/// The Python class for each code: the one place codes meet classes. The
/// wildcard arm exists only because `ErrorCode` is `#[non_exhaustive]` (a code
/// added to the core later raises the base class, never a foreign type);
/// `tests/test_errors.py` checks through `_family_of` that no current code
/// reaches it.
fn class_for_code(code: ErrorCode) -> &'static Class {
    match code {
        ErrorCode::MissingHeader => &MISSING_HEADER,
        ErrorCode::HeaderTooLarge | ErrorCode::InvalidTimestamp => &INVALID_HEADER,
        ErrorCode::TimestampTooOld | ErrorCode::TimestampTooNew => &OUT_OF_TOLERANCE,
        ErrorCode::InvalidSignatureHeader
        | ErrorCode::TooManySignatures
        | ErrorCode::NoMatchingSignature => &INVALID_SIGNATURE,
        ErrorCode::InvalidSecret => &INVALID_SECRET,
        ErrorCode::InvalidPayload => &INVALID_PAYLOAD,
        ErrorCode::InvalidBody => &INVALID_BODY,
        ErrorCode::InvalidArgument => &INVALID_ARGUMENT,
        ErrorCode::Replayed => &REPLAYED,
        _ => &BASE,
    }
}

fn class_for(error: &Error) -> &'static Class {
    match error {
        // `standardwebhooks` raises EmptyWebhookSecretError here; keep the name.
        Error::InvalidSecret(SecretProblem::Empty) => &EMPTY_SECRET,
        _ => class_for_code(error.code()),
    }
}

/// The class raised for a code (`None` for an unknown code); for the tests.
#[pyfunction]
pub(crate) fn _family_of(py: Python<'_>, code: &str) -> PyResult<Option<Py<PyType>>> {
    let Some(code) = ErrorCode::from_str_code(code) else {
        return Ok(None);
    };
    let class = class_for_code(code);
    let class = class.cell.import(py, ERRORS_MODULE, class.name)?;
    Ok(Some(class.clone().unbind()))
}

/// The Python exception for a core error: `Class(message, code)`.
pub(crate) fn to_py(py: Python<'_>, error: &Error) -> PyErr {
    let class = class_for(error);
    match class.cell.import(py, ERRORS_MODULE, class.name) {
        Ok(class) => PyErr::from_type(class.clone(), (error.to_string(), error.code().as_str())),
        // Only a broken install gets here (errors.py missing); say so plainly.
        Err(import_error) => import_error,
    }
}

/// Shorthand for bindings-side argument errors.
pub(crate) fn invalid_argument(py: Python<'_>, reason: impl Into<String>) -> PyErr {
    to_py(py, &Error::invalid_argument(reason))
}

/// Shorthand for bodies that are not raw bytes or text.
pub(crate) fn invalid_body(py: Python<'_>, reason: impl Into<String>) -> PyErr {
    to_py(py, &Error::invalid_body(reason))
}

/// Extension to turn core results into Python results.
pub(crate) trait IntoPyResult<T> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPyResult<T> for Result<T, Error> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|error| to_py(py, &error))
    }
}
