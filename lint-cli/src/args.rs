//! The command line, as clap sees it. No behaviour here: [`crate::commands`] runs it.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use telemetry_registry::render::{ColorChoice, Format};
use telemetry_registry::{Generation, Severity};

const AFTER_HELP: &str = "\
Exit status:
  0  no errors (warnings allowed unless --deny-warnings)
  1  errors found in the definitions
  2  usage or I/O error (a missing or unreadable file, no inputs, an unknown rule)";

const DIFF_AFTER_HELP: &str = "\
BASE and HEAD are definition directories or files. Inside a git repository, REF:PATH reads
PATH (a directory or a file, relative to the repository root; ./PATH relative to the current
directory) as it is at revision REF, e.g. `telemetry-lint diff origin/main:definitions definitions`.

Exit status:
  0  no breaking change (errors), and no warnings under --deny-warnings
  1  breaking changes found
  2  usage or I/O error (a missing path, an unknown revision, files that do not parse)";

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
    /// Write the Rust module that `build.rs` (telemetry_registry::Builder) would generate.
    #[command(after_help = AFTER_HELP)]
    Generate(crate::generate::GenerateArgs),
    /// Write documentation for every probe: Markdown pages and a static, searchable site.
    #[command(after_help = AFTER_HELP)]
    Docs(crate::docs::DocsArgs),
    /// Explain what a rule checks, why, and how to fix it.
    Explain {
        /// A rule id, such as `file/syntax` (see `telemetry-lint rules`).
        rule: String,
    },
    /// Classify the changes between two definition sets; breaking ones are errors.
    #[command(after_help = DIFF_AFTER_HELP)]
    Diff(DiffArgs),
    /// List every rule with a one-line summary (or the whole reference).
    Rules(RulesArgs),
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// `text`: one line per rule; `markdown`: the whole reference (what `docs/rules.md` holds,
    /// where `--help-uri` links by default); `json`: every field of every rule.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Markdown,
    Json,
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

/// How a report is written.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format: `human` and `concise` for people and editors, `json` for machines,
    /// `sarif` for GitHub code scanning, `github` for workflow annotations, `gitlab` for a
    /// Code Quality report, `junit` for test reports, `markdown` for a pull-request comment.
    #[arg(long, value_parser = format_parser(), default_value = Format::default().as_str())]
    pub format: Format,

    /// Exit with status 1 when there are warnings, too.
    #[arg(long)]
    pub deny_warnings: bool,

    /// When to colour human output.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// The repository root: SARIF, GitHub, GitLab, JUnit and Markdown output name files
    /// relative to it. Default: the current directory.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Where rule documentation lives, for SARIF `helpUri` and Markdown links: `{id}` becomes
    /// the rule id, `{anchor}` the id with `/` replaced by `-`. Default: the rule reference
    /// (`docs/rules.md`) of this project's repository.
    #[arg(long, value_name = "TEMPLATE")]
    pub help_uri: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Exit with status 0 even when there are errors (usage and I/O errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// Print how many findings each rule has instead of every finding.
    #[arg(long)]
    pub statistics: bool,

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
pub struct DiffArgs {
    /// The old definitions: a directory, a file, or REF:PATH (a git revision).
    #[arg(value_name = "BASE")]
    pub base: String,

    /// The new definitions: a directory, a file, or REF:PATH (a git revision).
    #[arg(value_name = "HEAD")]
    pub head: String,

    /// The Firefox generation whose rules load both sides (default esr140).
    #[arg(long = "rules", value_name = "GENERATION", value_parser = parse_generation)]
    pub generation: Option<Generation>,

    /// The generation for BASE (overrides --rules).
    #[arg(long, value_name = "GENERATION", value_parser = parse_generation)]
    pub base_rules: Option<Generation>,

    /// The generation for HEAD (overrides --rules).
    #[arg(long, value_name = "GENERATION", value_parser = parse_generation)]
    pub head_rules: Option<Generation>,

    /// Load both sides in Firefox's non-strict (pipeline) mode.
    #[arg(long)]
    pub non_strict: bool,

    /// Change the severity of a change class: `diff/removed=warning`, `diff/added=off`
    /// (error, warning, note or off; repeatable).
    #[arg(long = "severity", value_name = "CLASS=LEVEL", value_parser = parse_severity)]
    pub severities: Vec<(String, Option<Severity>)>,

    #[command(flatten)]
    pub output: OutputArgs,
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

/// `--format` takes the library's [`Format`]s by their [`Format::as_str`] names: the library
/// stays free of clap, and there is one list of formats.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(Format::ALL.map(Format::as_str))
        .try_map(|name| Format::parse(&name).ok_or("not a format"))
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

/// `CLASS=LEVEL`, LEVEL one of error, warning, note, off (`None`).
fn parse_severity(text: &str) -> Result<(String, Option<Severity>), String> {
    let (class, level) = text
        .split_once('=')
        .ok_or_else(|| format!("expected CLASS=LEVEL, got `{text}`"))?;
    let class = class.trim();
    if !telemetry_registry::rules::diff_rules().any(|r| r.id == class) {
        let known: Vec<_> = telemetry_registry::rules::diff_rules()
            .map(|r| r.id)
            .collect();
        return Err(format!(
            "unknown change class `{class}` (expected one of: {})",
            known.join(", ")
        ));
    }
    let level = match level.trim() {
        "off" => None,
        other => Some(Severity::parse(other).ok_or_else(|| {
            format!("unknown level `{other}` (expected error, warning, note or off)")
        })?),
    };
    Ok((class.to_string(), level))
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
        assert_eq!(args.output.format, Format::Human);
        assert_eq!(args.output.color, ColorArg::Auto);
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
        assert_eq!(args.output.format, Format::Json);
    }

    #[test]
    fn unknown_generation_is_a_usage_error() {
        let error =
            Cli::try_parse_from(["telemetry-lint", "check", "--rules", "1999"]).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        assert!(error.to_string().contains("unknown rules generation"));
    }

    #[test]
    fn diff_sides_generations_and_severities() {
        let cli = Cli::try_parse_from([
            "telemetry-lint",
            "diff",
            "main:definitions",
            "definitions",
            "--base-rules",
            "2017",
            "--head-rules",
            "2020",
            "--severity",
            "diff/added=off",
            "--severity",
            "diff/removed=warning",
            "--format",
            "sarif",
        ])
        .unwrap();
        let Command::Diff(args) = cli.command else {
            panic!("not diff")
        };
        assert_eq!(args.base, "main:definitions");
        assert_eq!(args.base_rules, Some(Generation::Legacy2017));
        assert_eq!(args.head_rules, Some(Generation::Firefox76));
        assert_eq!(
            args.severities,
            [
                ("diff/added".to_string(), None),
                ("diff/removed".to_string(), Some(Severity::Warning))
            ]
        );
        assert_eq!(args.output.format, Format::Sarif);
        for bad in ["diff/nope=error", "diff/added=loud", "diff/added"] {
            let error =
                Cli::try_parse_from(["telemetry-lint", "diff", "a", "b", "--severity", bad])
                    .unwrap_err();
            assert_eq!(error.exit_code(), 2, "{bad}");
        }
    }

    #[test]
    fn every_format_has_a_command_line_name() {
        for format in Format::ALL {
            let cli = Cli::try_parse_from(["telemetry-lint", "check", "--format", format.as_str()])
                .unwrap();
            let Command::Check(args) = cli.command else {
                panic!("not check")
            };
            assert_eq!(args.output.format, format);
        }
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
