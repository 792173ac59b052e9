//! One webhook POST, and what came of it.
//!
//! Like Replicate: redirects are not followed, proxies are not used (the
//! simulator talks to your handler directly), and an answer counts only if it
//! arrives within the timeout.

use std::io::Read as _;
use std::time::{Duration, Instant};

use crate::exit::CliError;
use crate::tamper::SignedRequest;

/// The `user-agent` of simulated deliveries.
pub const USER_AGENT: &str = concat!(
    "replicate-webhooks-cli/",
    env!("CARGO_PKG_VERSION"),
    " (simulated Replicate webhook)"
);

/// How much of the handler's answer is kept for display.
const ANSWER_PREVIEW_BYTES: u64 = 1024;

/// What one attempt produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The handler answered with this HTTP status.
    Answered {
        /// The status code.
        status: u16,
        /// The first line of the answer's body, shortened.
        answer: String,
    },
    /// No answer: refused connection, timeout, reset…
    Failed {
        /// What went wrong, for humans.
        reason: String,
    },
}

impl Outcome {
    /// The HTTP status, if there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Outcome::Answered { status, .. } => Some(*status),
            Outcome::Failed { .. } => None,
        }
    }

    /// A 2xx answer: the webhook is delivered.
    pub fn is_accepted(&self) -> bool {
        self.status()
            .is_some_and(|status| (200..300).contains(&status))
    }

    /// Whether Replicate would try a final webhook again after this: no
    /// answer at all, or a 4xx / 5xx. A 3xx is not followed and not retried.
    pub fn is_retryable(&self) -> bool {
        match self.status() {
            None => true,
            Some(status) => status >= 400,
        }
    }

    /// A short explanation for the table: the answer's first line, or why
    /// there was none.
    pub fn note(&self) -> String {
        match self {
            Outcome::Answered { status, answer } if (300..400).contains(status) => {
                format!("redirect not followed (Replicate doesn't either) {answer}")
                    .trim_end()
                    .to_owned()
            }
            Outcome::Answered { answer, .. } => answer.clone(),
            Outcome::Failed { reason } => reason.clone(),
        }
    }
}

/// An attempt's outcome and how long it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// The answer, or why there was none.
    pub outcome: Outcome,
    /// From sending the request to reading the answer.
    pub latency: Duration,
}

/// Sends webhooks to one URL.
#[derive(Debug)]
pub struct Client {
    agent: ureq::Agent,
    url: String,
    timeout: Duration,
}

impl Client {
    /// A client for `url` that gives up on an attempt after `timeout`.
    ///
    /// Checks the URL up front: it must be `http://` (or `https://` when built
    /// with the `https` feature), since a malformed URL would only fail every
    /// attempt the same way.
    pub fn new(url: &str, timeout: Duration) -> Result<Client, CliError> {
        let https = url
            .get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"));
        let http = url
            .get(..7)
            .is_some_and(|s| s.eq_ignore_ascii_case("http://"));
        if https && !cfg!(feature = "https") {
            return Err(CliError::input(
                "this build sends over plain http only; reinstall with `--features https` to reach https:// URLs",
            ));
        }
        if !http && !https {
            return Err(CliError::input(format!(
                "`{url}` is not an http:// URL (e.g. http://localhost:3000/api/webhooks)"
            )));
        }
        if let Err(error) = url.parse::<ureq::http::Uri>() {
            return Err(CliError::input(format!(
                "`{url}` is not a valid URL: {error}"
            )));
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .user_agent(USER_AGENT)
            .timeout_global(Some(timeout))
            .build()
            .new_agent();
        Ok(Client {
            agent,
            url: url.to_owned(),
            timeout,
        })
    }

    /// POST one signed request and wait for the answer.
    pub fn post(&self, request: &SignedRequest) -> Attempt {
        let started = Instant::now();
        let mut builder = self
            .agent
            .post(&self.url)
            .header("content-type", "application/json");
        for (name, value) in &request.headers {
            builder = builder.header(*name, value.as_str());
        }
        let outcome = match builder.send(request.body.as_slice()) {
            Ok(mut response) => {
                let status = response.status().as_u16();
                let mut preview = Vec::new();
                // The status is what counts; a body that fails to read is just not shown.
                let _ = response
                    .body_mut()
                    .as_reader()
                    .take(ANSWER_PREVIEW_BYTES)
                    .read_to_end(&mut preview);
                Outcome::Answered {
                    status,
                    answer: first_line(&preview),
                }
            }
            Err(error) => Outcome::Failed {
                reason: self.describe(&error),
            },
        };
        Attempt {
            outcome,
            latency: started.elapsed(),
        }
    }

    fn describe(&self, error: &ureq::Error) -> String {
        match error {
            ureq::Error::Timeout(_) => {
                format!(
                    "no answer within {:.1} s (timeout)",
                    self.timeout.as_secs_f64()
                )
            }
            ureq::Error::Io(io) => match io.kind() {
                std::io::ErrorKind::ConnectionRefused => String::from("connection refused"),
                std::io::ErrorKind::ConnectionReset => String::from("connection reset"),
                _ => io.to_string(),
            },
            ureq::Error::ConnectionFailed => String::from("connection failed"),
            ureq::Error::HostNotFound => String::from("host not found"),
            other => other.to_string(),
        }
    }
}

/// The first line of an answer, at most 60 characters.
fn first_line(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let line = text
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("");
    let mut short: String = line.trim().chars().take(60).collect();
    if line.trim().chars().nth(60).is_some() {
        short.push('…');
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_rules_follow_replicates_docs() {
        let answered = |status| Outcome::Answered {
            status,
            answer: String::new(),
        };
        assert!(answered(200).is_accepted() && !answered(200).is_retryable());
        assert!(answered(204).is_accepted());
        assert!(!answered(301).is_accepted() && !answered(301).is_retryable());
        assert!(answered(400).is_retryable() && answered(500).is_retryable());
        let failed = Outcome::Failed {
            reason: "connection refused".into(),
        };
        assert!(!failed.is_accepted() && failed.is_retryable());
    }

    #[test]
    fn only_http_urls_are_accepted() {
        assert!(Client::new("http://127.0.0.1:1/hook", Duration::from_secs(1)).is_ok());
        assert!(Client::new("ftp://example.com/", Duration::from_secs(1)).is_err());
        assert!(Client::new("localhost:3000", Duration::from_secs(1)).is_err());
    }

    #[test]
    fn answers_are_shortened_to_one_line() {
        assert_eq!(first_line(b"\n  rejected: bad\nmore"), "rejected: bad");
        assert_eq!(first_line(&[b'x'; 100]).chars().count(), 61);
    }
}
