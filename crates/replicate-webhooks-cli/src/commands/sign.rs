//! `sign`: the three headers for a body, as lines, JSON or a curl command.

use std::io::Write;
use std::path::Path;

use replicate_webhooks::{SignedHeaders, new_message_id, unix_now};

use crate::cli::{SignArgs, SignFormat};
use crate::exit::CliError;
use crate::{input, secrets};

/// Run `sign`.
pub fn run(args: &SignArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let webhook = secrets::webhook(&args.secret.secrets)?;
    let body = input::read_body(args.body.as_deref())?;
    let id = args.id.clone().unwrap_or_else(new_message_id);
    let timestamp = args.timestamp.unwrap_or_else(unix_now);
    let signed = webhook.sign_headers(&id, timestamp, &body);
    match args.format {
        SignFormat::Headers => {
            for (name, value) in signed.as_pairs() {
                writeln!(out, "{name}: {value}")?;
            }
        }
        SignFormat::Json => {
            let object: serde_json::Map<String, serde_json::Value> = signed
                .as_pairs()
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).into()))
                .collect();
            writeln!(out, "{}", serde_json::Value::Object(object))?;
        }
        SignFormat::Curl => {
            let data = curl_data(args.body.as_deref(), &body)?;
            writeln!(out, "{}", curl(&args.url, &signed, &data))?;
        }
    }
    Ok(())
}

/// The curl command posting the signed body.
fn curl(url: &str, signed: &SignedHeaders, data: &str) -> String {
    let mut lines = vec![format!("curl -sS -X POST {}", quote(url))];
    lines.push(format!("-H {}", quote("content-type: application/json")));
    for (name, value) in signed.as_pairs() {
        lines.push(format!("-H {}", quote(&format!("{name}: {value}"))));
    }
    lines.push(String::from(data));
    lines.join(" \\\n  ")
}

/// `--data-binary @FILE` for a file (curl sends its bytes untouched), else the
/// body inline with `--data-raw` (no `@` lookup, no newline stripping).
fn curl_data(path: Option<&Path>, body: &[u8]) -> Result<String, CliError> {
    match path {
        Some(path) if path != Path::new("-") => Ok(format!(
            "--data-binary @{}",
            quote(&path.display().to_string())
        )),
        _ => {
            let text = std::str::from_utf8(body).map_err(|_| {
                CliError::input("the body is not UTF-8: pass it as a file to get a curl command")
            })?;
            Ok(format!("--data-raw {}", quote(text)))
        }
    }
}

/// Single-quote for POSIX shells: `it's` becomes `'it'\''s'`.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_survives_single_quotes() {
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("{\"a\": 1}"), "'{\"a\": 1}'");
    }

    #[test]
    fn curl_commands_carry_the_three_headers() {
        let signed = SignedHeaders {
            id: "msg_1".into(),
            timestamp: "1614265330".into(),
            signature: "v1,abc=".into(),
        };
        let command = curl("http://localhost:3000/", &signed, "--data-raw '{}'");
        assert!(command.starts_with("curl -sS -X POST 'http://localhost:3000/' \\\n"));
        assert!(command.contains("-H 'webhook-signature: v1,abc='"));
        assert!(command.ends_with("--data-raw '{}'"));
    }
}
