//! `replicate_webhooks.ReplayGuard`: the core's replay guard, over the core's
//! in-memory store or over a Python store object.
//!
//! The rules (what counts as a duplicate, how long an id is remembered, the
//! `replayed` error) are the core's; this file adapts a Python object with
//! `is_committed(id) -> bool` and `commit(id, ttl_seconds)` to the core's
//! `ReplayStore` trait. The Python layer (`replay.py`) adds the context
//! manager and the decorator.

use std::sync::Mutex;

use pyo3::prelude::*;
use replicate_webhooks::Verified;
use replicate_webhooks::replay::{MemoryReplayStore, ReplayGuard, ReplayStore};

use crate::convert;
use crate::errors::{IntoPyResult as _, invalid_argument};
use crate::webhook::{DEFAULT_TOLERANCE, Tolerance};

enum Store {
    /// The default: the core's TTL map, shared by every thread of the process.
    Memory(Mutex<ReplayGuard<MemoryReplayStore>>),
    /// A user's store (Redis, a database, …); it handles its own concurrency.
    Python(Py<PyAny>),
}

#[pyclass(module = "replicate_webhooks", name = "ReplayGuard", frozen, subclass)]
pub(crate) struct PyReplayGuard {
    store: Store,
    tolerance: u64,
}

/// A Python store seen as the core's `ReplayStore`. The trait cannot fail, so
/// the first Python exception is kept and raised once the core returns.
struct PythonStore<'py> {
    store: Bound<'py, PyAny>,
    error: Option<PyErr>,
}

impl PythonStore<'_> {
    fn keep(&mut self, error: PyErr) {
        self.error.get_or_insert(error);
    }
}

impl ReplayStore for PythonStore<'_> {
    fn is_committed(&mut self, id: &str, _now: u64) -> bool {
        let answer = self
            .store
            .call_method1(pyo3::intern!(self.store.py(), "is_committed"), (id,))
            .and_then(|answer| answer.is_truthy());
        answer.unwrap_or_else(|error| {
            self.keep(error);
            false
        })
    }

    fn commit(&mut self, id: &str, expires_at: u64, now: u64) {
        let ttl_seconds = expires_at.saturating_sub(now);
        // Already outside the window: the timestamp check rejects this id from
        // now on, and stores such as Redis refuse a TTL of 0.
        if ttl_seconds == 0 {
            return;
        }
        let result = self
            .store
            .call_method1(pyo3::intern!(self.store.py(), "commit"), (id, ttl_seconds));
        if let Err(error) = result {
            self.keep(error);
        }
    }
}

impl PyReplayGuard {
    /// Run `step` against the store: the core's guard decides, the store remembers.
    fn with_guard<T>(&self, py: Python<'_>, step: impl FnOnce(&mut dyn Step) -> T) -> PyResult<T> {
        match &self.store {
            Store::Memory(guard) => {
                let mut guard = guard.lock().map_err(|_| {
                    invalid_argument(py, "the replay guard is unusable after an internal error")
                })?;
                Ok(step(&mut *guard))
            }
            Store::Python(store) => {
                let mut guard = ReplayGuard::new(
                    PythonStore {
                        store: store.bind(py).clone(),
                        error: None,
                    },
                    self.tolerance,
                );
                let output = step(&mut guard);
                match guard.store_mut().error.take() {
                    Some(error) => Err(error),
                    None => Ok(output),
                }
            }
        }
    }
}

