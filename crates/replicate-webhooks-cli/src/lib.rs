//! `replicate-webhooks`: sign, verify and simulate [Replicate] webhooks locally.
//!
//! This is the library behind the `replicate-webhooks` binary. It has four
//! commands, one module each under [`commands`]:
//!
//! | command | does |
//! |---|---|
//! | `sign` | prints the three `webhook-*` headers for a body (or a ready `curl` command) |
//! | `verify` | checks headers + body, or a raw captured HTTP request, and prints what it carries |
//! | `send` | plays a whole prediction (or training) lifecycle against your handler, with Replicate's event filter and retry semantics |
//! | `listen` | a local receiver that verifies every delivery and prints a line per request |
//!
//! All signing and verifying goes through the core crate, [`replicate_webhooks`];
//! this crate only moves bytes around. The simulation is split into small modules
//! with one job each:
//!
//! - [`scenario`]: the final prediction or training object of each built-in
//!   scenario (or one read from `--payload`);
//! - [`lifecycle`]: the webhooks leading up to it (`start`, `logs`, `output`,
//!   `completed`), each a snapshot of the object at that moment;
//! - [`delivery`]: one signed POST and what came of it;
//! - [`retry`]: when the final webhook is tried again;
//! - [`tamper`]: how a deliberately broken delivery is broken;
//! - [`table`]: the rows `send` prints.
//!
//! Exit codes are listed in [`exit`]; they are part of the interface.
//!
//! [Replicate]: https://replicate.com

pub mod cli;
pub mod commands;
pub mod delivery;
pub mod exit;
pub mod input;
pub mod json;
pub mod lifecycle;
pub mod random;
pub mod request_file;
pub mod retry;
pub mod scenario;
pub mod secrets;
pub mod summary;
pub mod table;
pub mod tamper;

use std::io::{self, Write as _};
use std::process::ExitCode;

use clap::Parser as _;

use crate::cli::{Cli, Command};
use crate::exit::CliError;

/// Parse the process arguments, run the command and return its exit code.
pub fn main() -> ExitCode {
    run(std::env::args_os())
}

/// Run with the given arguments (the first is the program name).
///
/// Usage errors print clap's message and exit with [`exit::USAGE`]; `--help`
/// and `--version` exit with 0. Any other failure prints `error: …` on stderr
/// and exits with the code [`CliError::exit_code`] gives.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(exit::USAGE));
        }
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = match &cli.command {
        Command::Sign(args) => commands::sign::run(args, &mut out),
        Command::Verify(args) => commands::verify::run(args, &mut out),
        Command::Send(args) => commands::send::run(args, &mut out),
        Command::Listen(args) => commands::listen::run(args, &mut out),
    };
    let _ = out.flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(&error);
            ExitCode::from(error.exit_code())
        }
    }
}

fn report(error: &CliError) {
    // `verify --json` has already written the error as JSON on stdout, and a
    // closed stdout (`| head`) is not worth a message.
    if !error.is_reported() {
        let _ = writeln!(io::stderr(), "error: {error}");
    }
}
