//! The subcommands. Each one loads with the library, renders with the library, and returns the
//! exit status; nothing here checks a definition itself.
//!
//! Streams: `check` writes its report (every format) to stdout; `resolve` writes the JSON to
//! stdout and any diagnostics (human format) to stderr; `explain` and `rules` write to stdout.
//! Usage and I/O errors go to stderr as one line (see `main`).

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use telemetry_registry::diff::{DiffOptions, ProbeType};
use telemetry_registry::load::{InputKind, Options};
use telemetry_registry::policy::{self, Baseline, Config, Policy};
use telemetry_registry::render::{self, BufferedStandardStream, Format, Summary};
use telemetry_registry::rules::{self, Rule};
use telemetry_registry::{Diagnostic, Generation, Loaded, SourceMap, load, load_sources, resolve};

use crate::args::{CheckArgs, DiffArgs, OutputArgs, ResolveArgs, ResolveFormat, RulesFormat};
use crate::error::CliError;
use crate::inputs;
use crate::sides::{self, Side};

/// Exit status 1: the definitions have errors (or warnings under `--deny-warnings`).
const FAILED: u8 = 1;

pub(crate) fn load_inputs(args: &crate::args::InputArgs) -> Result<Loaded, CliError> {
    let inputs = inputs::collect(args)?;
    // Only the config's `rules` matters here; its other problems are `check`'s to report.
    let config_generation = match args.generation {
        Some(_) => None,
        None => policy::discover_config(&inputs)
            .and_then(|path| Config::read(&path).ok())
            .and_then(|config| config.generation),
    };
    Ok(load(&inputs, &inputs::options(args, config_generation))?)
}

