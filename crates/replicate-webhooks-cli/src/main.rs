//! The `replicate-webhooks` binary; everything lives in the library.

fn main() -> std::process::ExitCode {
    replicate_webhooks_cli::main()
}
