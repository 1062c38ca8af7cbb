//! The command line, as clap sees it. No behaviour here: [`crate::commands`] runs it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use telemetry_registry::Generation;
use telemetry_registry::render::{ColorChoice, Format};

const AFTER_HELP: &str = "\
Exit status:
  0  no errors (warnings allowed unless --deny-warnings)
  1  errors found in the definitions
  2  usage or I/O error (a missing or unreadable file, no inputs, an unknown rule)";

#[derive(Debug, Parser)]
#[command(
    name = "telemetry-lint",
    version,
    about = "Check, resolve and explain Firefox telemetry probe definitions \
             (Histograms.json, Scalars.yaml, Events.yaml)",
    after_help = AFTER_HELP,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate and lint definition files exactly as Firefox's build does, and more.
    #[command(after_help = AFTER_HELP)]
    Check(CheckArgs),
    /// Print the resolved registry (derived parameters, bucket layouts, defaults) as JSON.
    #[command(after_help = AFTER_HELP)]
    Resolve(ResolveArgs),
    /// Explain what a rule checks, why, and how to fix it.
    Explain {
        /// A rule id, such as `file/syntax` (see `telemetry-lint rules`).
        rule: String,
    },
    /// List every rule with a one-line summary.
    Rules,
}

/// Where the definitions come from, and which rules apply.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Definition files or directories. A directory is searched for Histograms.json,
    /// Scalars.yaml, Events.yaml, histogram-allowlists.json (or histogram-whitelists.json)
    /// and Processes.yaml. Default: `.` when no file option is given either.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// A histogram definition file of any name (repeatable).
    #[arg(long, value_name = "FILE")]
    pub histograms: Vec<PathBuf>,

    /// A scalar definition file of any name (repeatable).
    #[arg(long, value_name = "FILE")]
    pub scalars: Vec<PathBuf>,

    /// An event definition file of any name (repeatable).
    #[arg(long, value_name = "FILE")]
    pub events: Vec<PathBuf>,

    /// The histogram allowlist file (overrides one found in a directory).
    #[arg(long, value_name = "FILE")]
    pub allowlist: Option<PathBuf>,

    /// A Processes.yaml file (overrides one found in a directory).
    #[arg(long, value_name = "FILE")]
    pub processes: Option<PathBuf>,

    /// The Firefox generation whose rules apply: esr140 (the default), 2020 or 2017. Default:
    /// the config's `rules`, else esr140.
    #[arg(long = "rules", value_name = "GENERATION", value_parser = parse_generation)]
    pub generation: Option<Generation>,

    /// Firefox's non-strict (pipeline) mode for historical files: most checks are skipped.
    #[arg(long)]
    pub non_strict: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format. `human` and `concise` are for people and editors, `json` for machines.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,

    /// Exit with status 1 when there are warnings, too.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Exit with status 0 even when there are errors (usage and I/O errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// Print how many findings each rule has instead of every finding.
    #[arg(long)]
    pub statistics: bool,

    /// When to colour human output.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// The team policy file. Default: `telemetry-lint.toml` in the definitions' directory or
    /// the nearest directory above it.
    #[arg(long, value_name = "FILE", conflicts_with = "firefox_only")]
    pub config: Option<PathBuf>,

    /// The app version expiry is judged against (e.g. 140, 140.0a1). Default: the config's
    /// `current_version`; without either, the expiry rules that need it do not run.
    #[arg(long, value_name = "V", value_parser = parse_version, conflicts_with = "firefox_only")]
    pub current_version: Option<u64>,

    /// Only what Firefox's own build enforces (the conformance mode): no policy, no config.
    #[arg(long)]
    pub firefox_only: bool,

    /// Hide the findings recorded in this baseline file, so that only new ones are reported.
    #[arg(long, value_name = "FILE", conflicts_with = "firefox_only")]
    pub baseline: Option<PathBuf>,

    /// Record today's findings in the --baseline file (created or replaced), then report as
    /// with that baseline.
    #[arg(long, requires = "baseline")]
    pub write_baseline: bool,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ResolveFormat::Json)]
    pub format: ResolveFormat,

    /// When to colour the diagnostics printed on stderr.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Concise,
    Json,
}

