//! `verify`: check one webhook and say what it carries.

use std::io::Write;

use replicate_webhooks::payload::Payload;
use replicate_webhooks::{Verified, Webhook, unix_now};
use serde_json::json;

use crate::cli::VerifyArgs;
use crate::exit::CliError;
use crate::{input, request_file, secrets, summary};

/// What a successful check found.
struct Found {
    verified: Verified<'static>,
    payload: Option<Payload>,
    now: u64,
}

/// Run `verify`. On failure the error (with its code) is returned; with
/// `--json` it is also printed on stdout as `{"ok": false, "code", "message"}`.
pub fn run(args: &VerifyArgs, out: &mut dyn Write) -> Result<(), CliError> {
    match check(args) {
        Ok(found) if args.json => {
            let mut record = json!({
                "ok": true,
                "webhook_id": found.verified.id,
                "timestamp": found.verified.timestamp,
            });
            if let (Some(payload), Some(record)) = (&found.payload, record.as_object_mut()) {
                record.insert("kind".into(), payload.kind().as_str().into());
                record.insert("id".into(), payload.id().into());
                record.insert("status".into(), payload.status().as_str().into());
                record.insert("is_terminal".into(), payload.is_terminal().into());
            }
            writeln!(out, "{record}")?;
            Ok(())
        }
        Ok(found) => {
            let what = found
                .payload
                .as_ref()
                .map_or_else(|| String::from("signature valid"), summary::describe);
            writeln!(
                out,
                "ok: {what} (webhook-id {}, {})",
                found.verified.id,
                age(found.verified.timestamp, found.now)
            )?;
            Ok(())
        }
        Err(CliError::Webhook { error, hint, .. }) if args.json => {
            let record =
                json!({"ok": false, "code": error.code().as_str(), "message": error.to_string()});
            writeln!(out, "{record}")?;
            Err(CliError::Webhook {
                error,
                hint,
                reported: true,
            })
        }
        Err(error) => Err(error),
    }
}

fn check(args: &VerifyArgs) -> Result<Found, CliError> {
    let (headers, body) = match &args.request {
        Some(path) => {
            let request = request_file::parse(&input::read_file(path)?)?;
            (request.headers, request.body)
        }
        None => {
            let headers = args
                .headers
                .iter()
                .map(|header| input::parse_header(header))
                .collect::<Result<Vec<_>, _>>()?;
            (headers, input::read_body(args.body.as_deref())?)
        }
    };
    let webhook = configure(secrets::webhook(&args.secret.secrets)?, args);
    let now = args.now.unwrap_or_else(unix_now);
    if args.no_parse {
        let verified = webhook.verify_at(&headers, &body, now)?.into_owned();
        return Ok(Found {
            verified,
            payload: None,
            now,
        });
    }
    let event = webhook.verify_and_parse_at(&headers, &body, now)?;
    Ok(Found {
        verified: Verified {
            id: event.id.into(),
            timestamp: event.timestamp,
        },
        payload: Some(event.payload),
        now,
    })
}

fn configure(webhook: Webhook, args: &VerifyArgs) -> Webhook {
    match (args.no_timestamp_check, args.tolerance) {
        (true, _) => webhook.without_timestamp_check(),
        (false, Some(seconds)) => webhook.with_tolerance(seconds),
        (false, None) => webhook,
    }
}

/// `signed 3 s ago`, `signed 2 s in the future`.
fn age(timestamp: u64, now: u64) -> String {
    if timestamp <= now {
        format!("signed {} s ago", now.saturating_sub(timestamp))
    } else {
        format!("signed {} s in the future", timestamp.saturating_sub(now))
    }
}
