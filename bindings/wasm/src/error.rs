//! Core errors as a JS-visible value: the stable code and the core's message.
//!
//! The JS layer turns a thrown [`Failure`] into its `WebhookVerificationError`
//! (a real `Error` subclass); this type never reaches users.

use replicate_webhooks::{Error, ErrorCode};
use wasm_bindgen::prelude::*;

/// A failed operation: [`ErrorCode::as_str`] and the core's `Display` text.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Failure {
    code: &'static str,
    message: String,
}

#[wasm_bindgen]
impl Failure {
    /// The stable snake_case code.
    #[wasm_bindgen(getter)]
    pub fn code(&self) -> String {
        String::from(self.code)
    }

    /// The human message (never contains a secret).
    #[wasm_bindgen(getter)]
    pub fn message(&self) -> String {
        self.message.clone()
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure {
            code: error.code().as_str(),
            message: error.to_string(),
        }
    }
}

/// `invalid_argument` with the core's wording.
pub(crate) fn argument(reason: &str) -> Failure {
    Error::invalid_argument(reason).into()
}

/// Every error code of the core, in its order (`ErrorCode::ALL`).
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    ErrorCode::ALL
        .iter()
        .map(|code| String::from(code.as_str()))
        .collect()
}

/// `invalid_argument` for an argument the JS layer rejected by type.
#[wasm_bindgen(js_name = invalidArgument)]
pub fn invalid_argument(reason: &str) -> Failure {
    argument(reason)
}

/// `invalid_body` for a body that is not the raw request body; `found` names
/// what was passed (e.g. "an object"). The message says how to get the raw body,
/// since the usual cause is a framework that already parsed the JSON.
#[wasm_bindgen(js_name = invalidBody)]
pub fn invalid_body(found: &str) -> Failure {
    Error::invalid_body(format!(
        "expected the raw request body as a string, Uint8Array, Buffer or ArrayBuffer, got {found}. \
         Verify the exact bytes Replicate sent, before any JSON parsing: in a Next.js App Router \
         route use `const body = await request.text()`; in the Pages Router export \
         `config = {{ api: {{ bodyParser: false }} }}` and read the request stream; in Express use \
         `express.raw({{ type: \"application/json\" }})`. Re-serializing parsed JSON does not \
         reproduce the signed bytes."
    ))
    .into()
}

/// `invalid_body` for a body that does not fit in wasm memory.
#[wasm_bindgen(js_name = bodyTooLarge)]
pub fn body_too_large(len: usize) -> Failure {
    Error::invalid_body(format!(
        "the body and headers need {len} bytes, more than WebAssembly memory can provide"
    ))
    .into()
}
