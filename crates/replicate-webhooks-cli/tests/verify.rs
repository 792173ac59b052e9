//! `verify` and `sign`: exit codes and messages for each error code, and
//! `sign`'s output accepted by `verify`.
// The no-panic lints guard library code; test helpers may index, do arithmetic and unwrap.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

mod common;

use std::process::Output;

use common::{SECRET, cli, run, text, unix_now};
use replicate_webhooks::{ErrorCode, Webhook};

const BODY: &[u8] = br#"{"id":"gm3qorzdhgbfurvjtvhg6dckhu","status":"succeeded","output":["https://replicate.delivery/out.png"]}"#;

fn verify(headers: &[(&str, String)], body: &[u8], extra: &[&str]) -> Output {
    let mut command = cli();
    command.arg("verify").args(extra);
    for (name, value) in headers {
        command.arg(format!("--header={name}: {value}"));
    }
    run(&mut command, body)
}

fn signed(id: &str, timestamp: u64, body: &[u8]) -> Vec<(&'static str, String)> {
    let headers = Webhook::new(SECRET)
        .unwrap()
        .sign_headers(id, timestamp, body);
    vec![
        ("webhook-id", headers.id),
        ("webhook-timestamp", headers.timestamp),
        ("webhook-signature", headers.signature),
    ]
}

#[test]
fn a_valid_webhook_prints_a_one_line_summary() {
    let output = verify(
        &signed("msg_1", unix_now(), BODY),
        BODY,
        &["--secret", SECRET],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with(
            "ok: prediction gm3qorzdhgbfurvjtvhg6dckhu succeeded (webhook-id msg_1, signed "
        ),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 1);

    let output = verify(
        &signed("msg_1", 1_700_000_000, BODY),
        BODY,
        &["--secret", SECRET, "--now", "1700000001", "--json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"ok": true, "webhook_id": "msg_1", "timestamp": 1_700_000_000u64, "kind": "prediction",
            "id": "gm3qorzdhgbfurvjtvhg6dckhu", "status": "succeeded", "is_terminal": true})
    );
}

/// Headers as `(name, value)` pairs.
type Headers = Vec<(&'static str, String)>;

/// One way to trigger each error code through the command line: the code,
/// headers, body and arguments.
fn failing_cases() -> Vec<(ErrorCode, Headers, Vec<u8>, Vec<String>)> {
    let now = unix_now();
    // Every case pins "now", so the core's message ("1000 s in the past") is exact.
    let secret = vec![
        String::from("--secret"),
        String::from(SECRET),
        String::from("--now"),
        now.to_string(),
    ];
    let good = signed("msg_1", now, BODY);
    let with = |name: &'static str, value: String| -> Headers {
        good.iter()
            .map(|(n, v)| (*n, if *n == name { value.clone() } else { v.clone() }))
            .collect()
    };
    let many = vec![good[2].1.clone(); 33].join(" ");
    vec![
        (
            ErrorCode::MissingHeader,
            good[..2].to_vec(),
            BODY.to_vec(),
            secret.clone(),
        ),
        (
            ErrorCode::HeaderTooLarge,
            with("webhook-id", "m".repeat(300)),
            BODY.to_vec(),
            secret.clone(),
        ),
        (
            ErrorCode::InvalidTimestamp,
            with("webhook-timestamp", "yesterday".into()),
            BODY.to_vec(),
            secret.clone(),
        ),
        (
            ErrorCode::TimestampTooOld,
            signed("msg_1", now - 1000, BODY),
            BODY.to_vec(),
            secret.clone(),
        ),
        (
            ErrorCode::TimestampTooNew,
            signed("msg_1", now + 1000, BODY),
            BODY.to_vec(),
            secret.clone(),
        ),
        (
            ErrorCode::InvalidSignatureHeader,
            with("webhook-signature", "v1,not-base64!".into()),
            BODY.to_vec(),
            secret.clone(),
        ),
        (
            ErrorCode::TooManySignatures,
            with("webhook-signature", many),
            BODY.to_vec(),
            secret.clone(),
        ),
        (
            ErrorCode::NoMatchingSignature,
            good.clone(),
            [BODY, b" "].concat(),
            secret.clone(),
        ),
        (
            ErrorCode::InvalidSecret,
            good.clone(),
            BODY.to_vec(),
            vec![
                "--secret".into(),
                "whsec_!!!".into(),
                "--now".into(),
                now.to_string(),
            ],
        ),
        (
            ErrorCode::InvalidPayload,
            signed("msg_1", now, b"[1,2]"),
            b"[1,2]".to_vec(),
            secret,
        ),
    ]
}

