//! The README stays true: every `replicate-webhooks …` command in its `sh`
//! blocks parses with the real command line, and its exit-code table matches
//! the code.
// The no-panic lints guard library code; test helpers may index, do arithmetic and unwrap.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use clap::Parser as _;
use replicate_webhooks::ErrorCode;
use replicate_webhooks_cli::cli::Cli;
use replicate_webhooks_cli::exit::for_code;

const README: &str = include_str!("../README.md");

/// The commands in ```sh blocks, with `\` continuations joined.
fn commands() -> Vec<String> {
    let mut commands = Vec::new();
    let mut in_sh = false;
    let mut pending = String::new();
    for line in README.lines() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        let line = line.split(" # ").next().unwrap().trim_end();
        pending.push_str(line.trim_end_matches('\\'));
        if line.ends_with('\\') {
            continue;
        }
        let command = std::mem::take(&mut pending);
        if command.starts_with("replicate-webhooks ") {
            commands.push(command);
        }
    }
    commands
}

/// Split like a POSIX shell for the simple quoting the README uses, stopping
/// at a redirection.
fn words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut started = false;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, ' ') => {
                if started || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            (None, c) => word.push(c),
        }
    }
    if started || !word.is_empty() {
        words.push(word);
    }
    assert!(quote.is_none(), "unbalanced quotes in {command}");
    words
        .into_iter()
        .take_while(|word| word != "<" && word != ">")
        .collect()
}

#[test]
fn every_readme_command_parses() {
    let commands = commands();
    assert!(
        commands.len() >= 15,
        "found only {} commands",
        commands.len()
    );
    for command in &commands {
        if let Err(error) = Cli::try_parse_from(words(command)) {
            panic!("README command does not parse: {command}\n{error}");
        }
    }
}

#[test]
fn the_readme_exit_code_table_matches_the_code() {
    for &code in ErrorCode::ALL {
        let row = format!("| {} | `{}`", for_code(code), code.as_str());
        assert!(README.contains(&row), "README lacks {row}");
    }
}
