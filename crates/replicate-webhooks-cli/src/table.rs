//! The rows `send` prints: one per attempt, as a table or as JSON lines.

use std::io::{self, Write};
use std::time::Duration;

use serde::Serialize;

use crate::delivery::Attempt;
use crate::lifecycle::EventKind;

/// One attempt of one webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'a> {
    /// Why the webhook was sent.
    pub event: EventKind,
    /// The `status` in its body.
    pub status: &'a str,
    /// 1 for the first attempt.
    pub attempt: usize,
    /// Attempts planned: 1 for intermediate webhooks, more for the final one.
    pub planned: usize,
    /// Its `webhook-id`.
    pub webhook_id: &'a str,
    /// Its `webhook-timestamp`.
    pub webhook_timestamp: u64,
    /// When it was sent, from the start of the run.
    pub at: Duration,
    /// What happened.
    pub result: &'a Attempt,
    /// Added to the handler's answer, e.g. "retry in 1.9 s".
    pub next: Option<String>,
}

/// How rows are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Aligned columns under a header line.
    Table,
    /// One JSON object per line (`send --json`).
    Json,
}

const COLUMNS: [(&str, usize); 7] = [
    ("EVENT", 9),
    ("STATUS", 10),
    ("ATTEMPT", 7),
    ("HTTP", 4),
    ("LATENCY", 8),
    ("AT", 8),
    ("WEBHOOK-ID", 28),
];

/// The header line (nothing in JSON style).
pub fn header(out: &mut dyn Write, style: Style) -> io::Result<()> {
    if style == Style::Json {
        return Ok(());
    }
    let cells = COLUMNS.map(|(name, _)| name.to_owned());
    writeln!(out, "{}", line(&cells, "NOTE"))
}

/// One row.
pub fn row(out: &mut dyn Write, style: Style, row: &Row<'_>) -> io::Result<()> {
    match style {
        Style::Table => writeln!(out, "{}", line(&cells(row), &note(row))),
        Style::Json => {
            let record = Record::from(row);
            // A struct of strings and numbers always serializes.
            let text = serde_json::to_string(&record).unwrap_or_default();
            writeln!(out, "{text}")
        }
    }
}

fn cells(row: &Row<'_>) -> [String; 7] {
    let attempt = if row.planned > 1 {
        format!("{}/{}", row.attempt, row.planned)
    } else {
        row.attempt.to_string()
    };
    let http = row
        .result
        .outcome
        .status()
        .map_or_else(|| String::from("—"), |status| status.to_string());
    [
        row.event.as_str().to_owned(),
        row.status.to_owned(),
        attempt,
        http,
        latency(row.result.latency),
        format!("{:.2} s", row.at.as_secs_f64()),
        row.webhook_id.to_owned(),
    ]
}

fn note(row: &Row<'_>) -> String {
    let answer = row.result.outcome.note();
    match (&row.next, answer.is_empty()) {
        (Some(next), true) => next.clone(),
        (Some(next), false) => format!("{answer} · {next}"),
        (None, _) => answer,
    }
}

fn line(cells: &[String; 7], last: &str) -> String {
    let mut text = String::new();
    for (cell, (_, width)) in cells.iter().zip(COLUMNS) {
        text.push_str(&format!("{cell:<width$}  "));
    }
    text.push_str(last);
    text.trim_end().to_owned()
}

/// `0.8 ms`, `12 ms`, `1.20 s`.
pub fn latency(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", duration.as_secs_f64())
    }
}

/// Milliseconds, to the microsecond.
fn millis(duration: Duration) -> f64 {
    (duration.as_secs_f64() * 1_000_000.0).round() / 1000.0
}

/// The JSON form of a row.
#[derive(Debug, Serialize)]
struct Record<'a> {
    event: &'static str,
    status: &'a str,
    attempt: usize,
    planned: usize,
    http: Option<u16>,
    accepted: bool,
    latency_ms: f64,
    at_ms: f64,
    webhook_id: &'a str,
    webhook_timestamp: u64,
    note: String,
}

impl<'a> From<&'a Row<'a>> for Record<'a> {
    fn from(row: &'a Row<'a>) -> Record<'a> {
        Record {
            event: row.event.as_str(),
            status: row.status,
            attempt: row.attempt,
            planned: row.planned,
            http: row.result.outcome.status(),
            accepted: row.result.outcome.is_accepted(),
            latency_ms: millis(row.result.latency),
            at_ms: millis(row.at),
            webhook_id: row.webhook_id,
            webhook_timestamp: row.webhook_timestamp,
            note: note(row),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::Outcome;

    #[test]
    fn rows_line_up_under_the_header() {
        let attempt = Attempt {
            outcome: Outcome::Answered {
                status: 500,
                answer: "boom".into(),
            },
            latency: Duration::from_micros(1_250),
        };
        let row = Row {
            event: EventKind::Completed,
            status: "succeeded",
            attempt: 2,
            planned: 6,
            webhook_id: "msg_2Tq8lTz9mXhDqJ5cT1oR4a7N",
            webhook_timestamp: 1_700_000_000,
            at: Duration::from_millis(1_940),
            result: &attempt,
            next: Some("retry in 3.9 s".into()),
        };
        let mut out = Vec::new();
        header(&mut out, Style::Table).unwrap();
        super::row(&mut out, Style::Table, &row).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0].find("HTTP"), lines[1].find("500"));
        assert!(lines[1].starts_with("completed  succeeded   2/6"));
        assert!(lines[1].ends_with("boom · retry in 3.9 s"), "{}", lines[1]);

        let mut out = Vec::new();
        super::row(&mut out, Style::Json, &row).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(json["http"], 500);
        assert_eq!(json["accepted"], false);
        assert_eq!(json["attempt"], 2);
    }

    #[test]
    fn latencies_read_naturally() {
        assert_eq!(latency(Duration::from_micros(800)), "0.8 ms");
        assert_eq!(latency(Duration::from_millis(12)), "12 ms");
        assert_eq!(latency(Duration::from_millis(1_200)), "1.20 s");
    }
}
