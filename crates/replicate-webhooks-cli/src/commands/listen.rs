//! `listen`: a local receiver that verifies every delivery and says so.
//!
//! Each request gets one line: time, verdict, HTTP status answered, webhook-id,
//! body size, and what the body is (or why it was refused). Answers: 200 for a
//! verified webhook, 400 with `rejected: <code>` otherwise (the message stays
//! in the listener's output, as a real handler would keep it in its logs), 500 for
//! `--fail-first`, 405 for anything but POST, 413 for oversized bodies. A
//! webhook-id that was already accepted is answered 200 but flagged
//! `duplicate` (the core's `ReplayGuard`): the idempotency a handler needs.

use std::collections::HashMap;
use std::io::{Read as _, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use replicate_webhooks::replay::{MemoryReplayStore, ReplayGuard};
use replicate_webhooks::{Verified, Webhook, unix_now};
use tiny_http::{Header, Method, Request, Response, Server};

use crate::cli::ListenArgs;
use crate::exit::CliError;
use crate::{secrets, summary};

/// How many webhook-ids are remembered for the "delivery #n" tag.
const MAX_REMEMBERED_IDS: usize = 100_000;

/// Largest body accepted (Replicate bodies with inline outputs can be large).
pub const MAX_BODY_BYTES: u64 = 16 * 1024 * 1024;

/// Run `listen` until the process is stopped.
pub fn run(args: &ListenArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let mut webhook = secrets::webhook(&args.secret.secrets)?;
    if let Some(seconds) = args.tolerance {
        webhook = webhook.with_tolerance(seconds);
    }
    let server = Server::http((args.host.as_str(), args.port)).map_err(|error| {
        CliError::input(format!(
            "cannot listen on {}:{}: {error}",
            args.host, args.port
        ))
    })?;
    let url = match server.server_addr().to_ip() {
        Some(address) => format!("http://{address}/"),
        None => format!("http://{}:{}/", args.host, args.port),
    };
    if let Some(dir) = &args.save {
        std::fs::create_dir_all(dir).map_err(|error| {
            CliError::input(format!("cannot create {}: {error}", dir.display()))
        })?;
    }
    writeln!(
        out,
        "listening on {url} · {} secret(s) · tolerance {} s · Ctrl-C to stop",
        webhook.secret_count(),
        webhook.tolerance().unwrap_or_default()
    )?;
    out.flush()?;
    if let Some(path) = &args.addr_file {
        write_atomically(path, &url)?;
    }

    let tolerance = webhook
        .tolerance()
        .unwrap_or(replicate_webhooks::limits::DEFAULT_TOLERANCE_SECONDS);
    let mut receiver = Receiver {
        webhook,
        guard: ReplayGuard::new(MemoryReplayStore::new(), tolerance),
        fail_first: args.fail_first,
        save: args.save.clone(),
        deliveries: HashMap::new(),
        count: 0,
    };
    for request in server.incoming_requests() {
        receiver.handle(request, out)?;
    }
    Ok(())
}

struct Receiver {
    webhook: Webhook,
    /// Ids of webhooks already accepted: a second delivery is acknowledged, not reprocessed.
    guard: ReplayGuard<MemoryReplayStore>,
    fail_first: u32,
    save: Option<PathBuf>,
    /// Deliveries seen per webhook-id: retries reuse the id.
    deliveries: HashMap<String, u32>,
    count: u64,
}

/// What to answer and what to print.
struct Verdict {
    status: u16,
    answer: String,
    line: String,
}

impl Receiver {
    /// Judge the request, print its line, then answer: the line is out before
    /// the sender sees the answer, so the two outputs interleave in order.
    fn handle(&mut self, mut request: Request, out: &mut dyn Write) -> Result<(), CliError> {
        self.count = self.count.saturating_add(1);
        let verdict = self.judge(&mut request);
        writeln!(out, "{}  {}", clock(), verdict.line)?;
        out.flush()?;
        let content_type =
            Header::from_bytes(&b"content-type"[..], &b"text/plain; charset=utf-8"[..]);
        let mut response =
            Response::from_string(format!("{}\n", verdict.answer)).with_status_code(verdict.status);
        if let Ok(header) = content_type {
            response = response.with_header(header);
        }
        // The sender may have given up (timeout); that is its business.
        let _ = request.respond(response);
        Ok(())
    }

    fn judge(&mut self, request: &mut Request) -> Verdict {
        if *request.method() != Method::Post {
            return Verdict {
                status: 405,
                answer: String::from("POST webhooks here"),
                line: format!(
                    "{:<9}  405  {} {} (not a webhook)",
                    "ignored",
                    request.method(),
                    request.url()
                ),
            };
        }
        let mut body = Vec::new();
        let read = request
            .as_reader()
            .take(MAX_BODY_BYTES.saturating_add(1))
            .read_to_end(&mut body);
        if read.is_err() || body.len() as u64 > MAX_BODY_BYTES {
            return Verdict {
                status: 413,
                answer: String::from("body too large or unreadable"),
                line: format!("{:<9}  413  body too large or unreadable", "rejected"),
            };
        }
        let headers: Vec<(String, String)> = request
            .headers()
            .iter()
            .map(|header| {
                (
                    header.field.as_str().as_str().to_owned(),
                    header.value.as_str().to_owned(),
                )
            })
            .collect();
        let id = headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("webhook-id"))
            .map_or("-", |(_, value)| value.as_str())
            .to_owned();
        if let Some(dir) = &self.save {
            save(dir, self.count, &id, request, &headers, &body);
        }
        let size = summary::size(body.len());
        let seen = self.delivery_number(&id);
        let repeat = if seen > 1 {
            format!(" · delivery #{seen} of this id")
        } else {
            String::new()
        };
        let now = unix_now();
        match self.webhook.verify_and_parse_at(&headers, &body, now) {
            Ok(event) => {
                let what = summary::describe(&event.payload);
                let verified = Verified {
                    id: event.id.as_str().into(),
                    timestamp: event.timestamp,
                };
                // What a handler should do with Replicate's "identical webhooks
                // can be sent more than once": answer 2xx, skip the work.
                if let Err(replayed) = self.guard.check(&verified, now) {
                    return Verdict {
                        status: 200,
                        answer: String::from("duplicate: already processed"),
                        line: format!(
                            "{:<9}  200  {id:<28}  {size:>9}  {what}{repeat} · {}: acknowledged, not processed again",
                            "duplicate",
                            replayed.code()
                        ),
                    };
                }
                if seen <= self.fail_first {
                    return Verdict {
                        status: 500,
                        answer: format!("failing on purpose (--fail-first {})", self.fail_first),
                        line: format!(
                            "{:<9}  500  {id:<28}  {size:>9}  {what}{repeat} · --fail-first",
                            "failed"
                        ),
                    };
                }
                self.guard.commit(&verified, now);
                Verdict {
                    status: 200,
                    answer: String::from("accepted"),
                    line: format!(
                        "{:<9}  200  {id:<28}  {size:>9}  {what}{repeat}",
                        "accepted"
                    ),
                }
            }
            Err(error) => {
                // The full message once per id; retries of it just repeat the code.
                let reason = if seen > 1 {
                    format!("{}{repeat}", error.code())
                } else {
                    format!("{}: {error}", error.code())
                };
                Verdict {
                    status: 400,
                    answer: format!("rejected: {}", error.code()),
                    line: format!("{:<9}  400  {id:<28}  {size:>9}  {reason}", "REJECTED"),
                }
            }
        }
    }

    /// Count a delivery of `id` (the raw header: retries reuse it) and return
    /// its number, 1 for the first.
    fn delivery_number(&mut self, id: &str) -> u32 {
        // A long-running listener forgets old ids rather than grow without bound.
        if self.deliveries.len() >= MAX_REMEMBERED_IDS {
            self.deliveries.clear();
        }
        let seen = self.deliveries.entry(id.to_owned()).or_insert(0);
        *seen = seen.saturating_add(1);
        *seen
    }
}

