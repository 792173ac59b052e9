//! The native module of the `replicate-webhooks` pip package
//! (`replicate_webhooks._native`): thin PyO3 glue over the core crate.
//!
//! Everything here converts Python arguments, calls the core, and converts the
//! answer back. Verification rules live in `crates/replicate-webhooks` only.

mod convert;
mod errors;
mod json;
mod replay;
mod stream;
mod webhook;

use pyo3::prelude::*;
use pyo3::types::PyTuple;
use replicate_webhooks::ErrorCode;

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    module.add_class::<webhook::PyWebhook>()?;
    module.add_class::<stream::PyStreamingVerifier>()?;
    module.add_class::<replay::PyReplayGuard>()?;
    module.add_function(wrap_pyfunction!(webhook::_parse_payload, module)?)?;
    module.add_function(wrap_pyfunction!(errors::_family_of, module)?)?;
    let codes = ErrorCode::ALL.iter().map(|code| code.as_str());
    module.add("ERROR_CODES", PyTuple::new(py, codes)?)?;
    module.add(
        "DEFAULT_TOLERANCE_SECONDS",
        replicate_webhooks::limits::DEFAULT_TOLERANCE_SECONDS,
    )?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