/// A closed pipe (`telemetry-lint check | head`) is not an error worth reporting.
fn ignore_broken_pipe(result: io::Result<()>) -> Result<(), CliError> {
    match result {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

pub fn check(args: &CheckArgs) -> Result<ExitCode, CliError> {
    let inputs = inputs::collect(&args.input)?;
    let policy = if args.firefox_only {
        None
    } else {
        let mut policy = match &args.config {
            Some(path) => Policy {
                config: Some(Config::read(path)?),
                ..Policy::default()
            },
            None => Policy::discover(&inputs)?,
        };
        policy.current_version = args.current_version;
        if let (Some(path), false) = (&args.baseline, args.write_baseline) {
            policy.baseline = Some(read_baseline(path)?);
        }
        Some(policy)
    };
    let options = inputs::options(&args.input, policy.as_ref().and_then(Policy::generation));
    let mut loaded = telemetry_registry::check(&inputs, &options, policy.as_ref())?;
    if let (true, Some(path)) = (args.write_baseline, &args.baseline) {
        let baseline = Baseline::record(&loaded.diagnostics.items, &loaded.registry);
        std::fs::write(path, baseline.to_json()).map_err(|error| CliError::Baseline {
            path: path.clone(),
            message: format!("cannot write it: {error}"),
        })?;
        loaded.policy.baselined = baseline.apply(&mut loaded.diagnostics);
        eprintln!(
            "telemetry-lint: recorded {} in {}",
            plural(baseline.findings.len(), "finding", "findings"),
            path.display()
        );
    }

    let summary = Summary::of(&loaded);
    let diagnostics = &loaded.diagnostics.items;
    let code = if args.statistics {
        statistics_report(&args.output, diagnostics, &summary)?
    } else if args.output.format == Format::Json {
        // The JSON document also counts what policy hid.
        let text = render::JsonReport::new(&loaded.sources, diagnostics, &summary)
            .with_hidden(render::Hidden {
                suppressed: loaded.policy.suppressed,
                baselined: loaded.policy.baselined,
            })
            .to_pretty_string();
        ignore_broken_pipe(write_stdout(&text))?;
        exit_code(&args.output, &summary)
    } else {
        let code = report(
            &args.output,
            "telemetry-lint",
            &loaded.sources,
            diagnostics,
            &summary,
        )?;
        if args.output.format == Format::Human {
            if let Some(note) = hidden_note(&loaded.policy) {
                ignore_broken_pipe(write_stdout(&format!("{note}\n")))?;
            }
        }
        code
    };
    // The process ends right after this: freeing the whole model and every source text one
    // allocation at a time would only delay the exit (about 3% of a large check).
    std::mem::forget(loaded);
    Ok(if args.exit_zero {
        ExitCode::SUCCESS
    } else {
        code
    })
}

fn exit_code(output: &OutputArgs, summary: &Summary) -> ExitCode {
    if summary.errors > 0 || (output.deny_warnings && summary.warnings > 0) {
        ExitCode::from(FAILED)
    } else {
        ExitCode::SUCCESS
    }
}

/// `--statistics`: one line per rule (or, with `--format json`, a `statistics` list), then the
/// summary.
fn statistics_report(
    output: &OutputArgs,
    diagnostics: &[Diagnostic],
    summary: &Summary,
) -> Result<ExitCode, CliError> {
    let written = match output.format {
        Format::Json => {
            let document = serde_json::json!({
                "statistics": statistics_json(diagnostics),
                "summary": {
                    "errors": summary.errors,
                    "warnings": summary.warnings,
                    "notes": summary.notes,
                    "probes": summary.probes,
                },
            });
            let mut text =
                serde_json::to_string_pretty(&document).unwrap_or_else(|_| document.to_string());
            text.push('\n');
            write_stdout(&text)
        }
        Format::Human => {
            let choice = output.color.choice(io::stdout().is_terminal());
            // Buffered: a large report in one write, not one system call per line.
            let mut out = BufferedStandardStream::stdout(choice);
            out.write_all(statistics_table(diagnostics).as_bytes())
                .and_then(|()| render::human_summary(&mut out, summary))
                .and_then(|()| out.flush())
        }
        _ => write_stdout(&format!(
            "{}{}\n",
            statistics_table(diagnostics),
            summary.line()
        )),
    };
    ignore_broken_pipe(written)?;
    Ok(exit_code(output, summary))
}

fn read_baseline(path: &Path) -> Result<Baseline, CliError> {
    let text = std::fs::read_to_string(path).map_err(|error| CliError::Baseline {
        path: path.to_path_buf(),
        message: if error.kind() == io::ErrorKind::NotFound {
            "no such file (create it with --write-baseline)".to_string()
        } else {
            format!("cannot read it: {error}")
        },
    })?;
    Baseline::from_json(&text).map_err(|message| CliError::Baseline {
        path: path.to_path_buf(),
        message,
    })
}

/// `note: hidden: 3 findings by the baseline, 1 finding by suppressions`, when anything was
/// hidden.
fn hidden_note(outcome: &telemetry_registry::policy::Outcome) -> Option<String> {
    let mut parts = Vec::new();
    if outcome.baselined > 0 {
        parts.push(format!(
            "{} by the baseline",
            plural(outcome.baselined, "finding", "findings")
        ));
    }
    if outcome.suppressed > 0 {
        parts.push(format!(
            "{} by suppressions",
            plural(outcome.suppressed, "finding", "findings")
        ));
    }
    if parts.is_empty() {
        return None;
    }
    Some(format!("note: hidden: {}", parts.join(", ")))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Findings per rule and severity, most frequent first.
fn statistics(diagnostics: &[Diagnostic]) -> Vec<(usize, &'static str, &'static str)> {
    let mut counts: BTreeMap<(&'static str, &'static str), usize> = BTreeMap::new();
    for d in diagnostics {
        *counts.entry((d.rule.id, d.severity.as_str())).or_default() += 1;
    }
    let mut rows: Vec<_> = counts
        .into_iter()
        .map(|((rule, severity), n)| (n, rule, severity))
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)).then(a.2.cmp(b.2)));
    rows
}

