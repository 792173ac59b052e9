//! `send`: play a prediction's webhooks against a handler, the way Replicate does.
//!
//! Webhooks go out 500 ms apart (Replicate throttles `logs` and `output` to one
//! per 500 ms), each with a new `webhook-id`. Intermediate webhooks get one
//! attempt. The final one is retried on the [`Backoff`] schedule with the same
//! `webhook-id`, and every attempt is signed afresh with the current time.

use std::io::Write;
use std::time::{Duration, Instant, SystemTime};

use replicate_webhooks::{new_message_id, unix_now};

use crate::cli::SendArgs;
use crate::delivery::{Attempt, Client};
use crate::exit::CliError;
use crate::lifecycle::{EventKind, Snapshot, snapshots};
use crate::retry::Backoff;
use crate::scenario::{Context, Scenario, ScenarioKind};
use crate::table::{self, Row, Style};
use crate::{input, json, secrets, tamper};

/// Time between two webhooks of one prediction, before `--time-scale`.
pub const EVENT_SPACING: Duration = Duration::from_millis(500);

/// Run `send`.
pub fn run(args: &SendArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let webhook = secrets::webhook(&args.secret.secrets)?;
    let timeout = Duration::try_from_secs_f64(args.timeout)
        .map_err(|_| CliError::input("--timeout is out of range"))?;
    let client = Client::new(&args.url, timeout)?;
    let events = if args.events.is_empty() {
        EventKind::ALL.to_vec()
    } else {
        args.events.clone()
    };
    let scenario = scenario(args, &events)?;
    let plan = snapshots(&scenario);
    let style = if args.json { Style::Json } else { Style::Table };
    let spacing = EVENT_SPACING.mul_f64(args.time_scale);
    let backoff = Backoff::replicate(args.time_scale);

    if style == Style::Table {
        intro(out, args, &scenario, &plan, &events)?;
    }
    table::header(out, style)?;

    let mut run = Run {
        out,
        style,
        client: &client,
        webhook: &webhook,
        tamper: args.tamper,
        started: Instant::now(),
    };
    let mut lost = 0usize;
    let mut final_result = None;
    let mut due = run.started;
    for snapshot in &plan {
        sleep_until(due);
        due = due.checked_add(spacing).unwrap_or(due);
        if !events.contains(&snapshot.event) {
            continue;
        }
        let body = json::to_body(&snapshot.object);
        if snapshot.event == EventKind::Completed {
            final_result = Some(run.deliver_final(snapshot, &body, &backoff)?);
        } else if !run.deliver_once(snapshot, &body)?.outcome.is_accepted() {
            lost = lost.saturating_add(1);
        }
    }
    conclude(run.out, style, lost, final_result)
}

fn scenario(args: &SendArgs, events: &[EventKind]) -> Result<Scenario, CliError> {
    let context = Context {
        url: args.url.clone(),
        events: events
            .iter()
            .map(|event| event.as_str().to_owned())
            .collect(),
        now: SystemTime::now(),
    };
    match &args.payload {
        Some(path) => {
            crate::scenario::from_payload(&input::read_file(path)?, args.scenario, &context)
        }
        None => Ok(crate::scenario::builtin(
            args.scenario.unwrap_or(ScenarioKind::Succeeded),
            &context,
        )),
    }
}

fn intro(
    out: &mut dyn Write,
    args: &SendArgs,
    scenario: &Scenario,
    plan: &[Snapshot],
    events: &[EventKind],
) -> Result<(), CliError> {
    let model = scenario
        .terminal
        .get("model")
        .and_then(serde_json::Value::as_str)
        .map(|model| format!(" of {model}"))
        .unwrap_or_default();
    let delivered = plan.iter().filter(|s| events.contains(&s.event)).count();
    let filter: Vec<&str> = events.iter().map(|event| event.as_str()).collect();
    writeln!(
        out,
        "{} {}{model} → {} · POST {}",
        scenario.kind.as_str(),
        scenario.object_id(),
        scenario.status(),
        args.url
    )?;
    let mut details = format!(
        "events {} · {delivered} of {} webhooks pass the filter · time scale {}",
        filter.join(","),
        plan.len(),
        args.time_scale
    );
    if let Some(tamper) = args.tamper {
        details.push_str(&format!(" · tampered: {tamper:?}").to_lowercase());
    }
    writeln!(out, "{details}")?;
    Ok(())
}

