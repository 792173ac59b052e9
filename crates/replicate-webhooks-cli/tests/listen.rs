//! `listen` and `send` together, as in `make demo`: verdicts, `--fail-first`
//! retries, and saved requests that `verify --request` accepts.
// The no-panic lints guard library code; test helpers may index, do arithmetic and unwrap.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

mod common;

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{SECRET, cli, run, send, text};

/// A running `listen`, stopped when dropped; its stdout lines arrive on `lines`.
struct Listener {
    child: Child,
    url: String,
    lines: mpsc::Receiver<String>,
}

impl Listener {
    fn start(args: &[&str]) -> Listener {
        let mut child = cli()
            .args(["listen", "--port", "0", "--secret", SECRET])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let (sender, lines) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if sender.send(line.unwrap()).is_err() {
                    break;
                }
            }
        });
        let banner = lines.recv_timeout(Duration::from_secs(10)).unwrap();
        let url = banner
            .strip_prefix("listening on ")
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap()
            .to_owned();
        Listener { child, url, lines }
    }

    /// The next `n` lines printed.
    fn take(&self, n: usize) -> Vec<String> {
        (0..n)
            .map(|_| self.lines.recv_timeout(Duration::from_secs(10)).unwrap())
            .collect()
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rw-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn listen_accepts_signed_lifecycles_and_rejects_tampering() {
    let listener = Listener::start(&[]);
    let (code, rows, _) = send(
        &listener.url,
        &["--scenario", "failed", "--time-scale", "0.01"],
    );
    assert_eq!(code, 0);
    let lines = listener.take(rows.len());
    assert_eq!(lines.len(), 5);
    assert!(
        lines
            .iter()
            .all(|line| line.contains("  accepted   200  msg_")),
        "{lines:#?}"
    );
    assert!(lines[0].ends_with(" starting"), "{}", lines[0]);
    assert!(lines[4].ends_with(" failed"), "{}", lines[4]);

    let (code, rows, _) = send(
        &listener.url,
        &[
            "--events",
            "completed",
            "--tamper",
            "stale",
            "--time-scale",
            "0.005",
        ],
    );
    assert_eq!(code, 3);
    let note = rows[0]["note"].as_str().unwrap();
    assert!(
        note.starts_with("rejected: timestamp_too_old · retry in "),
        "{note}"
    );
    let lines = listener.take(6);
    assert!(lines[0].contains("REJECTED   400"), "{}", lines[0]);
    assert!(
        lines[0].contains("timestamp_too_old: webhook timestamp is 600 s in the past"),
        "{}",
        lines[0]
    );
}

#[test]
fn fail_first_makes_send_retry_and_saved_requests_verify() {
    let dir = temp_dir("save");
    let listener = Listener::start(&["--fail-first", "2", "--save", dir.to_str().unwrap()]);
    let (code, rows, _) = send(
        &listener.url,
        &["--events", "completed", "--time-scale", "0.01"],
    );
    assert_eq!(code, 0);
    let http: Vec<_> = rows
        .iter()
        .map(|row| row["http"].as_u64().unwrap())
        .collect();
    assert_eq!(http, [500, 500, 200]);
    let lines = listener.take(3);
    assert!(lines[0].contains("failed     500"), "{}", lines[0]);
    assert!(lines[1].contains("delivery #2 of this id"), "{}", lines[1]);
    assert!(lines[2].contains("accepted   200"), "{}", lines[2]);

    let mut saved: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    saved.sort();
    assert_eq!(saved.len(), 3);
    let id = rows[0]["webhook_id"].as_str().unwrap();
    for path in &saved {
        assert!(
            path.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .ends_with(&format!("-{id}.http"))
        );
        let output = run(
            cli()
                .args(["verify", "--secret", SECRET, "--request"])
                .arg(path),
            b"",
        );
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        assert!(text(&output.stdout).starts_with("ok: prediction "));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_address_file_names_the_bound_port_and_other_methods_are_ignored() {
    let dir = temp_dir("addr");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("addr");
    let listener = Listener::start(&["--addr-file", file.to_str().unwrap()]);
    let written = wait_for(&file);
    assert_eq!(written, listener.url);
    let (code, _, _) = send(&written, &["--events", "start", "--time-scale", "0.01"]);
    assert_eq!(code, 0);
    assert!(listener.take(1)[0].contains("accepted"));

    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    let response = agent.get(&written).call().unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert!(listener.take(1)[0].contains("ignored    405  GET / (not a webhook)"));
    std::fs::remove_dir_all(&dir).unwrap();
}

fn wait_for(path: &Path) -> String {
    for _ in 0..200 {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("{} never appeared", path.display());
}

#[test]
fn a_webhook_delivered_again_after_acceptance_is_acknowledged_as_a_duplicate() {
    let listener = Listener::start(&[]);
    let body = br#"{"id":"gm3qorzdhgbfurvjtvhg6dckhu","status":"succeeded"}"#;
    let webhook = replicate_webhooks::Webhook::new(SECRET).unwrap();
    let signed = webhook.sign_headers("msg_same", common::unix_now(), body);
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    let mut answers = Vec::new();
    for _ in 0..2 {
        let mut request = agent.post(&listener.url);
        for (name, value) in signed.as_pairs() {
            request = request.header(name, value);
        }
        let mut response = request.send(&body[..]).unwrap();
        answers.push((
            response.status().as_u16(),
            response.body_mut().read_to_string().unwrap(),
        ));
    }
    assert_eq!(answers[0], (200, "accepted\n".to_owned()));
    assert_eq!(
        answers[1],
        (200, "duplicate: already processed\n".to_owned())
    );
    let lines = listener.take(2);
    assert!(
        lines[0].contains("accepted   200  msg_same"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("duplicate  200  msg_same"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains("delivery #2 of this id · replayed: acknowledged, not processed again"),
        "{}",
        lines[1]
    );
}
