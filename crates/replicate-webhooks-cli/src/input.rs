//! Reading bodies and `--header` arguments, byte for byte.

use std::io::Read as _;
use std::path::Path;

use crate::exit::CliError;

/// The raw bytes of `path`, or of stdin when `path` is `None` or `-`.
///
/// Nothing is trimmed or re-encoded: a signature covers the exact bytes, and a
/// trailing newline added by an editor is a different body.
pub fn read_body(path: Option<&Path>) -> Result<Vec<u8>, CliError> {
    match path {
        Some(path) if path != Path::new("-") => read_file(path),
        _ => {
            let mut body = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut body)
                .map_err(|error| {
                    CliError::input(format!("cannot read the body from stdin: {error}"))
                })?;
            Ok(body)
        }
    }
}

/// The bytes of a file, with its name in the error.
pub fn read_file(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path)
        .map_err(|error| CliError::input(format!("cannot read {}: {error}", path.display())))
}

/// Split a `--header` argument into name and value.
///
/// The name is trimmed; the value is everything after the colon, minus one
/// leading space if there is one, so `"webhook-id: msg_1"` gives `msg_1` and
/// `"webhook-id:  msg_1"` keeps the second space. Values are passed to the
/// verifier verbatim, as they would arrive on the wire.
///
/// ```
/// use replicate_webhooks_cli::input::parse_header;
/// assert_eq!(parse_header("Webhook-Id: msg_1").unwrap(), ("Webhook-Id".into(), "msg_1".into()));
/// assert_eq!(parse_header("webhook-timestamp:1614265330 ").unwrap().1, "1614265330 ");
/// assert!(parse_header("no colon here").is_err());
/// ```
pub fn parse_header(argument: &str) -> Result<(String, String), CliError> {
    let Some((name, value)) = argument.split_once(':') else {
        return Err(CliError::input(format!(
            "--header `{argument}` is not `name: value`"
        )));
    };
    let name = name.trim();
    if name.is_empty() {
        return Err(CliError::input(format!(
            "--header `{argument}` has an empty name"
        )));
    }
    let value = value.strip_prefix(' ').unwrap_or(value);
    Ok((String::from(name), String::from(value)))
}
