//! The Rust core vs a hand-written `hmac` + `sha2` + `subtle` verifier, timed
//! the way bench/node and bench/python time their peers: calibrated batches,
//! the two cases alternating round after round, CPU time of this thread (so
//! time spent waiting for a CPU on a shared machine is left out), medians and
//! the median of per-round ratios. The criterion bench
//! (crates/replicate-webhooks/benches/verify.rs) times each case on its own,
//! minutes apart; on a busy machine its ratios drift, these do not.
//!
//! The inputs and the baseline are shared with the criterion bench
//! (crates/replicate-webhooks/benches/common/baseline.rs).
//!
//! Usage: `replicate-webhooks-bench-paired [--quick] > FILE.json`, or
//! `replicate-webhooks-bench-paired --profile core|baseline SIZE CALLS` to run
//! one case alone under a profiler (`make bench-profile-rust`).

use replicate_webhooks::Webhook;
use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "../../../crates/replicate-webhooks/benches/common/baseline.rs"]
mod baseline;
use baseline::{Baseline, ID, SECRET, SIZES, TIMESTAMP, WRONG, body_of};

/// CPU time of this thread.
fn thread_cpu() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec; CLOCK_THREAD_CPUTIME_ID is
    // always available on Linux. The return value is checked.
    #[allow(unsafe_code)]
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    if status != 0 {
        return Duration::ZERO;
    }
    Duration::new(
        u64::try_from(now.tv_sec).unwrap_or(0),
        u32::try_from(now.tv_nsec).unwrap_or(0),
    )
}

struct Case<'a> {
    name: &'static str,
    run: Box<dyn Fn() -> bool + 'a>,
    calls: u64,
    cpu_ns: Vec<f64>,
    wall_ns: Vec<f64>,
}

impl Case<'_> {
    /// (CPU, wall) nanoseconds per call for one batch.
    fn batch(&self, calls: u64) -> (f64, f64) {
        let cpu = thread_cpu();
        let wall = Instant::now();
        for _ in 0..calls {
            black_box((self.run)());
        }
        let wall = wall.elapsed().as_nanos() as f64;
        let cpu = thread_cpu().saturating_sub(cpu).as_nanos() as f64;
        let calls = calls.max(1) as f64;
        (cpu / calls, wall / calls)
    }
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    match (
        sorted.len() % 2,
        sorted.get(mid),
        mid.checked_sub(1).and_then(|i| sorted.get(i)),
    ) {
        (1, Some(value), _) => *value,
        (_, Some(high), Some(low)) => (high + low) / 2.0,
        _ => f64::NAN,
    }
}