fn statistics_table(diagnostics: &[Diagnostic]) -> String {
    let rows = statistics(diagnostics);
    let count_width = rows
        .iter()
        .map(|r| r.0.to_string().len())
        .max()
        .unwrap_or(1);
    let rule_width = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
    let mut text = String::new();
    for (n, rule, severity) in rows {
        let summary = rules::find(rule).map_or("", |r| r.summary);
        text.push_str(&format!(
            "{n:>count_width$}  {rule:rule_width$}  {severity:7}  {summary}\n"
        ));
    }
    text
}

fn statistics_json(diagnostics: &[Diagnostic]) -> serde_json::Value {
    statistics(diagnostics)
        .into_iter()
        .map(|(count, rule, severity)| {
            serde_json::json!({"rule": rule, "severity": severity, "count": count})
        })
        .collect()
}

/// Writes a report in the chosen format to stdout and returns the exit status.
fn report(
    output: &OutputArgs,
    title: &str,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    summary: &Summary,
) -> Result<ExitCode, CliError> {
    let written = match output.format {
        Format::Human => {
            let choice = output.color.choice(io::stdout().is_terminal());
            // Buffered: a large report in one write, not one system call per line.
            let mut out = BufferedStandardStream::stdout(choice);
            render::human(&mut out, sources, diagnostics)
                .and_then(|()| render::human_summary(&mut out, summary))
                .and_then(|()| out.flush())
        }
        format => {
            let root = match &output.root {
                Some(root) => root.clone(),
                None => std::env::current_dir()?,
            };
            let defaults = render::Options::default();
            let options = render::Options {
                root: Some(root),
                title: title.to_string(),
                help_uri: output.help_uri.clone().unwrap_or(defaults.help_uri),
            };
            write_stdout(&render::render(
                format,
                sources,
                diagnostics,
                summary,
                &options,
            ))
        }
    };
    ignore_broken_pipe(written)?;
    Ok(exit_code(output, summary))
}

/// Loads one side of a diff; files read from git are renamed `REF:PATH`.
// `..Options::default()` keeps this compiling when the options grow.
#[allow(clippy::needless_update)]
fn load_side(
    arg: &str,
    generation: Generation,
    strict: bool,
) -> Result<(Loaded, Vec<InputKind>), CliError> {
    let side = Side::parse(arg);
    let files = sides::read(&side)?;
    let kinds: Vec<InputKind> = files.texts.iter().map(|t| t.kind).collect();
    let mut loaded = load_sources(
        files.texts,
        &Options {
            generation,
            strict,
            ..Options::default()
        },
    );
    if matches!(side, Side::Git { .. }) {
        for (i, name) in files.names.into_iter().enumerate() {
            let id = telemetry_registry::FileId(u32::try_from(i).unwrap_or(u32::MAX));
            if let Some(file) = loaded.sources.get_mut(id) {
                file.name = name;
            }
        }
    }
    Ok((loaded, kinds))
}

/// A side's diagnostics that mean a file could not be read as definitions at all.
fn unparsed(loaded: &Loaded) -> Vec<&Diagnostic> {
    loaded
        .diagnostics
        .items
        .iter()
        .filter(|d| {
            [
                &rules::FILE_SYNTAX,
                &rules::FILE_INVALID_UTF8,
                &rules::FILE_TOP_LEVEL,
            ]
            .iter()
            .any(|r| std::ptr::eq(*r, d.rule))
        })
        .collect()
}

fn probe_type(kind: InputKind) -> Option<ProbeType> {
    match kind {
        InputKind::Histograms => Some(ProbeType::Histogram),
        InputKind::Scalars => Some(ProbeType::Scalar),
        InputKind::Events => Some(ProbeType::Event),
        InputKind::Allowlist | InputKind::Processes => None,
    }
}