/// `HH:MM:SS.mmm` in UTC.
fn clock() -> String {
    let stamp = humantime::format_rfc3339_millis(SystemTime::now()).to_string();
    stamp.get(11..23).unwrap_or(&stamp).to_owned()
}

/// Write the request as it came (body de-chunked, so `Content-Length` is set
/// to the body's length), for `verify --request`.
fn save(
    dir: &Path,
    count: u64,
    id: &str,
    request: &Request,
    headers: &[(String, String)],
    body: &[u8],
) {
    let safe_id: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .take(64)
        .collect();
    let mut raw = format!(
        "{} {} HTTP/{}\r\n",
        request.method(),
        request.url(),
        request.http_version()
    )
    .into_bytes();
    for (name, value) in headers {
        let framing = name.eq_ignore_ascii_case("content-length")
            || name.eq_ignore_ascii_case("transfer-encoding");
        if !framing {
            raw.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
    }
    raw.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    raw.extend_from_slice(body);
    let path = dir.join(format!("{count:04}-{safe_id}.http"));
    // Saving is a convenience: a full disk should not stop the listener.
    let _ = std::fs::write(path, raw);
}

/// Write then rename, so a script polling for the file never reads half of it.
fn write_atomically(path: &Path, text: &str) -> Result<(), CliError> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    std::fs::write(&temporary, text)
        .and_then(|()| std::fs::rename(&temporary, path))
        .map_err(|error| CliError::input(format!("cannot write {}: {error}", path.display())))
}
