//! `replicate_webhooks.StreamingVerifier`: the core's incremental verifier.
//!
//! The headers are checked when it is made; chunks are hashed as they come
//! (large ones with the GIL released); `finish` compares the signatures. The
//! Python layer (`stream.py`) pulls the chunks from files and iterators.

use std::sync::{Mutex, MutexGuard, TryLockError};

use pyo3::prelude::*;
use pyo3::types::PyString;
use replicate_webhooks::StreamingVerifier;

use crate::convert;
use crate::errors::{IntoPyResult as _, invalid_argument, invalid_body};
use crate::webhook::{DETACH_MIN_BODY, PyWebhook};

#[pyclass(
    module = "replicate_webhooks",
    name = "StreamingVerifier",
    frozen,
    subclass
)]
pub(crate) struct PyStreamingVerifier {
    /// `None` once `finish` has run. A mutex because the GIL is released while
    /// a large chunk is hashed, and the object may be shared between threads.
    state: Mutex<Option<StreamingVerifier>>,
}

impl PyStreamingVerifier {
    fn state(&self, py: Python<'_>) -> PyResult<MutexGuard<'_, Option<StreamingVerifier>>> {
        match self.state.try_lock() {
            Ok(state) => Ok(state),
            Err(TryLockError::WouldBlock) => Err(invalid_argument(
                py,
                "this StreamingVerifier is in use by another thread; feed one stream from one thread",
            )),
            // Nothing here panics while holding the lock; if it ever did, the
            // hash state is unknown, so refuse to go on.
            Err(TryLockError::Poisoned(_)) => Err(invalid_argument(
                py,
                "this StreamingVerifier is unusable after an internal error",
            )),
        }
    }
}

fn finished(py: Python<'_>) -> PyErr {
    invalid_argument(
        py,
        "finish() was already called on this StreamingVerifier; begin a new one",
    )
}

#[pymethods]
impl PyStreamingVerifier {
    /// Check the headers now (raising as `verify` would); the body follows
    /// through `update`.
    #[new]
    #[pyo3(signature = (webhook, headers, *, now = None))]
    fn py_new(
        webhook: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyStreamingVerifier> {
        let py = webhook.py();
        let webhook = webhook.cast::<PyWebhook>().map_err(|_| {
            invalid_argument(
                py,
                format!(
                    "expected a replicate_webhooks.Webhook, got {}",
                    convert::type_name(webhook)
                ),
            )
        })?;
        let headers = convert::headers(headers)?;
        let now = convert::now(now)?;
        let stream = webhook.get().inner.begin_at(&headers, now).or_raise(py)?;
        Ok(PyStreamingVerifier {
            state: Mutex::new(Some(stream)),
        })
    }

    /// Feed the next chunk of the raw body: `bytes`, `bytearray`, `memoryview`
    /// or `str` (UTF-8 encoded). Returns its length in bytes.
    fn update(&self, chunk: &Bound<'_, PyAny>) -> PyResult<usize> {
        let py = chunk.py();
        let chunk = match convert::body(chunk) {
            Ok(chunk) => chunk,
            // A str that cannot be encoded: the body's own message says so.
            Err(error) if chunk.is_instance_of::<PyString>() => return Err(error),
            Err(_) => {
                return Err(invalid_body(
                    py,
                    format!(
                        "each chunk of the body must be bytes, bytearray, memoryview or str, got {}; \
                         read the raw request stream (e.g. `request.stream()` in Starlette), not \
                         parsed data",
                        convert::type_name(chunk)
                    ),
                ));
            }
        };
        let mut state = self.state(py)?;
        let stream = state.as_mut().ok_or_else(|| finished(py))?;
        let bytes = chunk.as_slice();
        if bytes.len() >= DETACH_MIN_BODY {
            py.detach(|| stream.update(bytes));
        } else {
            stream.update(bytes);
        }
        Ok(bytes.len())
    }

    /// Compare the signatures over everything fed: `(id, timestamp)`, or the
    /// core's error. The verifier cannot be used afterwards.
    fn _finish(&self, py: Python<'_>) -> PyResult<(String, u64)> {
        let stream = self.state(py)?.take().ok_or_else(|| finished(py))?;
        let verified = stream.finish().or_raise(py)?;
        Ok((verified.id.into_owned(), verified.timestamp))
    }

    /// Whether `finish` has been called.
    #[getter]
    fn finished(&self, py: Python<'_>) -> PyResult<bool> {
        Ok(self.state(py)?.is_none())
    }
}