pub fn diff(args: &DiffArgs) -> Result<ExitCode, CliError> {
    let generation = args.generation.unwrap_or_default();
    let strict = !args.non_strict;
    // The two sides load in parallel (each is a whole check run).
    let (base, head) = std::thread::scope(|scope| {
        let base =
            scope.spawn(|| load_side(&args.base, args.base_rules.unwrap_or(generation), strict));
        let head = load_side(&args.head, args.head_rules.unwrap_or(generation), strict);
        let base = base.join().unwrap_or_else(|_| {
            Err(CliError::Git(
                "internal error: loading BASE panicked".into(),
            ))
        });
        (base, head)
    });
    let (mut base, base_kinds) = base?;
    let (mut head, head_kinds) = head?;

    let mut options = DiffOptions::default();
    // The `[diff]` table of the config found beside HEAD (on disk), then `--severity`.
    let config_severities = match Side::parse(&args.head) {
        Side::Path(path) => telemetry_registry::Inputs::discover(&[path])
            .ok()
            .and_then(|inputs| policy::discover_config(&inputs))
            .and_then(|path| Config::read(&path).ok())
            .map(|config| config.diff_severities)
            .unwrap_or_default(),
        Side::Git { .. } => Vec::new(),
    };
    for (class, level) in config_severities.iter().chain(&args.severities) {
        match level {
            Some(severity) => {
                options.severities.insert(class.clone(), *severity);
                options.disabled.remove(class);
            }
            None => {
                options.disabled.insert(class.clone());
            }
        }
    }
    // A probe type whose file does not parse on either side is not compared (everything in it
    // would look removed or added); the parse errors are reported instead.
    let mut broken = Vec::new();
    for (loaded, kinds, is_head) in [(&base, &base_kinds, false), (&head, &head_kinds, true)] {
        for diagnostic in unparsed(loaded) {
            if let Some(span) = diagnostic.span {
                let kind = kinds.get(span.file.0 as usize).copied();
                if let Some(probe_type) = kind.and_then(probe_type) {
                    options.skip.insert(probe_type);
                }
            }
            broken.push((diagnostic.clone(), is_head));
        }
    }
    let report = telemetry_registry::diff::diff_moving_sources(&mut base, &mut head, &options);
    let mut diagnostics = report.diagnostics();
    for (mut diagnostic, is_head) in broken {
        if is_head {
            diagnostic.span = diagnostic.span.map(|s| report.head_span(s));
            for label in &mut diagnostic.labels {
                label.span = report.head_span(label.span);
            }
        }
        diagnostics.push(diagnostic);
    }
    let summary = Summary::new(&diagnostics, report.probes);
    let status = report_diff(args, &report.sources, &diagnostics, &summary);
    // The process ends next: freeing two whole runs' trees one allocation at a time would only
    // cost time.
    std::mem::forget((base, head, report, diagnostics));
    status
}

fn report_diff(
    args: &DiffArgs,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    summary: &Summary,
) -> Result<ExitCode, CliError> {
    report(
        &args.output,
        "telemetry-lint diff",
        sources,
        diagnostics,
        summary,
    )
}