#[test]
fn each_error_code_has_its_exit_code_and_the_cores_message() {
    let cases = failing_cases();
    for (code, headers, body, args) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = verify(headers, body, &args);
        let expected_exit = i32::from(replicate_webhooks_cli::exit::for_code(*code));
        assert_eq!(
            output.status.code(),
            Some(expected_exit),
            "{code}: {}",
            text(&output.stderr)
        );
        let stderr = text(&output.stderr);
        assert!(
            stderr.starts_with(&format!("error: {code}: ")),
            "{code}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(output.stdout.is_empty());

        // The same message as the core gives, word for word.
        let webhook = Webhook::with_secrets([args[1]]);
        let core_error = match webhook {
            Err(error) => error,
            Ok(webhook) => webhook
                .verify_and_parse_at(&headers.clone(), body, args[3].parse().unwrap())
                .unwrap_err(),
        };
        assert_eq!(core_error.code(), *code);
        assert_eq!(stderr.trim_end(), format!("error: {code}: {core_error}"));

        // --json: the error as JSON on stdout, nothing on stderr, same exit code.
        let mut json_args = args.clone();
        json_args.push("--json");
        let output = verify(headers, body, &json_args);
        assert_eq!(output.status.code(), Some(expected_exit));
        assert!(output.stderr.is_empty(), "{}", text(&output.stderr));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["ok"], false);
        assert_eq!(json["code"], code.as_str());
        assert_eq!(json["message"], core_error.to_string());
    }
    // Not reachable through `verify`: the two codes only the JS and Python
    // bindings raise (a body that is not raw bytes, an argument of the wrong
    // type), and `replayed`, which comes from a replay guard (`listen` has
    // one; see tests/listen.rs). Their exit codes are checked in `exit.rs`.
    let covered: Vec<ErrorCode> = cases.iter().map(|case| case.0).collect();
    for code in ErrorCode::ALL {
        let elsewhere = matches!(
            code,
            ErrorCode::InvalidBody | ErrorCode::InvalidArgument | ErrorCode::Replayed
        );
        assert_eq!(covered.contains(code), !elsewhere, "{code}");
    }
}

