//! The scratch-buffer layout the JS layer writes, and the binding's own wording
//! of errors only a binding can meet.
//!
//! Layout: a *segment* is a `u32` little-endian byte length followed by that
//! many bytes; a *count* is a bare `u32`; a *header block* is a count of pairs
//! `n`, then `2n` byte lengths (name, value, name, value, …), then all those
//! texts back to back. Text is UTF-8 (the JS layer writes it with
//! `TextEncoder`). The header block keeps its texts together so the JS layer
//! can encode them with one call and this side validate them as UTF-8 once.

use alloc::format;
use replicate_webhooks::{Error, HeaderSource};

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

    /// A header block, checked whole (bounds, UTF-8, every length on a
    /// character boundary) so that looking names up later cannot fail.
    pub(crate) fn headers(&mut self) -> Result<HeaderBlock<'a>, Error> {
        let overrun = || argument("the arguments exceed the reserved buffer");
        let pairs = usize::try_from(self.count()?).map_err(|_| overrun())?;
        let lengths_len = pairs.checked_mul(8).ok_or_else(overrun)?;
        let (lengths, rest) = self
            .rest
            .split_at_checked(lengths_len)
            .ok_or_else(overrun)?;
        self.rest = rest;
        let total = le_lengths(lengths)
            .try_fold(0usize, usize::checked_add)
            .ok_or_else(overrun)?;
        let (texts, rest) = self.rest.split_at_checked(total).ok_or_else(overrun)?;
        self.rest = rest;
        let texts = core::str::from_utf8(texts).map_err(|_| argument("text is not valid UTF-8"))?;
        let block = HeaderBlock { lengths, texts };
        // A length that splits a character is a malformed block.
        if block.texts().count() != pairs.saturating_mul(2) {
            return Err(argument("text is not valid UTF-8"));
        }
        Ok(block)
    }
}

/// The `(name, value)` pairs of a checked header block, read in place: no
/// allocation per call (the core looks names up case-insensitively; the
/// first of a repeated name wins).
pub(crate) struct HeaderBlock<'a> {
    lengths: &'a [u8],
    texts: &'a str,
}

impl<'a> HeaderBlock<'a> {
    /// Names and values, alternating; stops early only on a malformed block,
    /// which `Reader::headers` has already refused.
    fn texts(&self) -> impl Iterator<Item = &'a str> {
        let mut rest = self.texts;
        le_lengths(self.lengths).map_while(move |length| {
            let (text, after) = rest.split_at_checked(length)?;
            rest = after;
            Some(text)
        })
    }
}

impl HeaderSource for HeaderBlock<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        let mut texts = self.texts();
        while let (Some(key), Some(value)) = (texts.next(), texts.next()) {
            if key.eq_ignore_ascii_case(name) {
                return Some(value);
            }
        }
        None
    }
}

/// The little-endian `u32` lengths of a header block as `usize`s (saturating
/// on 16-bit targets, which then fail the bounds check).
fn le_lengths(lengths: &[u8]) -> impl Iterator<Item = usize> + '_ {
    lengths.chunks_exact(4).map(|chunk| {
        let word = <[u8; 4]>::try_from(chunk).unwrap_or_default();
        usize::try_from(u32::from_le_bytes(word)).unwrap_or(usize::MAX)
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A header block as the JS writer lays it out.
    fn block(texts: &[&[u8]]) -> Vec<u8> {
        let mut out = u32::try_from(texts.len() / 2)
            .unwrap()
            .to_le_bytes()
            .to_vec();
        for text in texts {
            out.extend_from_slice(&u32::try_from(text.len()).unwrap().to_le_bytes());
        }
        for text in texts {
            out.extend_from_slice(text);
        }
        out
    }

    #[test]
    fn looks_names_up_case_insensitively_first_wins() {
        let scratch = block(&[
            b"Webhook-Id",
            b"msg_1",
            b"webhook-id",
            b"msg_2",
            b"x",
            "\u{e9}".as_bytes(),
        ]);
        let mut reader = Reader::new(&scratch);
        let headers = reader.headers().unwrap();
        assert_eq!(headers.header("webhook-id"), Some("msg_1"));
        assert_eq!(headers.header("x"), Some("\u{e9}"));
        assert_eq!(headers.header("webhook-timestamp"), None);
        assert!(reader.rest.is_empty());
    }

    #[test]
    fn refuses_malformed_blocks() {
        // A length that splits "é" (2 bytes) between a name and its value.
        let mut split = block(&[b"a", "\u{e9}".as_bytes()]);
        split[4..8].copy_from_slice(&2u32.to_le_bytes());
        split[8..12].copy_from_slice(&1u32.to_le_bytes());
        assert!(Reader::new(&split).headers().is_err());
        // Lengths past the end of the buffer, and a pair count past the lengths.
        let mut long = block(&[b"a", b"b"]);
        long[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Reader::new(&long).headers().is_err());
        assert!(Reader::new(&u32::MAX.to_le_bytes()).headers().is_err());
        assert!(Reader::new(&block(&[b"a", &[0xff]])).headers().is_err());
    }
}
