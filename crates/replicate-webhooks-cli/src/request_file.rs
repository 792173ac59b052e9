//! Reading a raw HTTP request as captured (`nc -l`, a proxy dump, `listen --save`).
//!
//! The head is parsed by `httparse`; the body is what follows the blank line:
//! exactly `Content-Length` bytes when that header is present (so a newline an
//! editor appended does not count), de-chunked when the request was sent with
//! `Transfer-Encoding: chunked`, else everything to the end of the file.

use std::io::Read as _;

use crate::exit::CliError;

/// Most headers read from a captured request.
pub const MAX_HEADERS: usize = 128;

/// A request read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapturedRequest {
    /// `POST`, usually.
    pub method: String,
    /// The request target, e.g. `/api/webhooks?customId=123`.
    pub target: String,
    /// Header pairs in file order, values with surrounding whitespace removed.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

/// Parse a captured request.
///
/// ```
/// use replicate_webhooks_cli::request_file::parse;
/// let raw = b"POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}\n";
/// let request = parse(raw).unwrap();
/// assert_eq!(request.target, "/hook");
/// assert_eq!(request.body, b"{}");
/// ```
pub fn parse(raw: &[u8]) -> Result<CapturedRequest, CliError> {
    let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut head = httparse::Request::new(&mut slots);
    let head_len = match head.parse(raw) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => {
            return Err(invalid(
                "the request head is incomplete (no blank line after the headers)",
            ));
        }
        Err(error) => return Err(invalid(&format!("cannot parse the request head: {error}"))),
    };
    let mut headers = Vec::with_capacity(head.headers.len());
    for header in head.headers.iter() {
        let value = std::str::from_utf8(header.value)
            .map_err(|_| invalid(&format!("the value of header {} is not UTF-8", header.name)))?;
        headers.push((String::from(header.name), String::from(value.trim())));
    }
    let rest = raw.get(head_len..).unwrap_or_default();
    let body = body(&headers, rest)?;
    Ok(CapturedRequest {
        method: String::from(head.method.unwrap_or_default()),
        target: String::from(head.path.unwrap_or_default()),
        headers,
        body,
    })
}

fn body(headers: &[(String, String)], rest: &[u8]) -> Result<Vec<u8>, CliError> {
    let find = |name: &str| {
        headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    };
    let chunked = find("transfer-encoding")
        .is_some_and(|value| value.to_ascii_lowercase().contains("chunked"));
    if chunked {
        let mut body = Vec::new();
        chunked_transfer::Decoder::new(rest)
            .read_to_end(&mut body)
            .map_err(|error| invalid(&format!("cannot decode the chunked body: {error}")))?;
        return Ok(body);
    }
    let Some(length) = find("content-length") else {
        return Ok(rest.to_vec());
    };
    let length: usize = length
        .parse()
        .map_err(|_| invalid(&format!("Content-Length `{length}` is not a number")))?;
    rest.get(..length).map(<[u8]>::to_vec).ok_or_else(|| {
        invalid(&format!(
            "the body has {} bytes but Content-Length says {length}: was the capture cut short, or its line endings changed?",
            rest.len()
        ))
    })
}

fn invalid(message: &str) -> CliError {
    CliError::input(format!("--request: {message}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lf_only_captures_parse() {
        let raw = b"POST / HTTP/1.1\nwebhook-id: msg_1\nContent-Length: 4\n\nbody";
        let request = parse(raw).unwrap();
        assert_eq!(request.headers[0], ("webhook-id".into(), "msg_1".into()));
        assert_eq!(request.body, b"body");
    }

    #[test]
    fn chunked_bodies_are_decoded() {
        let raw = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        assert_eq!(parse(raw).unwrap().body, b"abcde");
    }

    #[test]
    fn without_content_length_the_rest_is_the_body() {
        let raw = b"POST / HTTP/1.1\r\nHost: x\r\n\r\n{\"a\":1}\n";
        assert_eq!(parse(raw).unwrap().body, b"{\"a\":1}\n");
    }

    #[test]
    fn short_bodies_and_bad_heads_are_refused() {
        let short = parse(b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc").unwrap_err();
        assert!(
            short.to_string().contains("Content-Length says 10"),
            "{short}"
        );
        assert!(parse(b"POST / HTTP/1.1\r\nHost: x\r\n").is_err());
        assert!(parse(b"not http at all\r\n\r\n").is_err());
        assert!(parse(b"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n").is_err());
    }
}
