//! `telemetry-lint`: check, resolve, diff and explain Firefox telemetry probe definitions.
//!
//! Exit status: 0 no error (warnings allowed unless `--deny-warnings`), 1 errors found, 2 usage
//! or I/O error. Reports go to stdout; usage and I/O errors to stderr, one line each.

mod args;
mod commands;
mod docs;
mod error;
mod generate;
mod inputs;
mod sides;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

/// Exit status 2: usage or I/O error (clap uses the same status for its usage errors).
const USAGE_OR_IO: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(args) => commands::check(args),
        Command::Resolve(args) => commands::resolve(args),
        Command::Diff(args) => commands::diff(args),
        Command::Docs(args) => docs::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Explain { rule } => commands::explain(rule),
        Command::Rules(args) => commands::list_rules(args.format),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("telemetry-lint: error: {error}");
            ExitCode::from(USAGE_OR_IO)
        }
    }
}