pub fn resolve(args: &ResolveArgs) -> Result<ExitCode, CliError> {
    let loaded = load_inputs(&args.input)?;
    let summary = Summary::of(&loaded);
    if !loaded.diagnostics.items.is_empty() {
        let choice = args.color.choice(io::stderr().is_terminal());
        // Buffered: a large report in one write, not one system call per line.
        let mut err = BufferedStandardStream::stderr(choice);
        ignore_broken_pipe(
            render::human(&mut err, &loaded.sources, &loaded.diagnostics.items)
                .and_then(|()| render::human_summary(&mut err, &summary))
                .and_then(|()| err.flush()),
        )?;
    }
    let text = match args.format {
        ResolveFormat::Json => resolve::to_string_pretty(&loaded.registry, &loaded.sources),
    };
    ignore_broken_pipe(write_stdout(&text))?;
    Ok(if summary.errors > 0 {
        ExitCode::from(FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn explain(id: &str) -> Result<ExitCode, CliError> {
    let rule = rules::find(id).ok_or_else(|| CliError::UnknownRule {
        id: id.to_string(),
        suggestions: suggestions(id),
    })?;
    ignore_broken_pipe(write_stdout(&explanation(rule)))?;
    Ok(ExitCode::SUCCESS)
}

pub fn list_rules(format: RulesFormat) -> Result<ExitCode, CliError> {
    let all: Vec<&Rule> = rules::all().collect();
    let text = match format {
        RulesFormat::Text => {
            let width = all.iter().map(|r| r.id.len()).max().unwrap_or(0);
            let mut text = String::new();
            for rule in all {
                text.push_str(&format!(
                    "{:width$}  {:7}  {}\n",
                    rule.id,
                    rule.severity.as_str(),
                    rule.summary,
                ));
            }
            text
        }
        RulesFormat::Markdown => rules::reference::markdown(),
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = all
                .iter()
                .map(|rule| {
                    serde_json::json!({
                        "id": rule.id,
                        "severity": rule.severity.as_str(),
                        "policy": rules::is_policy(rule),
                        "firefox": rule.firefox.as_str(),
                        "summary": rule.summary,
                        "explanation": rule.explanation,
                        "help": rule.help,
                    })
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&list).unwrap_or_default();
            text.push('\n');
            text
        }
    };
    ignore_broken_pipe(write_stdout(&text))?;
    Ok(ExitCode::SUCCESS)
}

fn write_stdout(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// The text of `explain RULE`.
fn explanation(rule: &Rule) -> String {
    let mut text = format!("{}: {}\n\n", rule.id, rule.summary);
    text.push_str(&format!("  severity: {}\n", rule.severity.as_str()));
    if rules::is_policy(rule) {
        text.push_str(
            "  policy:   team policy; a warning when there is no telemetry-lint.toml, and its \
             [levels] can change it\n",
        );
    }
    text.push_str(&format!(
        "  Firefox:  {} — {}\n\n",
        rule.firefox.as_str(),
        render::verdict_description(rule.firefox)
    ));
    text.push_str(&wrap(rule.explanation, 92));
    if let Some(help) = rule.help {
        text.push_str(&format!("\nhelp: {help}\n"));
    }
    text
}

/// Rule ids close to an unknown one: sharing its name part or containing what was typed.
fn suggestions(id: &str) -> Vec<&'static str> {
    let wanted = id.trim().to_ascii_lowercase();
    if wanted.is_empty() {
        return Vec::new();
    }
    let name = wanted.rsplit('/').next().unwrap_or(&wanted);
    rules::all()
        .map(|r| r.id)
        .filter(|candidate| {
            candidate.contains(wanted.as_str())
                || (!name.is_empty() && candidate.rsplit('/').next() == Some(name))
        })
        .take(5)
        .collect()
}

/// Greedy word wrap at `width` columns (characters).
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width {
            out.push('\n');
            line_len = 0;
        }
        if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_between_words() {
        assert_eq!(wrap("aa bb cc", 5), "aa bb\ncc\n");
        assert_eq!(wrap("a-very-long-word x", 4), "a-very-long-word\nx\n");
    }

    #[test]
    fn suggestions_find_the_same_name_in_another_family() {
        assert_eq!(suggestions("json/syntax"), ["file/syntax"]);
        assert!(suggestions("syntax").contains(&"file/syntax"));
        assert!(suggestions("").is_empty());
    }

    #[test]
    fn policy_rules_say_so() {
        let text = explanation(&rules::DATA_REVIEW_MISSING);
        assert!(text.contains("policy:"), "{text}");
        assert!(!explanation(&rules::FILE_SYNTAX).contains("policy:"));
    }

    #[test]
    fn explanation_has_summary_verdict_and_help() {
        let text = explanation(&rules::FILE_SYNTAX);
        assert!(text.starts_with("file/syntax: "));
        assert!(text.contains("Firefox:  fatal"));
        assert!(text.contains("help: fix the syntax"));
    }
}
