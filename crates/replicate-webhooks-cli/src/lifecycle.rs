//! The webhooks of one prediction, from `starting` to its final status.
//!
//! Replicate sends a webhook when the prediction starts (`start`), when it has
//! new logs (`logs`) or new output (`output`), and when it completes
//! (`completed`). Each body is the whole object *at that moment*: logs and
//! output grow from one webhook to the next. [`snapshots`] derives that
//! sequence from the final object: `start`, then log and output events
//! interleaved (logs first), then `completed`. A filter only decides which of
//! them are delivered; the object keeps evolving either way.

use clap::ValueEnum;
use replicate_webhooks::payload::Kind;
use serde_json::{Map, Value};

use crate::scenario::Scenario;

/// Most `logs` webhooks derived from the final logs (lines are grouped).
pub const MAX_LOG_EVENTS: usize = 3;
/// Most `output` webhooks derived from the final output (items are grouped).
pub const MAX_OUTPUT_EVENTS: usize = 4;

/// A `webhook_events_filter` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum EventKind {
    /// The prediction has started (status `starting`).
    Start,
    /// It produced new output.
    Output,
    /// It produced new logs.
    Logs,
    /// It reached a terminal status; the only event Replicate retries.
    Completed,
}

impl EventKind {
    /// All four, in the order Replicate documents them.
    pub const ALL: [EventKind; 4] = [
        EventKind::Start,
        EventKind::Output,
        EventKind::Logs,
        EventKind::Completed,
    ];

    /// The filter string: `start`, `output`, `logs` or `completed`.
    pub const fn as_str(self) -> &'static str {
        match self {
            EventKind::Start => "start",
            EventKind::Output => "output",
            EventKind::Logs => "logs",
            EventKind::Completed => "completed",
        }
    }
}

/// The object as one webhook carries it.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Why this webhook is sent.
    pub event: EventKind,
    /// The whole prediction or training object at that moment.
    pub object: Map<String, Value>,
}

impl Snapshot {
    /// The `status` field.
    pub fn status(&self) -> &str {
        self.object
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
}

/// Every webhook of the scenario, in order; the last is the `completed` one.
///
/// Only keys present in the final object are rewritten for earlier snapshots,
/// so a minimal `--payload` stays minimal.
pub fn snapshots(scenario: &Scenario) -> Vec<Snapshot> {
    let terminal = &scenario.terminal;
    let logs = terminal.get("logs").and_then(Value::as_str).unwrap_or("");
    let lines: Vec<&str> = logs.split_inclusive('\n').collect();
    let ran = terminal.get("status").and_then(Value::as_str) != Some("aborted");

    let mut events = vec![snapshot(terminal, EventKind::Start, |object| {
        set(object, "status", "starting".into());
        for key in ["logs", "output", "error", "started_at", "completed_at"] {
            set(object, key, Value::Null);
        }
        set(object, "metrics", Value::Object(Map::new()));
    })];

    if ran {
        let log_ends = group_ends(lines.len(), MAX_LOG_EVENTS);
        let outputs = output_steps(scenario);
        let mut logs_so_far = "";
        let mut output_so_far = Value::Null;
        for step in 0..log_ends.len().max(outputs.len()) {
            if let Some(&end) = log_ends.get(step) {
                logs_so_far = prefix(logs, &lines, end);
                events.push(processing(
                    terminal,
                    EventKind::Logs,
                    logs_so_far,
                    &output_so_far,
                ));
            }
            if let Some(output) = outputs.get(step) {
                output_so_far = output.clone();
                events.push(processing(
                    terminal,
                    EventKind::Output,
                    logs_so_far,
                    &output_so_far,
                ));
            }
        }
    }

    events.push(Snapshot {
        event: EventKind::Completed,
        object: terminal.clone(),
    });
    events
}

fn processing(
    terminal: &Map<String, Value>,
    event: EventKind,
    logs: &str,
    output: &Value,
) -> Snapshot {
    snapshot(terminal, event, |object| {
        set(object, "status", "processing".into());
        set(object, "logs", logs.into());
        set(object, "output", output.clone());
        for key in ["error", "completed_at"] {
            set(object, key, Value::Null);
        }
        set(object, "metrics", Value::Object(Map::new()));
    })
}

fn snapshot(
    terminal: &Map<String, Value>,
    event: EventKind,
    change: impl FnOnce(&mut Map<String, Value>),
) -> Snapshot {
    let mut object = terminal.clone();
    change(&mut object);
    Snapshot { event, object }
}

/// Replace `key` if the final object has it (`status` is always there).
fn set(object: &mut Map<String, Value>, key: &str, value: Value) {
    if let Some(slot) = object.get_mut(key) {
        *slot = value;
    }
}

/// The output after each `output` webhook: growing prefixes of an array, or
/// the whole value at once. Trainings only have output when they complete.
fn output_steps(scenario: &Scenario) -> Vec<Value> {
    if scenario.kind == Kind::Training {
        return Vec::new();
    }
    match scenario.terminal.get("output") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => group_ends(items.len(), MAX_OUTPUT_EVENTS)
            .into_iter()
            .map(|end| Value::Array(items.iter().take(end).cloned().collect()))
            .collect(),
        Some(other) => vec![other.clone()],
    }
}

