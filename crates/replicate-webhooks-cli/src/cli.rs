//! The command line: every command, flag and default, as clap sees them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::lifecycle::EventKind;
use crate::scenario::ScenarioKind;
use crate::tamper::Tamper;

/// Sign, verify and simulate Replicate webhooks locally.
///
/// Secrets come from --secret or, when it is absent, from the
/// REPLICATE_WEBHOOK_SECRET environment variable (several secrets may be
/// separated by spaces). Prefer the variable: arguments show up in `ps`.
#[derive(Debug, Parser)]
#[command(name = "replicate-webhooks", version, after_long_help = crate::exit::HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The four commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the webhook-id, webhook-timestamp and webhook-signature headers for a body.
    #[command(after_long_help = crate::exit::HELP)]
    Sign(SignArgs),
    /// Verify a webhook (headers + body, or a captured HTTP request) and summarise it.
    #[command(after_long_help = crate::exit::HELP)]
    Verify(VerifyArgs),
    /// Deliver a simulated prediction lifecycle to URL, the way Replicate does.
    #[command(after_long_help = crate::exit::HELP)]
    Send(SendArgs),
    /// Receive webhooks on a local port, verify each one and print a line per delivery.
    #[command(after_long_help = crate::exit::HELP)]
    Listen(ListenArgs),
}

/// Where the signing secrets come from.
#[derive(Debug, Args)]
pub struct SecretArgs {
    /// Signing secret, `whsec_…` [default: $REPLICATE_WEBHOOK_SECRET].
    /// Repeat to accept any of several (key rotation).
    #[arg(long = "secret", short = 's', value_name = "SECRET")]
    pub secrets: Vec<String>,
}

/// `sign`: headers for a body.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The secrets (only the first signs).
    #[command(flatten)]
    pub secret: SecretArgs,
    /// Message id [default: a fresh random `msg_…`].
    #[arg(long)]
    pub id: Option<String>,
    /// Unix timestamp in seconds [default: now].
    #[arg(long)]
    pub timestamp: Option<u64>,
    /// Output: header lines, a curl command, or a JSON object.
    #[arg(long, value_enum, default_value_t = SignFormat::Headers)]
    pub format: SignFormat,
    /// Where the curl command posts to (with --format curl).
    #[arg(long, default_value = "http://localhost:3000/")]
    pub url: String,
    /// The body to sign, exactly as it will be sent; `-` or nothing reads stdin.
    #[arg(value_name = "BODY_FILE")]
    pub body: Option<PathBuf>,
}

/// How `sign` prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SignFormat {
    /// `name: value`, one header per line.
    Headers,
    /// A `curl` command that posts the signed body.
    Curl,
    /// `{"webhook-id": …, "webhook-timestamp": …, "webhook-signature": …}`.
    Json,
}

/// `verify`: check one webhook.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The secrets to try.
    #[command(flatten)]
    pub secret: SecretArgs,
    /// A header as `name: value` (repeatable). The value is taken verbatim
    /// after the colon and one optional space.
    #[arg(
        long = "header",
        short = 'H',
        value_name = "NAME: VALUE",
        conflicts_with = "request"
    )]
    pub headers: Vec<String>,
    /// A raw HTTP request as captured (request line, headers, blank line, body),
    /// e.g. with `nc -l 3000 > request.http` or `listen --save DIR`.
    #[arg(long, value_name = "FILE")]
    pub request: Option<PathBuf>,
    /// Accept timestamps up to this many seconds from now [default: 300].
    #[arg(long, value_name = "SECONDS")]
    pub tolerance: Option<u64>,
    /// Skip the timestamp window (to re-check a stored request; no replay protection).
    #[arg(long, conflicts_with = "tolerance")]
    pub no_timestamp_check: bool,
    /// Verify as if the time were this Unix timestamp [default: now].
    #[arg(long, value_name = "UNIX_SECONDS")]
    pub now: Option<u64>,
    /// Only check the signature; don't require a Replicate prediction or training body.
    #[arg(long)]
    pub no_parse: bool,
    /// Print the result (or the error) as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
    /// The raw body; `-` or nothing reads stdin.
    #[arg(value_name = "BODY_FILE", conflicts_with = "request")]
    pub body: Option<PathBuf>,
}

/// `send`: simulate Replicate delivering a prediction's webhooks.
#[derive(Debug, Args)]
pub struct SendArgs {
    /// Your webhook handler, e.g. http://localhost:3000/api/webhooks.
    pub url: String,
    /// The secret to sign with (the first one signs).
    #[command(flatten)]
    pub secret: SecretArgs,
    /// Which events to deliver, like `webhook_events_filter` [default: all four].
    #[arg(long, value_enum, value_delimiter = ',', value_name = "EVENTS")]
    pub events: Vec<EventKind>,
    /// What happens to the prediction [default: succeeded, or the status in --payload].
    #[arg(long, value_enum)]
    pub scenario: Option<ScenarioKind>,
    /// Start from your own prediction or training JSON: it becomes the final
    /// webhook, and the earlier ones are derived from it.
    #[arg(long, value_name = "FILE")]
    pub payload: Option<PathBuf>,
    /// Multiply every delay (500 ms between events, the one-minute retry
    /// window) by this factor; 0.01 plays a full lifecycle with retries in under a second.
    #[arg(long, default_value_t = 1.0, value_parser = parse_time_scale, value_name = "X")]
    pub time_scale: f64,
    /// Seconds to wait for each answer before counting the attempt as timed out (not scaled).
    #[arg(long, default_value_t = 5.0, value_parser = parse_timeout, value_name = "SECONDS")]
    pub timeout: f64,
    /// Deliberately break every delivery, to see your handler refuse it.
    #[arg(long, value_enum)]
    pub tamper: Option<Tamper>,
    /// Print one JSON object per attempt instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// `listen`: a verifying receiver.
#[derive(Debug, Args)]
pub struct ListenArgs {
    /// The secrets to accept.
    #[command(flatten)]
    pub secret: SecretArgs,
    /// Port to listen on; 0 picks a free one (see --addr-file).
    #[arg(long, short = 'p', default_value_t = 3000)]
    pub port: u16,
    /// Address to bind; the default only accepts local connections.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Accept timestamps up to this many seconds from now [default: 300].
    #[arg(long, value_name = "SECONDS")]
    pub tolerance: Option<u64>,
    /// Answer 500 to the first N deliveries of each webhook-id, to watch retries.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub fail_first: u32,
    /// Save every request, raw, as DIR/NNNN-WEBHOOK_ID.http (readable by `verify --request`).
    #[arg(long, value_name = "DIR")]
    pub save: Option<PathBuf>,
    /// Once listening, write the base URL (http://HOST:PORT/) to this file, for scripts.
    #[arg(long, value_name = "FILE")]
    pub addr_file: Option<PathBuf>,
}

fn parse_time_scale(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if value.is_finite() && value > 0.0 && value <= 100.0 {
        Ok(value)
    } else {
        Err(String::from("must be greater than 0 and at most 100"))
    }
}

fn parse_timeout(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if value.is_finite() && value > 0.0 && value <= 600.0 {
        Ok(value)
    } else {
        Err(String::from("must be greater than 0 and at most 600"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn time_scale_is_bounded() {
        assert_eq!(parse_time_scale("0.01"), Ok(0.01));
        assert!(parse_time_scale("0").is_err());
        assert!(parse_time_scale("-1").is_err());
        assert!(parse_time_scale("NaN").is_err());
        assert!(parse_time_scale("inf").is_err());
    }
}
