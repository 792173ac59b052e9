//! `replicate_webhooks.Webhook`: the core verifier, built once, shared freely.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyTuple};
use replicate_webhooks::{
    Error, SignedHeaders, Webhook, WebhookHeaders, limits::DEFAULT_TOLERANCE_SECONDS,
    payload::Summary,
};

use crate::convert::{self, Body, Headers};
use crate::errors::IntoPyResult as _;
use crate::json;

/// Bodies at least this long are hashed with the GIL released. Below it the
/// release/re-acquire round trip (and the wait for the GIL under contention)
/// costs more than the hashing it would let other threads overlap with.
pub(crate) const DETACH_MIN_BODY: usize = 64 * 1024;

/// The `tolerance` argument: seconds, or `None` for no window check.
pub(crate) struct Tolerance(pub(crate) Option<u64>);

impl<'a, 'py> FromPyObject<'a, 'py> for Tolerance {
    type Error = PyErr;

    fn extract(value: Borrowed<'a, 'py, PyAny>) -> PyResult<Tolerance> {
        convert::tolerance(Some(&value.to_owned())).map(Tolerance)
    }
}

pub(crate) const DEFAULT_TOLERANCE: Tolerance = Tolerance(Some(DEFAULT_TOLERANCE_SECONDS));

/// The native verifier. `replicate_webhooks.Webhook` subclasses it in Python
/// to add `verify_event`; everything on the hot path is here.
#[pyclass(module = "replicate_webhooks", name = "Webhook", frozen, subclass)]
pub(crate) struct PyWebhook {
    pub(crate) inner: Webhook,
}

impl PyWebhook {
    pub(crate) fn new(secrets: &Bound<'_, PyAny>, tolerance: Tolerance) -> PyResult<PyWebhook> {
        let py = secrets.py();
        let parsed = convert::secrets(secrets)?;
        let inner = Webhook::from_secrets(&parsed).or_raise(py)?;
        let inner = match tolerance.0 {
            Some(seconds) => inner.with_tolerance(seconds),
            None => inner.without_timestamp_check(),
        };
        Ok(PyWebhook { inner })
    }

    /// Verify and return the core's answer; the body is borrowed throughout,
    /// and so is the id (from `found`), so a verification allocates nothing.
    fn check<'f>(
        &self,
        py: Python<'_>,
        found: &'f WebhookHeaders<'_>,
        body: &[u8],
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<replicate_webhooks::Verified<'f>> {
        let now = convert::now(now)?;
        let inner = &self.inner;
        let result = if body.len() >= DETACH_MIN_BODY {
            py.detach(|| inner.verify_at(found, body, now))
        } else {
            inner.verify_at(found, body, now)
        };
        result.or_raise(py)
    }
}

/// The three webhook headers as plain `&str`s, so the check can run without the GIL.
fn find_headers<'h>(py: Python<'_>, headers: &'h Headers<'_>) -> PyResult<WebhookHeaders<'h>> {
    WebhookHeaders::find(headers).or_raise(py)
}