/// The first `end` lines of `logs`, borrowed.
fn prefix<'a>(logs: &'a str, lines: &[&str], end: usize) -> &'a str {
    let len: usize = lines.iter().take(end).map(|line| line.len()).sum();
    logs.get(..len).unwrap_or(logs)
}

/// Split `count` items into at most `max` nearly equal groups; return where
/// each group ends (cumulative), e.g. 19 items in 4 groups: `[5, 10, 15, 19]`.
fn group_ends(count: usize, max: usize) -> Vec<usize> {
    let groups = count.min(max);
    // `groups` is at least 1 inside the range, so the division is defined;
    // `group * count` is at most `max * count`, far from overflowing.
    (1..=groups)
        .map(|group| {
            group
                .checked_mul(count)
                .map_or(count, |total| total.div_ceil(groups))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Context, ScenarioKind, builtin};
    use std::time::SystemTime;

    fn run(kind: ScenarioKind) -> Vec<Snapshot> {
        let context = Context {
            url: "http://127.0.0.1:1/".into(),
            events: vec![],
            now: SystemTime::now(),
        };
        snapshots(&builtin(kind, &context))
    }

    fn shape(events: &[Snapshot]) -> Vec<(&'static str, String)> {
        events
            .iter()
            .map(|s| (s.event.as_str(), s.status().to_owned()))
            .collect()
    }

    #[test]
    fn groups_are_cumulative_and_cover_everything() {
        assert_eq!(group_ends(19, 4), [5, 10, 15, 19]);
        assert_eq!(group_ends(2, 3), [1, 2]);
        assert_eq!(group_ends(4, 3), [2, 3, 4]);
        assert!(group_ends(0, 3).is_empty());
    }

    #[test]
    fn a_succeeded_prediction_streams_logs_and_output() {
        let events = run(ScenarioKind::Succeeded);
        let kinds: Vec<_> = events.iter().map(|s| s.event.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "start",
                "logs",
                "output",
                "logs",
                "output",
                "output",
                "output",
                "completed"
            ]
        );
        assert_eq!(events[0].object["output"], Value::Null);
        assert_eq!(events[0].object["logs"], Value::Null);
        assert_eq!(events[0].object["metrics"], serde_json::json!({}));
        let lengths: Vec<_> = events
            .iter()
            .filter_map(|s| s.object["output"].as_array().map(Vec::len))
            .collect();
        // The second `logs` webhook carries the output so far too.
        assert_eq!(lengths, [5, 5, 10, 15, 19, 19]);
        assert!(events[1..7].iter().all(|s| s.status() == "processing"));
        assert_eq!(events[7].status(), "succeeded");
    }

    #[test]
    fn failures_have_no_output_events_and_trainings_output_only_at_the_end() {
        let failed = run(ScenarioKind::Failed);
        assert_eq!(
            shape(&failed),
            [
                ("start", "starting".into()),
                ("logs", "processing".into()),
                ("logs", "processing".into()),
                ("logs", "processing".into()),
                ("completed", "failed".into())
            ]
        );
        let training = run(ScenarioKind::Training);
        assert!(training.iter().all(|s| s.event != EventKind::Output));
        assert!(
            training[..training.len() - 1]
                .iter()
                .all(|s| s.object["output"].is_null())
        );
        assert!(training.last().unwrap().object["output"]["weights"].is_string());
    }

    #[test]
    fn logs_grow_line_by_line() {
        let events = run(ScenarioKind::Failed);
        let logs: Vec<_> = events[1..4]
            .iter()
            .map(|s| s.object["logs"].as_str().unwrap())
            .collect();
        assert_eq!(logs[0], "Using seed: 8713\n");
        assert!(logs[1].starts_with(logs[0]) && logs[2].starts_with(logs[1]));
        assert_eq!(logs[2], events[4].object["logs"]);
    }
}
