//! The final state of the simulated prediction or training.
//!
//! A scenario is the object Replicate sends with the `completed` event. The
//! webhooks before it are derived from it by [`crate::lifecycle`], so a
//! `--payload` file and the built-in scenarios go through the same code.

use std::time::{Duration, SystemTime};

use clap::ValueEnum;
use replicate_webhooks::payload::{Kind, Payload};
use serde_json::{Map, Value, json};

use crate::exit::CliError;
use crate::random;

/// The built-in scenarios of `send --scenario`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScenarioKind {
    /// A language model streams a short answer and succeeds.
    Succeeded,
    /// An image model logs a little, then fails (CUDA out of memory).
    Failed,
    /// A long generation is canceled part way through its output.
    Canceled,
    /// A fine-tune: logs while training, then a new version and its weights.
    Training,
    /// An image model produces two image URLs.
    Image,
}

impl ScenarioKind {
    /// The terminal status this scenario ends in.
    pub fn final_status(self) -> &'static str {
        match self {
            ScenarioKind::Succeeded | ScenarioKind::Training | ScenarioKind::Image => "succeeded",
            ScenarioKind::Failed => "failed",
            ScenarioKind::Canceled => "canceled",
        }
    }
}

/// What a scenario needs to know about the run.
#[derive(Debug, Clone)]
pub struct Context {
    /// The webhook URL (echoed in the body, as the API does).
    pub url: String,
    /// The requested events, as `webhook_events_filter` strings.
    pub events: Vec<String>,
    /// When the object completes (its `completed_at`).
    pub now: SystemTime,
}

/// The object of the final webhook, and whether it is a prediction or a training.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Prediction or training.
    pub kind: Kind,
    /// The top-level JSON object of the final webhook.
    pub terminal: Map<String, Value>,
}