fn conclude(
    out: &mut dyn Write,
    style: Style,
    lost: usize,
    final_result: Option<FinalResult>,
) -> Result<(), CliError> {
    let table = style == Style::Table;
    if table && lost > 0 {
        writeln!(
            out,
            "{lost} intermediate webhook(s) not accepted; Replicate does not retry those."
        )?;
    }
    match final_result {
        None => {
            if table {
                writeln!(
                    out,
                    "the completed event is filtered out: nothing to retry."
                )?;
            }
            Ok(())
        }
        Some(result) if result.accepted => {
            if table {
                writeln!(
                    out,
                    "final webhook accepted on attempt {} of {}.",
                    result.attempts, result.planned
                )?;
            }
            Ok(())
        }
        Some(result) => Err(CliError::NotAccepted(format!(
            "the final webhook was never accepted: {} attempt(s), last {}",
            result.attempts, result.last
        ))),
    }
}

/// How the final webhook fared.
struct FinalResult {
    accepted: bool,
    attempts: usize,
    planned: usize,
    last: String,
}

struct Run<'a> {
    out: &'a mut dyn Write,
    style: Style,
    client: &'a Client,
    webhook: &'a replicate_webhooks::Webhook,
    tamper: Option<tamper::Tamper>,
    started: Instant,
}

impl Run<'_> {
    fn deliver_once(&mut self, snapshot: &Snapshot, body: &[u8]) -> Result<Attempt, CliError> {
        let id = new_message_id();
        let (attempt, at, timestamp) = self.attempt(&id, body);
        let next =
            (!attempt.outcome.is_accepted()).then(|| String::from("not retried (intermediate)"));
        self.print(&Row {
            event: snapshot.event,
            status: snapshot.status(),
            attempt: 1,
            planned: 1,
            webhook_id: &id,
            webhook_timestamp: timestamp,
            at,
            result: &attempt,
            next,
        })?;
        Ok(attempt)
    }

    fn deliver_final(
        &mut self,
        snapshot: &Snapshot,
        body: &[u8],
        backoff: &Backoff,
    ) -> Result<FinalResult, CliError> {
        let id = new_message_id();
        let first = Instant::now();
        let offsets = backoff.offsets();
        let planned = backoff.attempts();
        let mut result = FinalResult {
            accepted: false,
            attempts: 0,
            planned,
            last: String::new(),
        };
        for (index, offset) in offsets.iter().enumerate() {
            sleep_until(first.checked_add(*offset).unwrap_or(first));
            let (attempt, at, timestamp) = self.attempt(&id, body);
            let number = index.saturating_add(1);
            let following = offsets.get(number);
            let retry = attempt.outcome.is_retryable();
            let next = match (attempt.outcome.is_accepted(), retry, following) {
                (true, _, _) => None,
                (false, false, _) => Some(String::from("not retried")),
                (false, true, None) => Some(String::from("giving up")),
                (false, true, Some(next)) => Some(format!(
                    "retry in {}",
                    table::latency(next.saturating_sub(*offset))
                )),
            };
            self.print(&Row {
                event: snapshot.event,
                status: snapshot.status(),
                attempt: number,
                planned,
                webhook_id: &id,
                webhook_timestamp: timestamp,
                at,
                result: &attempt,
                next,
            })?;
            result.attempts = number;
            result.accepted = attempt.outcome.is_accepted();
            result.last = match attempt.outcome.status() {
                Some(status) => format!("answered HTTP {status}"),
                None => attempt.outcome.note(),
            };
            if result.accepted || !retry {
                break;
            }
        }
        Ok(result)
    }

    /// Sign with a fresh timestamp and POST.
    fn attempt(&self, id: &str, body: &[u8]) -> (Attempt, Duration, u64) {
        let request = tamper::sign(self.webhook, self.tamper, id, unix_now(), body);
        let at = self.started.elapsed();
        (self.client.post(&request), at, request.timestamp)
    }

    fn print(&mut self, row: &Row<'_>) -> Result<(), CliError> {
        table::row(self.out, self.style, row)?;
        self.out.flush()?;
        Ok(())
    }
}

fn sleep_until(due: Instant) {
    let wait = due.saturating_duration_since(Instant::now());
    if !wait.is_zero() {
        std::thread::sleep(wait);
    }
}