/// Calibrate, warm up, then alternate the cases round after round.
fn measure(cases: &mut [Case<'_>], rounds: usize, sample: Duration) {
    for case in cases.iter_mut() {
        let mut calls = 1u64;
        loop {
            let (_, wall) = case.batch(calls);
            let total = wall * calls as f64;
            if total >= sample.as_nanos() as f64 / 4.0 || calls >= 1 << 30 {
                case.calls = ((sample.as_nanos() as f64 / wall.max(1.0)) as u64).max(1);
                break;
            }
            calls = calls.saturating_mul(4);
        }
        let warm = Instant::now();
        while warm.elapsed() < sample.saturating_mul(4) {
            case.batch(case.calls);
        }
    }
    for round in 0..rounds {
        for k in 0..cases.len() {
            let index = (k + round) % cases.len();
            if let Some(case) = cases.get_mut(index) {
                let (cpu, wall) = case.batch(case.calls);
                case.cpu_ns.push(cpu);
                case.wall_ns.push(wall);
            }
        }
    }
}

fn json_numbers(values: &[f64]) -> String {
    let items: Vec<String> = values.iter().map(|v| format!("{v:.1}")).collect();
    format!("[{}]", items.join(","))
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|arg| arg == "--quick");
    let (rounds, sample) = if quick {
        (7, Duration::from_millis(3))
    } else {
        // Many rounds: a 200 B verify is ~0.5 µs, where a few percent is the
        // target, and one run is only ~15 s.
        (151, Duration::from_millis(8))
    };
    let (Ok(webhook), Some(baseline)) = (Webhook::new(SECRET), Baseline::new(SECRET)) else {
        eprintln!("bad secret");
        return std::process::ExitCode::FAILURE;
    };
    let timestamp = TIMESTAMP.to_string();
    let mut rows = Vec::new();
    let mut groups: Vec<(&str, &str, usize)> = SIZES
        .iter()
        .map(|(label, size)| ("verify", *label, *size))
        .collect();
    groups.push(("reject", "2KB", 2048));
    for (group, label, size) in groups {
        let body = body_of(size);
        let signature = if group == "verify" {
            webhook.sign(ID, TIMESTAMP, &body)
        } else {
            String::from(WRONG)
        };
        let headers = [
            ("webhook-id", ID),
            ("webhook-timestamp", timestamp.as_str()),
            ("webhook-signature", signature.as_str()),
        ];
        let accept = group == "verify";
        if let Some(position) = args.iter().position(|arg| arg == "--profile") {
            let wanted = |offset: usize| {
                args.get(position.saturating_add(offset))
                    .map(String::as_str)
            };
            if wanted(2) != Some(label) || (group == "reject") != (wanted(1) == Some("reject-core"))
            {
                continue;
            }
            let calls: u64 = wanted(3).and_then(|n| n.parse().ok()).unwrap_or(10_000);
            let mut ok = 0u64;
            for _ in 0..calls {
                let accepted = if wanted(1) == Some("baseline") {
                    baseline.verify(black_box(&headers[..]), black_box(&body))
                } else {
                    webhook
                        .verify_at(black_box(&headers[..]), black_box(&body), TIMESTAMP)
                        .is_ok()
                };
                ok = ok.saturating_add(u64::from(accepted));
            }
            eprintln!(
                "{} {label}: {calls} calls, {ok} accepted",
                wanted(1).unwrap_or("?")
            );
            return std::process::ExitCode::SUCCESS;
        }
        if baseline.verify(&headers, &body) != accept
            || webhook.verify_at(&headers, &body, TIMESTAMP).is_ok() != accept
        {
            eprintln!("{group} {label}: wrong answer");
            return std::process::ExitCode::FAILURE;
        }
        let mut cases = [
            Case {
                name: "core",
                run: Box::new(|| {
                    webhook
                        .verify_at(black_box(&headers[..]), black_box(&body), TIMESTAMP)
                        .is_ok()
                }),
                calls: 1,
                cpu_ns: Vec::new(),
                wall_ns: Vec::new(),
            },
            Case {
                name: "baseline",
                run: Box::new(|| baseline.verify(black_box(&headers[..]), black_box(&body))),
                calls: 1,
                cpu_ns: Vec::new(),
                wall_ns: Vec::new(),
            },
        ];
        measure(&mut cases, rounds, sample);
        for case in &cases {
            rows.push(format!(
                "{{\"group\":\"{group}\",\"size\":\"{label}\",\"bytes\":{size},\"name\":\"{}\",\
                 \"median_ns\":{:.1},\"wall_median_ns\":{:.1},\"calls_per_sample\":{},\
                 \"samples_ns\":{},\"wall_samples_ns\":{}}}",
                case.name,
                median(&case.cpu_ns),
                median(&case.wall_ns),
                case.calls,
                json_numbers(&case.cpu_ns),
                json_numbers(&case.wall_ns),
            ));
        }
        eprintln!("rust {group} {label}: 2 cases");
    }
    println!(
        "{{\"rounds\":{rounds},\"sample_ms\":{},\"results\":[\n{}\n]}}",
        sample.as_millis(),
        rows.join(",\n")
    );
    std::process::ExitCode::SUCCESS
}