#[test]
fn timestamp_options_widen_or_disable_the_window() {
    let old = unix_now() - 1000;
    let headers = signed("msg_1", old, BODY);
    assert_eq!(
        verify(&headers, BODY, &["--secret", SECRET]).status.code(),
        Some(13)
    );
    assert_eq!(
        verify(&headers, BODY, &["--secret", SECRET, "--tolerance", "2000"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        verify(
            &headers,
            BODY,
            &["--secret", SECRET, "--no-timestamp-check"]
        )
        .status
        .code(),
        Some(0)
    );
    let at = (old + 10).to_string();
    assert_eq!(
        verify(&headers, BODY, &["--secret", SECRET, "--now", &at])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn no_parse_checks_only_the_signature() {
    // The Standard Webhooks example: a valid signature over a body that is not a prediction.
    let headers = vec![
        ("webhook-id", String::from("msg_p5jXN8AQM9LWM0D4loKWxJek")),
        ("webhook-timestamp", String::from("1614265330")),
        (
            "webhook-signature",
            String::from("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
        ),
    ];
    let body = br#"{"test": 2432232314}"#;
    let args = [
        "--secret",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "--now",
        "1614265330",
    ];
    assert_eq!(verify(&headers, body, &args).status.code(), Some(19));
    let output = verify(&headers, body, &[&args[..], &["--no-parse"]].concat());
    assert_eq!(output.status.code(), Some(0));
    assert!(
        text(&output.stdout)
            .starts_with("ok: signature valid (webhook-id msg_p5jXN8AQM9LWM0D4loKWxJek")
    );
}

#[test]
fn secrets_come_from_the_environment_and_may_rotate() {
    let headers = signed("msg_1", unix_now(), BODY);
    let mut command = cli();
    command.arg("verify").env(
        "REPLICATE_WEBHOOK_SECRET",
        format!("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw  {SECRET}"),
    );
    for (name, value) in &headers {
        command.arg("-H").arg(format!("{name}: {value}"));
    }
    let output = run(&mut command, BODY);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    // A --secret replaces the variable.
    command.args(["--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]);
    assert_eq!(run(&mut command, BODY).status.code(), Some(17));
}

#[test]
fn sign_output_is_accepted_by_verify() {
    let dir = std::env::temp_dir().join(format!("rw-cli-sign-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let body_path = dir.join("body.json");
    std::fs::write(&body_path, BODY).unwrap();

    // Header lines, straight into --header.
    let output = run(
        cli().args(["sign", "--secret", SECRET]).arg(&body_path),
        b"",
    );
    assert!(output.status.success());
    let lines: Vec<String> = text(&output.stdout).lines().map(String::from).collect();
    assert_eq!(lines.len(), 3);
    let mut command = cli();
    command.args(["verify", "--secret", SECRET]).arg(&body_path);
    for line in &lines {
        command.arg("--header").arg(line);
    }
    let output = run(&mut command, b"");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));

    // JSON, with a body from stdin.
    let output = run(
        cli().args(["sign", "--secret", SECRET, "--format", "json", "-"]),
        BODY,
    );
    let json: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&output.stdout).unwrap();
    let headers: Vec<(&str, String)> = json
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        verify(&headers, BODY, &["--secret", SECRET]).status.code(),
        Some(0)
    );

    // The curl command carries the same three headers.
    let output = run(
        cli().args([
            "sign",
            "--secret",
            SECRET,
            "--format",
            "curl",
            "--url",
            "http://127.0.0.1:8/x",
        ]),
        BODY,
    );
    let curl = text(&output.stdout);
    assert!(
        curl.starts_with("curl -sS -X POST 'http://127.0.0.1:8/x'"),
        "{curl}"
    );
    let headers: Vec<(&str, String)> = curl
        .lines()
        .filter_map(|line| line.trim().strip_prefix("-H '")?.strip_suffix("' \\"))
        .filter_map(|header| header.split_once(": "))
        .filter(|(name, _)| name.starts_with("webhook-"))
        .map(|(name, value)| (name, value.to_owned()))
        .collect();
    assert_eq!(headers.len(), 3, "{curl}");
    assert_eq!(
        verify(&headers, BODY, &["--secret", SECRET]).status.code(),
        Some(0)
    );
    assert!(curl.contains(&format!("--data-raw '{}'", String::from_utf8_lossy(BODY))));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sign_matches_the_standard_webhooks_known_answer() {
    let output = run(
        cli().args([
            "sign",
            "--secret",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "--id",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "--timestamp",
            "1614265330",
        ]),
        br#"{"test": 2432232314}"#,
    );
    assert_eq!(
        text(&output.stdout),
        "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek\nwebhook-timestamp: 1614265330\nwebhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\n"
    );
}

#[test]
fn captured_requests_verify_whatever_their_line_endings_and_framing() {
    let now = unix_now();
    let headers = signed("msg_1", now, BODY);
    let head: String = headers
        .iter()
        .map(|(n, v)| format!("{n}: {v}\r\n"))
        .collect();
    let chunked_body = {
        let (a, b) = BODY.split_at(10);
        [
            format!("{:x}\r\n", a.len()).as_bytes(),
            a,
            b"\r\n",
            format!("{:x}\r\n", b.len()).as_bytes(),
            b,
            b"\r\n0\r\n\r\n",
        ]
        .concat()
    };
    let requests: Vec<(&str, Vec<u8>)> = vec![
        (
            "crlf with content-length and a trailing newline",
            [
                format!(
                    "POST /hook HTTP/1.1\r\nHost: x\r\n{head}Content-Length: {}\r\n\r\n",
                    BODY.len()
                )
                .as_bytes(),
                BODY,
                b"\n",
            ]
            .concat(),
        ),
        (
            "lf only, no content-length",
            [
                format!(
                    "POST /hook HTTP/1.1\nHost: x\n{}\n",
                    head.replace("\r\n", "\n")
                )
                .as_bytes(),
                BODY,
            ]
            .concat(),
        ),
        (
            "chunked",
            [
                format!("POST /hook HTTP/1.1\r\n{head}Transfer-Encoding: chunked\r\n\r\n")
                    .as_bytes(),
                &chunked_body,
            ]
            .concat(),
        ),
    ];
    let dir = std::env::temp_dir().join(format!("rw-cli-request-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, raw) in requests {
        let path = dir.join("request.http");
        std::fs::write(&path, raw).unwrap();
        let output = run(
            cli()
                .args(["verify", "--secret", SECRET, "--request"])
                .arg(&path),
            b"",
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "{name}: {}",
            text(&output.stderr)
        );
    }
    std::fs::write(
        dir.join("cut.http"),
        format!("POST / HTTP/1.1\r\n{head}Content-Length: 999\r\n\r\n{{}}"),
    )
    .unwrap();
    let output = run(
        cli()
            .args(["verify", "--secret", SECRET, "--request"])
            .arg(dir.join("cut.http")),
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("Content-Length says 999"));
    let output = run(
        cli()
            .args(["verify", "--secret", SECRET, "--request"])
            .arg(dir.join("missing.http")),
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    let output = run(
        cli().args(["verify", "--secret", SECRET, "--header", "no colon"]),
        BODY,
    );
    assert_eq!(output.status.code(), Some(1));
    let output = run(
        cli().args([
            "verify",
            "--secret",
            SECRET,
            "--request",
            "x.http",
            "-H",
            "a: b",
        ]),
        BODY,
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "--request and --header conflict"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
