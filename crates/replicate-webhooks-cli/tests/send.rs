//! `send` against real handlers on 127.0.0.1: the filter, ids, signatures and
//! Replicate's retry rules. Small `--time-scale`s keep each test under ~1.5 s.
// The no-panic lints guard library code; test helpers may index, do arithmetic and unwrap.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::{Handler, Received, SECRET, closed_port, send};
use replicate_webhooks::Webhook;
use replicate_webhooks::payload::Kind;

fn statuses(received: &[Received]) -> Vec<String> {
    received.iter().map(Received::status).collect()
}

/// Verify a received request with the core, as of its arrival.
fn verify(received: &Received) -> replicate_webhooks::Result<replicate_webhooks::payload::Event> {
    let webhook = Webhook::new(SECRET).unwrap();
    webhook.verify_and_parse_at(&received.headers, &received.body, received.unix)
}

#[test]
fn the_event_filter_is_honoured() {
    let handler = Handler::ok();
    let (code, rows, _) = send(
        &handler.url,
        &["--events", "start,completed", "--time-scale", "0.01"],
    );
    assert_eq!(code, 0);
    assert_eq!(rows.len(), 2);
    assert_eq!(statuses(&handler.received()), ["starting", "succeeded"]);

    let handler = Handler::ok();
    let (code, _, _) = send(
        &handler.url,
        &["--events", "output", "--time-scale", "0.01"],
    );
    assert_eq!(code, 0, "no completed event: nothing to be accepted");
    let received = handler.received();
    assert_eq!(received.len(), 4);
    for request in &received {
        assert_eq!(request.status(), "processing");
        assert!(request.json()["output"].is_array());
    }

    let handler = Handler::ok();
    let (code, _, _) = send(
        &handler.url,
        &[
            "--scenario",
            "failed",
            "--events",
            "logs",
            "--events",
            "completed",
            "--time-scale",
            "0.01",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(
        statuses(&handler.received()),
        ["processing", "processing", "processing", "failed"]
    );
    let filter = &handler.received()[3].json()["webhook_events_filter"];
    assert_eq!(filter, &serde_json::json!(["logs", "completed"]));

    let handler = Handler::ok();
    let (_, rows, _) = send(&handler.url, &["--time-scale", "0.01"]);
    let events: Vec<_> = rows
        .iter()
        .map(|row| row["event"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        events,
        [
            "start",
            "logs",
            "output",
            "logs",
            "output",
            "output",
            "output",
            "completed"
        ],
        "all four events by default"
    );
}

#[test]
fn every_scenario_is_signed_so_the_core_accepts_it() {
    for (scenario, kind, last) in [
        ("succeeded", Kind::Prediction, "succeeded"),
        ("failed", Kind::Prediction, "failed"),
        ("canceled", Kind::Prediction, "canceled"),
        ("training", Kind::Training, "succeeded"),
        ("image", Kind::Prediction, "succeeded"),
    ] {
        let handler = Handler::ok();
        let (code, _, stderr) = send(
            &handler.url,
            &["--scenario", scenario, "--time-scale", "0.01"],
        );
        assert_eq!(code, 0, "{scenario}: {stderr}");
        let received = handler.received();
        let object_ids: HashSet<String> = received
            .iter()
            .map(|r| r.json()["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(object_ids.len(), 1, "{scenario}: one prediction throughout");
        for (index, request) in received.iter().enumerate() {
            let event = verify(request).unwrap_or_else(|e| panic!("{scenario} #{index}: {e}"));
            assert_eq!(event.payload.kind(), kind, "{scenario}");
            let expected = match index {
                0 => "starting",
                i if i == received.len() - 1 => last,
                _ => "processing",
            };
            assert_eq!(
                event.payload.status().as_str(),
                expected,
                "{scenario} #{index}"
            );
            // A fresh timestamp: signed when sent, not when the run began.
            let timestamp: u64 = request
                .header("webhook-timestamp")
                .unwrap()
                .parse()
                .unwrap();
            assert!(request.unix.abs_diff(timestamp) <= 1);
            assert_eq!(request.header("content-type"), Some("application/json"));
        }
    }
}

#[test]
fn ids_are_unique_per_event_and_stable_across_retries() {
    // The final webhook fails twice; everything else is accepted at once.
    let failures = std::sync::atomic::AtomicUsize::new(0);
    let handler = Handler::new(move |_, request| {
        let fail =
            request.is_terminal() && failures.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < 2;
        (if fail { 503 } else { 200 }, Duration::ZERO)
    });
    let (code, _, _) = send(&handler.url, &["--time-scale", "0.01"]);
    assert_eq!(code, 0);
    let received = handler.received();
    let (finals, intermediate): (Vec<_>, Vec<_>) = received.iter().partition(|r| r.is_terminal());
    let ids: HashSet<&str> = intermediate.iter().map(|r| r.id()).collect();
    assert_eq!(
        ids.len(),
        intermediate.len(),
        "one id per intermediate webhook"
    );
    assert_eq!(finals.len(), 3);
    assert!(
        finals.iter().all(|r| r.id() == finals[0].id()),
        "retries reuse the id"
    );
    assert!(
        !ids.contains(finals[0].id()),
        "the final webhook has its own id"
    );
    assert!(finals[0].id().starts_with("msg_"));
    assert!(
        finals.windows(2).all(|w| w[0].body == w[1].body),
        "retries resend the same body"
    );
}

#[test]
fn a_handler_failing_twice_then_accepting_sees_exactly_three_attempts() {
    let handler = Handler::new(|n, _| (if n < 2 { 500 } else { 200 }, Duration::ZERO));
    let (code, rows, _) = send(
        &handler.url,
        &["--events", "completed", "--time-scale", "0.01"],
    );
    assert_eq!(code, 0);
    assert_eq!(handler.received().len(), 3);
    let http: Vec<_> = rows
        .iter()
        .map(|row| row["http"].as_u64().unwrap())
        .collect();
    assert_eq!(http, [500, 500, 200]);
    let attempts: Vec<_> = rows
        .iter()
        .map(|row| row["attempt"].as_u64().unwrap())
        .collect();
    assert_eq!(attempts, [1, 2, 3]);
    assert!(rows.iter().all(|row| row["planned"] == 6));
}

#[test]
fn only_the_final_event_is_retried_with_growing_gaps_up_to_the_scaled_minute() {
    let handler = Handler::new(|_, _| (500, Duration::ZERO));
    let scale = 0.03;
    let (code, rows, stderr) = send(&handler.url, &["--time-scale", &scale.to_string()]);
    assert_eq!(code, 3, "never accepted");
    assert!(stderr.contains("never accepted"), "{stderr}");
    let received = handler.received();
    let (finals, intermediate): (Vec<_>, Vec<_>) = received.iter().partition(|r| r.is_terminal());
    assert_eq!(
        intermediate.len(),
        7,
        "each intermediate webhook exactly once"
    );
    assert_eq!(
        intermediate
            .iter()
            .map(|r| r.id())
            .collect::<HashSet<_>>()
            .len(),
        7
    );
    assert_eq!(finals.len(), 6, "the first attempt and five retries");

    let offsets: Vec<f64> = finals
        .iter()
        .map(|r| (r.at - finals[0].at).as_secs_f64())
        .collect();
    let gaps: Vec<f64> = offsets.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(
        gaps.windows(2).all(|g| g[1] > g[0]),
        "growing gaps: {gaps:?}"
    );
    let minute = 60.0 * scale;
    let last = offsets[5];
    assert!(
        (last - minute).abs() < 0.3,
        "last retry at {last:.3} s, expected ~{minute} s"
    );

    let notes: Vec<_> = rows
        .iter()
        .map(|row| row["note"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        notes[..7]
            .iter()
            .all(|n| n.ends_with("not retried (intermediate)")),
        "{notes:?}"
    );
    assert!(notes[7].contains("retry in"));
    assert!(notes[12].ends_with("giving up"));
}

#[test]
fn connection_failures_and_timeouts_are_retried_redirects_are_not() {
    let url = format!("http://127.0.0.1:{}/hook", closed_port());
    let (code, rows, _) = send(&url, &["--events", "completed", "--time-scale", "0.005"]);
    assert_eq!(code, 3);
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|row| row["http"].is_null()));
    assert!(
        rows[0]["note"]
            .as_str()
            .unwrap()
            .contains("connection refused"),
        "{}",
        rows[0]
    );

    // The first answer comes too late; the retry is answered at once.
    let handler = Handler::new(|n, _| {
        (
            200,
            if n == 0 {
                Duration::from_millis(500)
            } else {
                Duration::ZERO
            },
        )
    });
    let (code, rows, _) = send(
        &handler.url,
        &[
            "--events",
            "completed",
            "--time-scale",
            "0.01",
            "--timeout",
            "0.1",
        ],
    );
    assert_eq!(code, 0);
    assert!(rows[0]["http"].is_null());
    assert!(
        rows[0]["note"].as_str().unwrap().contains("timeout"),
        "{}",
        rows[0]
    );
    assert_eq!(rows[1]["http"], 200);
    assert_eq!(handler.received().len(), 2);

    let handler = Handler::new(|_, _| (301, Duration::ZERO));
    let (code, rows, _) = send(
        &handler.url,
        &["--events", "completed", "--time-scale", "0.01"],
    );
    assert_eq!(code, 3, "a redirect is not an acceptance");
    assert_eq!(
        handler.received().len(),
        1,
        "and is neither followed nor retried"
    );
    assert!(
        rows[0]["note"]
            .as_str()
            .unwrap()
            .contains("redirect not followed")
    );
}

#[test]
fn tampered_deliveries_fail_verification_with_the_expected_code() {
    for (tamper, code) in [
        ("body", "no_matching_signature"),
        ("secret", "no_matching_signature"),
        ("stale", "timestamp_too_old"),
        ("unsigned", "missing_header"),
    ] {
        let handler = Handler::ok();
        let (exit, _, _) = send(
            &handler.url,
            &[
                "--events",
                "completed",
                "--tamper",
                tamper,
                "--time-scale",
                "0.01",
            ],
        );
        assert_eq!(exit, 0, "this handler accepts anything");
        let received = handler.received();
        let error = verify(&received[0]).unwrap_err();
        assert_eq!(error.code().as_str(), code, "{tamper}");
    }
}

#[test]
fn a_payload_file_becomes_the_final_webhook() {
    let dir = std::env::temp_dir().join(format!("rw-cli-payload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("prediction.json");
    let file = serde_json::json!({
        "id": "ufawqhfynnddngldkgtslldrkq",
        "version": "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa",
        "created_at": "2022-04-26T22:13:06.224088Z",
        "started_at": "2022-04-26T22:13:06.500000Z",
        "completed_at": "2022-04-26T22:13:07.100000Z",
        "status": "succeeded",
        "input": {"text": "Alice"},
        "output": "hello Alice",
        "error": null,
        "logs": "Saying hello\n",
        "metrics": {"predict_time": 0.6},
        "custom_field": 42
    });
    std::fs::write(&path, file.to_string()).unwrap();

    let handler = Handler::ok();
    let (code, _, stderr) = send(
        &handler.url,
        &["--payload", path.to_str().unwrap(), "--time-scale", "0.01"],
    );
    assert_eq!(code, 0, "{stderr}");
    let bodies: Vec<_> = handler.received().iter().map(Received::json).collect();
    assert_eq!(
        bodies
            .iter()
            .map(|b| b["status"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["starting", "processing", "processing", "succeeded"]
    );
    assert_eq!(bodies[0]["output"], serde_json::Value::Null);
    assert_eq!(bodies[0]["started_at"], serde_json::Value::Null);
    assert_eq!(bodies[1]["logs"], "Saying hello\n");
    assert_eq!(bodies[2]["output"], "hello Alice");
    assert_eq!(bodies[3], file, "the final webhook is the file");
    assert!(
        bodies
            .iter()
            .all(|b| b["custom_field"] == 42 && b["id"] == "ufawqhfynnddngldkgtslldrkq")
    );
    // Replicate's key order, not serde_json's alphabetical one.
    let raw = String::from_utf8(handler.received()[3].body.clone()).unwrap();
    assert!(
        raw.starts_with(r#"{"id":"ufawqhfynnddngldkgtslldrkq","version":"#),
        "{raw}"
    );

    let handler = Handler::ok();
    let args = [
        "--payload",
        path.to_str().unwrap(),
        "--scenario",
        "canceled",
        "--events",
        "completed",
        "--time-scale",
        "0.01",
    ];
    let (code, _, _) = send(&handler.url, &args);
    assert_eq!(code, 0);
    assert_eq!(handler.received()[0].status(), "canceled");

    std::fs::write(&path, "[1, 2, 3]").unwrap();
    let (code, _, stderr) = send(&handler.url, &["--payload", path.to_str().unwrap()]);
    assert_eq!(code, 19, "{stderr}");
    assert!(stderr.starts_with("error: invalid_payload: "), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_table_shows_event_status_attempt_code_and_latency() {
    let handler = Handler::new(|n, _| (if n == 1 { 500 } else { 200 }, Duration::ZERO));
    let output = common::run(
        common::cli()
            .args([
                "send",
                &handler.url,
                "--events",
                "start,completed",
                "--time-scale",
                "0.01",
            ])
            .env("REPLICATE_WEBHOOK_SECRET", SECRET),
        b"",
    );
    assert!(output.status.success());
    let stdout = common::text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("prediction "), "{stdout}");
    assert!(
        lines[2].starts_with("EVENT      STATUS      ATTEMPT  HTTP  LATENCY"),
        "{stdout}"
    );
    assert!(
        lines[3].starts_with("start      starting    1        200"),
        "{stdout}"
    );
    assert!(
        lines[4].starts_with("completed  succeeded   1/6      500"),
        "{stdout}"
    );
    assert!(
        lines[5].starts_with("completed  succeeded   2/6      200"),
        "{stdout}"
    );
    assert!(lines[4].contains(" ms "), "a latency column: {stdout}");
    assert_eq!(lines[6], "final webhook accepted on attempt 2 of 6.");
}

#[test]
fn bad_urls_and_missing_secrets_are_reported_before_sending() {
    let output = common::run(
        common::cli().args(["send", "localhost:3000", "--secret", SECRET]),
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(common::text(&output.stderr).contains("not an http:// URL"));

    let output = common::run(common::cli().args(["send", "http://127.0.0.1:9/"]), b"");
    assert_eq!(output.status.code(), Some(18));
    assert_eq!(
        common::text(&output.stderr),
        "error: invalid_secret: the webhook secret is empty (pass --secret or set REPLICATE_WEBHOOK_SECRET)\n"
    );
}