impl Scenario {
    /// The id of the prediction or training.
    pub fn object_id(&self) -> &str {
        self.terminal
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// The final status.
    pub fn status(&self) -> &str {
        self.terminal
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
}

/// A built-in scenario with fresh ids, completing at `context.now`.
pub fn builtin(kind: ScenarioKind, context: &Context) -> Scenario {
    let spec = match kind {
        ScenarioKind::Succeeded => language_model(),
        ScenarioKind::Failed => failing_image_model(),
        ScenarioKind::Canceled => canceled_generation(),
        ScenarioKind::Training => training(),
        ScenarioKind::Image => image_model(),
    };
    spec.build(kind.final_status(), context)
}

/// A scenario from a `--payload` file: the file is the final webhook's object.
///
/// The core parses the file first (it must be a prediction or training object;
/// its kind is inferred the same way a receiver would). The final status is
/// the `--scenario`'s when given, else the file's if terminal, else
/// `succeeded`. A `failed` object without an `error` gets one.
pub fn from_payload(
    bytes: &[u8],
    scenario: Option<ScenarioKind>,
    context: &Context,
) -> Result<Scenario, CliError> {
    let payload = Payload::parse(bytes).map_err(|error| CliError::Webhook {
        error,
        hint: Some("--payload must be a Replicate prediction or training object"),
        reported: false,
    })?;
    let mut terminal: Map<String, Value> = serde_json::from_slice(bytes)
        .map_err(|error| CliError::input(format!("--payload is not a JSON object: {error}")))?;
    let status = match scenario {
        Some(kind) => kind.final_status(),
        None if payload.is_terminal() => payload.status().as_str(),
        None => "succeeded",
    };
    terminal.insert("status".into(), status.into());
    let has_error = terminal.get("error").is_some_and(|error| !error.is_null());
    if status == "failed" && !has_error {
        terminal.insert(
            "error".into(),
            "simulated failure (replicate-webhooks send --scenario failed)".into(),
        );
    }
    if terminal.contains_key("webhook") {
        terminal.insert("webhook".into(), context.url.clone().into());
    }
    Ok(Scenario {
        kind: payload.kind(),
        terminal,
    })
}

/// The parts that differ between the built-in scenarios.
struct Spec {
    kind: Kind,
    model: &'static str,
    version: String,
    destination: Option<&'static str>,
    input: Value,
    logs: &'static str,
    output: Value,
    error: Option<&'static str>,
    metrics: Value,
    stream: bool,
}

impl Spec {
    fn build(self, status: &str, context: &Context) -> Scenario {
        let id = random::lower_alnum(26);
        let seconds = |key: &str| {
            self.metrics
                .get(key)
                .and_then(Value::as_f64)
                .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
                .unwrap_or_default()
        };
        let completed = context.now;
        let created = completed
            .checked_sub(seconds("total_time"))
            .unwrap_or(completed);
        let started = completed
            .checked_sub(seconds("predict_time"))
            .unwrap_or(completed);
        let collection = match self.kind {
            Kind::Prediction => "predictions",
            Kind::Training => "trainings",
        };
        let mut urls = json!({
            "cancel": format!("https://api.replicate.com/v1/{collection}/{id}/cancel"),
            "get": format!("https://api.replicate.com/v1/{collection}/{id}"),
            "web": format!("https://replicate.com/p/{id}"),
        });
        if self.stream {
            if let Some(urls) = urls.as_object_mut() {
                urls.insert(
                    "stream".into(),
                    format!(
                        "https://stream.replicate.com/v1/files/{}",
                        random::lower_alnum(52)
                    )
                    .into(),
                );
            }
        }
        let mut object = Map::new();
        object.insert("id".into(), id.into());
        object.insert("model".into(), self.model.into());
        object.insert("version".into(), self.version.into());
        if let Some(destination) = self.destination {
            object.insert("destination".into(), destination.into());
        }
        object.insert("input".into(), self.input);
        object.insert("logs".into(), self.logs.into());
        object.insert("output".into(), self.output);
        if self.kind == Kind::Prediction {
            object.insert("data_removed".into(), false.into());
        }
        object.insert("error".into(), self.error.into());
        object.insert("status".into(), status.into());
        object.insert("created_at".into(), rfc3339(created).into());
        object.insert("started_at".into(), rfc3339(started).into());
        object.insert("completed_at".into(), rfc3339(completed).into());
        object.insert("urls".into(), urls);
        object.insert("metrics".into(), self.metrics);
        object.insert("webhook".into(), context.url.clone().into());
        object.insert(
            "webhook_events_filter".into(),
            context
                .events
                .iter()
                .map(|event| Value::from(event.as_str()))
                .collect(),
        );
        Scenario {
            kind: self.kind,
            terminal: object,
        }
    }
}

/// RFC 3339 with microseconds and `Z`, as Replicate writes times.
pub fn rfc3339(time: SystemTime) -> String {
    humantime::format_rfc3339_micros(time).to_string()
}

fn language_model() -> Spec {
    Spec {
        kind: Kind::Prediction,
        model: "meta/meta-llama-3-8b-instruct",
        version: String::from("5a6809ca6288247d06daf6365557e5e429063f32a21146b2a807c682652136b8"),
        destination: None,
        input: json!({"prompt": "Write a haiku about webhooks", "max_tokens": 64, "temperature": 0.7}),
        logs: "Random seed used: `41713`\nNote: Random seed will not impact output if greedy decoding is used.\n",
        output: json!([
            "Signed", " at", " the", " source", ",", "\n", "the", " handler", " checks", " the",
            " seal", " —", "\n", "two", "-oh", "-oh", " comes", " back", "."
        ]),
        error: None,
        metrics: json!({
            "batch_size": 1,
            "input_token_count": 17,
            "output_token_count": 19,
            "predict_time": 0.612,
            "time_to_first_token": 0.091,
            "tokens_per_second": 31.04,
            "total_time": 0.843,
        }),
        stream: true,
    }
}

fn failing_image_model() -> Spec {
    Spec {
        kind: Kind::Prediction,
        model: "stability-ai/sdxl",
        version: String::from("7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc"),
        destination: None,
        input: json!({"prompt": "an astronaut riding a rainbow unicorn", "width": 4096, "height": 4096}),
        logs: "Using seed: 8713\nPrompt: an astronaut riding a rainbow unicorn\ntxt2img mode\n",
        output: Value::Null,
        error: Some(
            "CUDA out of memory. Tried to allocate 32.00 GiB (GPU 0; 39.39 GiB total capacity; 6.01 GiB already allocated)",
        ),
        metrics: json!({"predict_time": 1.524, "total_time": 1.937}),
        stream: false,
    }
}

fn canceled_generation() -> Spec {
    Spec {
        kind: Kind::Prediction,
        model: "meta/meta-llama-3-70b-instruct",
        version: String::from("fbfb20b472b2f3bdd101412a9f70a0ed4fc0ced78a77ff00970ee7a2383c575d"),
        destination: None,
        input: json!({"prompt": "Write a novel about distributed systems", "max_tokens": 4096}),
        logs: "Random seed used: `90210`\n",
        output: json!([
            "Chapter", " One", ":", " The", " Retry", "\n\n", "It", " was", " a", " dark"
        ]),
        error: None,
        metrics: json!({"predict_time": 2.208, "total_time": 2.551}),
        stream: true,
    }
}

fn training() -> Spec {
    let weights = format!(
        "https://replicate.delivery/xezq/{}/trained_model.tar",
        random::lower_alnum(40)
    );
    Spec {
        kind: Kind::Training,
        model: "ostris/flux-dev-lora-trainer",
        version: String::from("e440909d3512c31646ee2e0c7d6f6f4923224863a6a10c494606e79fb5844497"),
        destination: Some("acme/flux-mascot"),
        input: json!({"input_images": "https://example.com/mascot-photos.zip", "steps": 1000, "trigger_word": "MASCOT"}),
        logs: "Extracting 12 images from input_images\nflux_train_replicate:  50%|█████     | 500/1000 [09:41<09:41,  1.16s/it]\nflux_train_replicate: 100%|██████████| 1000/1000 [19:22<00:00,  1.16s/it]\nSaving LoRA weights\n",
        output: json!({
            "version": format!("acme/flux-mascot:{}", random::hex(64)),
            "weights": weights,
        }),
        error: None,
        metrics: json!({"predict_time": 1261.4, "total_time": 1302.9}),
        stream: false,
    }
}

fn image_model() -> Spec {
    let folder = random::lower_alnum(40);
    Spec {
        kind: Kind::Prediction,
        model: "black-forest-labs/flux-schnell",
        version: String::from("hidden"),
        destination: None,
        input: json!({"prompt": "a paper boat carrying an envelope down a river, watercolor", "num_outputs": 2, "output_format": "webp"}),
        logs: "Using seed: 52881\nrunning quantized prediction\n100%|██████████| 4/4 [00:00<00:00, 11.21it/s]\n",
        output: json!([
            format!("https://replicate.delivery/xezq/{folder}/out-0.webp"),
            format!("https://replicate.delivery/xezq/{folder}/out-1.webp"),
        ]),
        error: None,
        metrics: json!({"image_count": 2, "predict_time": 0.931, "total_time": 1.208}),
        stream: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context {
        Context {
            url: "http://127.0.0.1:3000/hook".into(),
            events: vec!["start".into(), "completed".into()],
            now: SystemTime::UNIX_EPOCH
                .checked_add(Duration::from_secs(1_700_000_000))
                .unwrap(),
        }
    }

    #[test]
    fn builtins_parse_with_the_core_as_their_kind_and_status() {
        for kind in ScenarioKind::value_variants() {
            let scenario = builtin(*kind, &context());
            let body = crate::json::to_body(&scenario.terminal);
            let payload = Payload::parse(&body).unwrap();
            assert_eq!(payload.kind(), scenario.kind, "{kind:?}");
            assert_eq!(payload.status().as_str(), kind.final_status());
            assert!(payload.is_terminal());
            assert_eq!(payload.id().len(), 26);
        }
    }

    #[test]
    fn times_are_consistent_with_the_metrics() {
        let scenario = builtin(ScenarioKind::Failed, &context());
        let get = |key: &str| scenario.terminal[key].as_str().unwrap().to_owned();
        assert_eq!(get("completed_at"), "2023-11-14T22:13:20.000000Z");
        assert_eq!(get("started_at"), "2023-11-14T22:13:18.476000Z");
        assert_eq!(get("created_at"), "2023-11-14T22:13:18.063000Z");
    }

    #[test]
    fn payload_files_keep_their_fields_and_take_the_scenario_status() {
        let file = br#"{"id":"ufawqhfynnddngldkgtslldrkq","status":"starting","input":{"text":"Alice"},"output":"hello Alice","error":null}"#;
        let scenario = from_payload(file, None, &context()).unwrap();
        assert_eq!(scenario.status(), "succeeded");
        assert_eq!(scenario.terminal["output"], "hello Alice");
        let failed = from_payload(file, Some(ScenarioKind::Failed), &context()).unwrap();
        assert_eq!(failed.status(), "failed");
        assert!(
            failed.terminal["error"]
                .as_str()
                .unwrap()
                .contains("simulated")
        );
        let training = br#"{"id":"t1","status":"canceled","output":{"weights":"https://x/w.tar"}}"#;
        let training = from_payload(training, None, &context()).unwrap();
        assert_eq!(
            (training.kind, training.status()),
            (Kind::Training, "canceled")
        );
    }

    #[test]
    fn payload_files_must_be_replicate_objects() {
        let error = from_payload(br#"[1, 2]"#, None, &context()).unwrap_err();
        assert_eq!(
            error.exit_code(),
            crate::exit::for_code(replicate_webhooks::ErrorCode::InvalidPayload)
        );
    }
}