#[pymethods]
impl PyWebhook {
    #[new]
    #[pyo3(
        signature = (whsecret, *, tolerance = DEFAULT_TOLERANCE),
        text_signature = "(whsecret, *, tolerance=300)"
    )]
    fn py_new(whsecret: &Bound<'_, PyAny>, tolerance: Tolerance) -> PyResult<PyWebhook> {
        PyWebhook::new(whsecret, tolerance)
    }

    /// Verify `data` (the raw body) against `headers`. Returns the body parsed
    /// as JSON, or `None` when `json_parse` is false.
    #[pyo3(
        signature = (data, headers, *, json_parse = None, now = None),
        text_signature = "(self, /, data, headers, *, json_parse=True, now=None)"
    )]
    fn verify<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        headers: &Bound<'py, PyAny>,
        json_parse: Option<&Bound<'py, PyAny>>,
        now: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let body = convert::body(data)?;
        let headers = convert::headers(headers)?;
        let found = find_headers(py, &headers)?;
        self.check(py, &found, body.as_slice(), now)?;
        let parse = match json_parse {
            Some(flag) => convert::truthy(flag, "json_parse")?,
            None => true,
        };
        if parse {
            json::loads(py, body.as_slice())
        } else {
            Ok(py.None().into_bound(py))
        }
    }

    /// Verify, then parse the body as a Replicate payload. Returns
    /// `(id, timestamp, kind, status, is_terminal, raw)`; the Python subclass
    /// wraps it into a `WebhookEvent`.
    #[pyo3(signature = (data, headers, now = None))]
    fn _verify_event<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        headers: &Bound<'py, PyAny>,
        now: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let body = convert::body(data)?;
        let headers = convert::headers(headers)?;
        let found = find_headers(py, &headers)?;
        let verified = self.check(py, &found, body.as_slice(), now)?;
        // The core's checks without building its typed structs: Python
        // exposes the body through `raw`.
        let summary = Summary::parse(body.as_slice()).or_raise(py)?;
        let raw = json::loads(py, body.as_slice())?;
        (
            &*verified.id,
            verified.timestamp,
            summary.kind.as_str(),
            summary.status.as_str(),
            summary.is_terminal(),
            raw,
        )
            .into_pyobject(py)
    }

    /// `v1,<base64>` over `msg_id.timestamp.data` with the first secret.
    fn sign(
        &self,
        msg_id: &Bound<'_, PyAny>,
        timestamp: &Bound<'_, PyAny>,
        data: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let py = msg_id.py();
        let id = convert::text(msg_id, "msg_id")?;
        let id = utf8(py, &id)?;
        let timestamp = convert::unix_seconds(timestamp, "timestamp")?;
        let body = convert::body(data)?;
        Ok(self.inner.sign(id, timestamp, body.as_slice()))
    }

    /// The three headers a sender attaches: a dict of `webhook-id`,
    /// `webhook-timestamp` and `webhook-signature`. A fresh `msg_…` id and the
    /// current time are used unless given.
    #[pyo3(signature = (data, *, id = None, timestamp = None))]
    fn sign_headers<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        id: Option<&Bound<'py, PyAny>>,
        timestamp: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let body = convert::body(data)?;
        let id = match id {
            Some(id) if !id.is_none() => {
                let id = convert::text(id, "id")?;
                String::from(utf8(py, &id)?)
            }
            _ => replicate_webhooks::new_message_id(),
        };
        let timestamp = match timestamp {
            Some(timestamp) if !timestamp.is_none() => {
                convert::unix_seconds(timestamp, "timestamp")?
            }
            _ => replicate_webhooks::unix_now(),
        };
        let SignedHeaders {
            id,
            timestamp,
            signature,
        } = self.inner.sign_headers(&id, timestamp, body.as_slice());
        let headers = PyDict::new(py);
        headers.set_item(replicate_webhooks::WEBHOOK_ID, id)?;
        headers.set_item(replicate_webhooks::WEBHOOK_TIMESTAMP, timestamp)?;
        headers.set_item(replicate_webhooks::WEBHOOK_SIGNATURE, signature)?;
        Ok(headers)
    }

    /// The window in seconds, or `None` when the timestamp is not checked.
    #[getter]
    fn tolerance(&self) -> Option<u64> {
        self.inner.tolerance()
    }

    /// How many secrets are tried.
    #[getter]
    fn secret_count(&self) -> usize {
        self.inner.secret_count()
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let this = slf.get();
        let name = slf.get_type().name()?;
        let tolerance = this
            .inner
            .tolerance()
            .map_or_else(|| String::from("None"), |seconds| seconds.to_string());
        Ok(format!(
            "<{name} secrets={} tolerance={tolerance}>",
            this.inner.secret_count()
        ))
    }
}

fn utf8<'a>(py: Python<'_>, bytes: &'a Bound<'_, PyBytes>) -> PyResult<&'a str> {
    core::str::from_utf8(bytes.as_bytes())
        .map_err(|_| crate::errors::to_py(py, &Error::invalid_argument("text is not UTF-8")))
}

/// `parse_payload` without verification: `(kind, status, is_terminal, raw)`.
#[pyfunction]
pub(crate) fn _parse_payload<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyTuple>> {
    let body: Body<'_> = convert::body(body)?;
    let summary = Summary::parse(body.as_slice()).or_raise(py)?;
    let raw = json::loads(py, body.as_slice())?;
    (
        summary.kind.as_str(),
        summary.status.as_str(),
        summary.is_terminal(),
        raw,
    )
        .into_pyobject(py)
}
