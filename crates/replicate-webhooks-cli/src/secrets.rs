//! Where secrets come from: `--secret`, else `REPLICATE_WEBHOOK_SECRET`.

use replicate_webhooks::Webhook;

use crate::exit::CliError;

/// The environment variable read when no `--secret` is given.
pub const SECRET_ENV: &str = "REPLICATE_WEBHOOK_SECRET";

const HINT: &str = "pass --secret or set REPLICATE_WEBHOOK_SECRET";

/// The secrets to use: the `--secret` values if any, else the variable split
/// on whitespace (so `"whsec_new whsec_old"` accepts both during rotation).
pub fn resolve(flags: &[String]) -> Vec<String> {
    if !flags.is_empty() {
        return flags.to_vec();
    }
    std::env::var(SECRET_ENV)
        .map(|value| value.split_whitespace().map(String::from).collect())
        .unwrap_or_default()
}

/// A verifier (and signer) for the resolved secrets.
///
/// No secret at all is the core's `invalid_secret` error, with a hint on
/// where secrets come from.
pub fn webhook(flags: &[String]) -> Result<Webhook, CliError> {
    let secrets = resolve(flags);
    Webhook::with_secrets(&secrets).map_err(|error| CliError::Webhook {
        error,
        hint: secrets.is_empty().then_some(HINT),
        reported: false,
    })
}
