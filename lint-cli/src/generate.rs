//! `telemetry-lint generate`: the Rust module `telemetry_registry::Builder` writes in a build
//! script, through the same pipeline (every rule, team policy included, then the generator).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use telemetry_registry::Policy;
use telemetry_registry::codegen::{self, CodegenOptions, Version};
use telemetry_registry::render::{self, BufferedStandardStream, Summary};

use crate::args::{ColorArg, InputArgs};
use crate::error::CliError;
use crate::inputs;

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Where to write the module (`-` for stdout). Written only when its content changed; left
    /// untouched when the definitions have errors.
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,

    /// The application version the code is built for (e.g. 130.0a1): probes expired at it
    /// compile to nothing.
    #[arg(long, value_name = "VERSION", value_parser = Version::parse)]
    pub current_version: Option<Version>,

    /// Write compact code, one line per item, instead of formatted code (several times
    /// faster; what the Builder writes by default).
    #[arg(long)]
    pub compact: bool,

    /// When to colour the diagnostics printed on stderr.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// Diagnostics (human format) go to stderr; exit 1 when the definitions have errors.
pub fn run(args: &GenerateArgs) -> Result<ExitCode, CliError> {
    let inputs = inputs::collect(&args.input)?;
    // Expiry is the generator's business here (expired probes compile to nothing), so the
    // version is not handed to policy, which would make them errors.
    let policy = Policy::discover(&inputs)?;
    let options = inputs::options(&args.input, policy.generation());
    let texts = telemetry_registry::load::read_inputs(&inputs)?;
    let mut codegen_options = CodegenOptions::new().pretty(!args.compact);
    codegen_options.current_version = args.current_version.clone();
    let (loaded, result) = codegen::pipeline(texts, &options, Some(&policy), &codegen_options);
    let diagnostics = match &result {
        Ok(_) => &loaded.diagnostics.items,
        Err(diagnostics) => diagnostics,
    };
    if !diagnostics.is_empty() {
        let summary = Summary::new(diagnostics, loaded.registry.probe_count());
        let choice = args.color.choice(io::stderr().is_terminal());
        // Buffered: a large report in one write, not one system call per line.
        let mut err = BufferedStandardStream::stderr(choice);
        let written = render::human(&mut err, &loaded.sources, diagnostics)
            .and_then(|()| render::human_summary(&mut err, &summary))
            .and_then(|()| err.flush());
        if let Err(error) = written {
            if error.kind() != io::ErrorKind::BrokenPipe {
                return Err(CliError::Output(error));
            }
        }
    }
    let Ok(code) = result else {
        return Ok(ExitCode::from(1));
    };
    if args.out.as_os_str() == "-" {
        let mut out = io::stdout().lock();
        match out.write_all(code.as_bytes()).and_then(|()| out.flush()) {
            Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
                return Err(CliError::Output(error));
            }
            _ => {}
        }
    } else {
        telemetry_registry::builder::write_if_changed(&args.out, code.as_bytes())
            .map_err(|e| CliError::Output(io::Error::other(e.to_string())))?;
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::{Cli, Command};
    use clap::Parser;

    #[test]
    fn generate_needs_an_output_and_a_valid_version() {
        assert!(Cli::try_parse_from(["telemetry-lint", "generate", "defs"]).is_err());
        let bad = [
            "telemetry-lint",
            "generate",
            "d",
            "--out",
            "p.rs",
            "--current-version",
            "x",
        ];
        assert_eq!(Cli::try_parse_from(bad).unwrap_err().exit_code(), 2);
        let cli = Cli::try_parse_from([
            "telemetry-lint",
            "generate",
            "defs",
            "--out",
            "probes.rs",
            "--current-version",
            "130.0a1",
        ])
        .unwrap();
        let Command::Generate(args) = cli.command else {
            panic!("not generate")
        };
        assert_eq!(args.out, PathBuf::from("probes.rs"));
        assert_eq!(args.current_version.map(|v| v.major()), Some(130));
        assert!(!args.compact);
    }
}
