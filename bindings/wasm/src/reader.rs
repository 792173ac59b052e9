//! The scratch-buffer layout the JS layer writes, and the binding's own wording
//! of errors only a binding can meet.
//!
//! Layout: a *segment* is a `u32` little-endian byte length followed by that
//! many bytes; a *count* is a bare `u32`; a *header block* is a count of pairs
//! followed by a name segment and a value segment per pair. Text is UTF-8 (the
//! JS layer writes it with `TextEncoder`).

use alloc::format;
use alloc::vec::Vec;

use replicate_webhooks::Error;

/// Consecutive fields of the scratch buffer.
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(scratch: &'a [u8]) -> Reader<'a> {
        Reader { rest: scratch }
    }

    pub(crate) fn count(&mut self) -> Result<u32, Error> {
        let (head, tail) = self
            .rest
            .split_first_chunk::<4>()
            .ok_or_else(|| argument("the arguments exceed the reserved buffer"))?;
        self.rest = tail;
        Ok(u32::from_le_bytes(*head))
    }

    pub(crate) fn bytes(&mut self) -> Result<&'a [u8], Error> {
        let len = usize::try_from(self.count()?)
            .map_err(|_| argument("the arguments exceed the reserved buffer"))?;
        let (head, tail) = self
            .rest
            .split_at_checked(len)
            .ok_or_else(|| argument("the arguments exceed the reserved buffer"))?;
        self.rest = tail;
        Ok(head)
    }

    pub(crate) fn text(&mut self) -> Result<&'a str, Error> {
        core::str::from_utf8(self.bytes()?).map_err(|_| argument("text is not valid UTF-8"))
    }

    /// A header block as `(name, value)` pairs, in order (the core looks names
    /// up case-insensitively; the first of a repeated name wins).
    pub(crate) fn headers(&mut self) -> Result<Vec<(&'a str, &'a str)>, Error> {
        let count = self.count()?;
        // Not `with_capacity(count)`: the count is not trusted until read.
        let mut pairs = Vec::new();
        for _ in 0..count {
            let name = self.text()?;
            let value = self.text()?;
            pairs.push((name, value));
        }
        Ok(pairs)
    }
}

/// `invalid_argument` with the core's wording.
pub(crate) fn argument(reason: &str) -> Error {
    Error::invalid_argument(reason)
}

/// `invalid_body` for a body that is not the raw request body; `found` names
/// what was passed (e.g. "an object"). The message says how to get the raw
/// body, since the usual cause is a framework that already parsed the JSON.
pub(crate) fn not_raw_body(found: &str) -> Error {
    Error::invalid_body(format!(
        "expected the raw request body as a string, Uint8Array, Buffer or ArrayBuffer, got {found}. \
         Verify the exact bytes Replicate sent, before any JSON parsing: in a Next.js App Router \
         route use `const body = await request.text()`; in the Pages Router export \
         `config = {{ api: {{ bodyParser: false }} }}` and read the request stream; in Express use \
         `express.raw({{ type: \"application/json\" }})`. Re-serializing parsed JSON does not \
         reproduce the signed bytes."
    ))
}

/// `invalid_body` for a body that does not fit in wasm memory.
pub(crate) fn body_too_large(len: f64) -> Error {
    // Whole and positive: a byte count from the JS layer.
    let len = len as u64;
    Error::invalid_body(format!(
        "the body and headers need {len} bytes, more than WebAssembly memory can provide; \
         use verifyStream for very large bodies"
    ))
}

/// `invalid_body` for a fetch `Request` whose body was already consumed.
pub(crate) fn body_used() -> Error {
    Error::invalid_body(
        "a Request whose body was already read (call verifyRequest before request.json(), \
         or pass request.clone())",
    )
}