/// The two operations, object-safe over both kinds of store.
trait Step {
    fn check(&mut self, verified: &Verified<'_>, now: u64)
    -> Result<(), replicate_webhooks::Error>;
    fn commit(&mut self, verified: &Verified<'_>, now: u64);
}

impl<S: ReplayStore> Step for ReplayGuard<S> {
    fn check(
        &mut self,
        verified: &Verified<'_>,
        now: u64,
    ) -> Result<(), replicate_webhooks::Error> {
        ReplayGuard::check(self, verified, now)
    }

    fn commit(&mut self, verified: &Verified<'_>, now: u64) {
        ReplayGuard::commit(self, verified, now);
    }
}

fn verified(
    py: Python<'_>,
    id: &Bound<'_, PyAny>,
    timestamp: &Bound<'_, PyAny>,
) -> PyResult<Verified<'static>> {
    let id = convert::text(id, "id")?;
    let id =
        core::str::from_utf8(id.as_bytes()).map_err(|_| invalid_argument(py, "id is not UTF-8"))?;
    let timestamp = convert::unix_seconds(timestamp, "timestamp")?;
    Ok(Verified {
        id: String::from(id).into(),
        timestamp,
    })
}

#[pymethods]
impl PyReplayGuard {
    /// `store`: `None` for the in-memory store, or an object with
    /// `is_committed(id) -> bool` and `commit(id, ttl_seconds)`. `tolerance`:
    /// the verifier's window in seconds (ids are remembered that long past
    /// their timestamp, plus one second).
    #[new]
    #[pyo3(
        signature = (store = None, *, tolerance = DEFAULT_TOLERANCE),
        text_signature = "(store=None, *, tolerance=300)"
    )]
    fn py_new(
        py: Python<'_>,
        store: Option<&Bound<'_, PyAny>>,
        tolerance: Tolerance,
    ) -> PyResult<PyReplayGuard> {
        let tolerance = tolerance.0.ok_or_else(|| {
            invalid_argument(
                py,
                "a replay guard needs the timestamp window (tolerance=None turns it off): ids \
                 are remembered only for that long",
            )
        })?;
        let store = match store {
            Some(store) if !store.is_none() => {
                for method in ["is_committed", "commit"] {
                    let callable = store
                        .getattr(method)
                        .map(|attribute| attribute.is_callable())
                        .unwrap_or(false);
                    if !callable {
                        return Err(invalid_argument(
                            py,
                            format!(
                                "a replay store needs is_committed(id) and commit(id, ttl_seconds) \
                                 methods; {} has no {method}()",
                                convert::type_name(store)
                            ),
                        ));
                    }
                }
                Store::Python(store.clone().unbind())
            }
            _ => Store::Memory(Mutex::new(ReplayGuard::new(
                MemoryReplayStore::new(),
                tolerance,
            ))),
        };
        Ok(PyReplayGuard { store, tolerance })
    }

    /// Raise `ReplayedError` if `id` was committed (and has not expired).
    #[pyo3(signature = (id, timestamp, now = None))]
    fn _check(
        &self,
        py: Python<'_>,
        id: &Bound<'_, PyAny>,
        timestamp: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let verified = verified(py, id, timestamp)?;
        let now = convert::now(now)?;
        self.with_guard(py, |guard| guard.check(&verified, now))?
            .or_raise(py)
    }

    /// Remember `id` as processed until `timestamp + tolerance + 1`.
    #[pyo3(signature = (id, timestamp, now = None))]
    fn _commit(
        &self,
        py: Python<'_>,
        id: &Bound<'_, PyAny>,
        timestamp: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let verified = verified(py, id, timestamp)?;
        let now = convert::now(now)?;
        self.with_guard(py, |guard| guard.commit(&verified, now))
    }

    /// The window in seconds.
    #[getter]
    fn tolerance(&self) -> u64 {
        self.tolerance
    }

    /// The store object, or `None` for the in-memory store.
    #[getter]
    fn store(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        match &self.store {
            Store::Memory(_) => None,
            Store::Python(store) => Some(store.clone_ref(py)),
        }
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let this = slf.get();
        let name = slf.get_type().name()?;
        let store = match &this.store {
            Store::Memory(_) => String::from("memory"),
            Store::Python(store) => convert::type_name(store.bind(slf.py())),
        };
        Ok(format!(
            "<{name} store={store} tolerance={}>",
            this.tolerance
        ))
    }
}