impl From<CheckFormat> for Format {
    fn from(format: CheckFormat) -> Format {
        match format {
            CheckFormat::Human => Format::Human,
            CheckFormat::Concise => Format::Concise,
            CheckFormat::Json => Format::Json,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ResolveFormat {
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

impl ColorArg {
    /// The colour choice for a stream; `auto` colours only a terminal, and honours `NO_COLOR`
    /// and `TERM=dumb` (through termcolor).
    pub fn choice(self, is_terminal: bool) -> ColorChoice {
        match self {
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
            ColorArg::Auto if is_terminal => ColorChoice::Auto,
            ColorArg::Auto => ColorChoice::Never,
        }
    }
}

fn parse_version(text: &str) -> Result<u64, String> {
    telemetry_registry::policy::parse_major_version(text)
        .ok_or_else(|| format!("`{text}` is not a version (expected e.g. 140, 140.0 or 140.0a1)"))
}

fn parse_generation(name: &str) -> Result<Generation, String> {
    Generation::parse(name).ok_or_else(|| {
        let known: Vec<_> = Generation::ALL.iter().map(|g| g.name()).collect();
        format!(
            "unknown rules generation `{name}` (expected one of: {})",
            known.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn check_defaults() {
        let cli = Cli::try_parse_from(["telemetry-lint", "check"]).unwrap();
        let Command::Check(args) = cli.command else {
            panic!("not check")
        };
        assert!(args.input.paths.is_empty());
        assert_eq!(args.input.generation, None);
        assert!(!args.firefox_only && !args.exit_zero && !args.statistics);
        assert_eq!(args.current_version, None);
        assert!(!args.input.non_strict);
        assert_eq!(args.format, CheckFormat::Human);
        assert_eq!(args.color, ColorArg::Auto);
    }

    #[test]
    fn repeatable_file_options_and_generations() {
        let cli = Cli::try_parse_from([
            "telemetry-lint",
            "check",
            "--histograms",
            "a.json",
            "--histograms",
            "b.json",
            "--rules",
            "2017",
            "--format",
            "json",
            "dir",
        ])
        .unwrap();
        let Command::Check(args) = cli.command else {
            panic!("not check")
        };
        assert_eq!(args.input.histograms.len(), 2);
        assert_eq!(args.input.paths, [PathBuf::from("dir")]);
        assert_eq!(args.input.generation, Some(Generation::Legacy2017));
        assert_eq!(args.format, CheckFormat::Json);
    }

    #[test]
    fn unknown_generation_is_a_usage_error() {
        let error =
            Cli::try_parse_from(["telemetry-lint", "check", "--rules", "1999"]).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        assert!(error.to_string().contains("unknown rules generation"));
    }

    #[test]
    fn policy_options() {
        let cli = Cli::try_parse_from([
            "telemetry-lint",
            "check",
            "--current-version",
            "140.0a1",
            "--baseline",
            "b.json",
            "--write-baseline",
            "--config",
            "c.toml",
        ])
        .unwrap();
        let Command::Check(args) = cli.command else {
            panic!("not check")
        };
        assert_eq!(args.current_version, Some(140));
        assert!(args.write_baseline);
        for bad in [
            &["--current-version", "soon"][..],
            &["--write-baseline"],
            &["--firefox-only", "--config", "c.toml"],
        ] {
            let error =
                Cli::try_parse_from(["telemetry-lint", "check"].iter().chain(bad)).unwrap_err();
            assert_eq!(error.exit_code(), 2, "{bad:?}");
        }
    }

    #[test]
    fn colour_auto_needs_a_terminal() {
        assert_eq!(ColorArg::Auto.choice(false), ColorChoice::Never);
        assert_eq!(ColorArg::Auto.choice(true), ColorChoice::Auto);
        assert_eq!(ColorArg::Always.choice(false), ColorChoice::Always);
        assert_eq!(ColorArg::Never.choice(true), ColorChoice::Never);
    }
}
