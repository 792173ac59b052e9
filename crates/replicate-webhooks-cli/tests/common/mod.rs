//! Shared by the integration tests: running the binary, and a recording
//! webhook handler on 127.0.0.1 (tiny_http, one thread per request so a slow
//! answer does not hold up the next attempt).
// The no-panic lints guard library code; test helpers may index, do arithmetic and unwrap.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]
#![allow(dead_code)] // each test file uses a subset of the helpers

use std::io::Write as _;
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The secret from Replicate's docs.
pub const SECRET: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

/// The binary under test, with no secret in its environment.
pub fn cli() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_replicate-webhooks"));
    command.env_remove("REPLICATE_WEBHOOK_SECRET");
    command
}

/// Run to completion with `stdin` as input.
pub fn run(command: &mut Command, stdin: &[u8]) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the cli");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    // Write from a thread: a large body must not deadlock against a full stdout pipe.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// One request the handler saw.
#[derive(Debug, Clone)]
pub struct Received {
    pub at: Instant,
    pub unix: u64,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn id(&self) -> &str {
        self.header("webhook-id").unwrap_or("")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    pub fn status(&self) -> String {
        self.json()["status"].as_str().unwrap_or("").to_owned()
    }

    pub fn is_terminal(&self) -> bool {
        matches!(
            self.status().as_str(),
            "succeeded" | "failed" | "canceled" | "aborted"
        )
    }
}

/// What the handler does with request number `n` (0-based): status and delay.
pub type Respond = dyn Fn(usize, &Received) -> (u16, Duration) + Send + Sync;

/// A local webhook handler that records every request.
pub struct Handler {
    server: Arc<tiny_http::Server>,
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    thread: Option<JoinHandle<()>>,
}

impl Handler {
    /// Answer 200 to everything.
    pub fn ok() -> Handler {
        Handler::new(|_, _| (200, Duration::ZERO))
    }

    pub fn new(
        respond: impl Fn(usize, &Received) -> (u16, Duration) + Send + Sync + 'static,
    ) -> Handler {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let url = format!("http://{}/hook", server.server_addr().to_ip().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let respond: Arc<Respond> = Arc::new(respond);
        let thread = {
            let server = Arc::clone(&server);
            let received = Arc::clone(&received);
            std::thread::spawn(move || {
                for mut request in server.incoming_requests() {
                    let at = Instant::now();
                    let mut body = Vec::new();
                    request.as_reader().read_to_end(&mut body).unwrap();
                    let seen = Received {
                        at,
                        unix: unix_now(),
                        headers: request
                            .headers()
                            .iter()
                            .map(|h| {
                                (
                                    h.field.as_str().as_str().to_owned(),
                                    h.value.as_str().to_owned(),
                                )
                            })
                            .collect(),
                        body,
                    };
                    let index = {
                        let mut all = received.lock().unwrap();
                        all.push(seen.clone());
                        all.len() - 1
                    };
                    let (status, delay) = respond(index, &seen);
                    std::thread::spawn(move || {
                        std::thread::sleep(delay);
                        let _ = request.respond(
                            tiny_http::Response::from_string(format!("answer {status}\n"))
                                .with_status_code(status),
                        );
                    });
                }
            })
        };
        Handler {
            server,
            url,
            received,
            thread: Some(thread),
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for Handler {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// `send URL --secret SECRET --json ARGS…`: exit code and the JSON rows.
pub fn send(url: &str, args: &[&str]) -> (i32, Vec<serde_json::Value>, String) {
    let output = run(
        cli()
            .args(["send", url, "--secret", SECRET, "--json"])
            .args(args),
        b"",
    );
    let rows = text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    (
        output.status.code().unwrap_or(-1),
        rows,
        text(&output.stderr),
    )
}

/// A port nothing listens on (bound, then released).
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}
