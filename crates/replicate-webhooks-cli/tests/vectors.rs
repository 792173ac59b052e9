//! Every shared vector (`tests/vectors/*.json`) through the command line:
//! `verify` / `verify_and_parse` cases through `verify`, `sign` cases through
//! `sign`. (`parse` cases have no command of their own; the core runs them.)
// The no-panic lints guard library code; test helpers may index, do arithmetic and unwrap.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

mod common;

use std::path::PathBuf;

use base64::Engine as _;
use common::{cli, run, text};
use replicate_webhooks::ErrorCode;
use replicate_webhooks_cli::exit;
use serde_json::Value;

fn vector_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .filter(|path| path.file_name().is_some_and(|name| name != "schema.json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no vector files in {}", dir.display());
    files
}

fn body(case: &Value) -> Vec<u8> {
    if let Some(text) = case["body"].as_str() {
        text.as_bytes().to_vec()
    } else if let Some(encoded) = case["body_base64"].as_str() {
        base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap()
    } else {
        let repeat = &case["body_repeat"];
        repeat["text"]
            .as_str()
            .unwrap()
            .repeat(usize::try_from(repeat["count"].as_u64().unwrap()).unwrap())
            .into_bytes()
    }
}

fn expected_exit(expected: &Value) -> i32 {
    match expected["code"].as_str() {
        None => 0,
        Some(code) => {
            let code =
                ErrorCode::from_str_code(code).unwrap_or_else(|| panic!("unknown code {code}"));
            i32::from(exit::for_code(code))
        }
    }
}

fn run_verify(case: &Value, parse: bool) {
    let id = case["id"].as_str().unwrap();
    let mut command = cli();
    command.args([
        "verify",
        "--json",
        "--now",
        &case["now"].as_u64().unwrap().to_string(),
    ]);
    if !parse {
        command.arg("--no-parse");
    }
    match case.get("tolerance") {
        None => {}
        Some(Value::Null) => {
            command.arg("--no-timestamp-check");
        }
        Some(seconds) => {
            command.arg(format!("--tolerance={}", seconds.as_u64().unwrap()));
        }
    }
    for secret in case["secrets"].as_array().unwrap() {
        command.arg(format!("--secret={}", secret.as_str().unwrap()));
    }
    for pair in case["headers"].as_array().unwrap() {
        let (name, value) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        // One space after the colon is dropped; the value itself stays verbatim.
        command.arg(format!("--header={name}: {value}"));
    }
    let output = run(&mut command, &body(case));
    let expected = &case["expected"];
    assert_eq!(
        output.status.code(),
        Some(expected_exit(expected)),
        "{id}: {} {}",
        text(&output.stdout),
        text(&output.stderr)
    );
    let result: Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{id}: {e}"));
    assert_eq!(result["ok"], expected["ok"], "{id}");
    if let Some(code) = expected.get("code") {
        assert_eq!(&result["code"], code, "{id}");
    }
    if let Some(payload) = expected.get("payload") {
        for key in ["kind", "id", "status", "is_terminal"] {
            assert_eq!(result[key], payload[key], "{id}: {key}");
        }
    }
}

fn run_sign(case: &Value) {
    let id = case["id"].as_str().unwrap();
    let output = run(
        cli().args([
            "sign",
            "--format=json",
            &format!("--secret={}", case["secrets"][0].as_str().unwrap()),
            &format!("--id={}", case["msg_id"].as_str().unwrap()),
            &format!("--timestamp={}", case["timestamp"].as_u64().unwrap()),
        ]),
        &body(case),
    );
    let expected = &case["expected"];
    assert_eq!(
        output.status.code(),
        Some(expected_exit(expected)),
        "{id}: {}",
        text(&output.stderr)
    );
    if let Some(signature) = expected.get("signature") {
        let result: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(&result["webhook-signature"], signature, "{id}");
        assert_eq!(result["webhook-id"], case["msg_id"], "{id}");
    } else {
        assert!(
            text(&output.stderr)
                .starts_with(&format!("error: {}: ", expected["code"].as_str().unwrap()))
        );
    }
}

#[test]
fn every_vector_runs_through_the_cli() {
    let mut ran = 0;
    for file in vector_files() {
        let document: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        let cases = document["cases"].as_array().unwrap();
        assert!(!cases.is_empty(), "{} has no cases", file.display());
        for case in cases {
            match case["mode"].as_str().unwrap() {
                "verify" => run_verify(case, false),
                "verify_and_parse" => run_verify(case, true),
                "sign" => run_sign(case),
                "parse" => continue,
                other => panic!("{}: unknown mode {other}", file.display()),
            }
            ran += 1;
        }
    }
    assert!(ran > 100, "only {ran} cases ran");
}
