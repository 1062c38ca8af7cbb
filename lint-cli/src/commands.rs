//! The subcommands. Each one loads with the library, renders with the library, and returns the
//! exit status; nothing here checks a definition itself.
//!
//! Streams: `check` writes its report (every format) to stdout; `resolve` writes the JSON to
//! stdout and any diagnostics (human format) to stderr; `explain` and `rules` write to stdout.
//! Usage and I/O errors go to stderr as one line (see `main`).

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use telemetry_registry::render::{self, Format, StandardStream, Summary};
use telemetry_registry::rules::{self, Rule};
use telemetry_registry::{Loaded, load, resolve};

use crate::args::{CheckArgs, ResolveArgs, ResolveFormat};
use crate::error::CliError;
use crate::inputs;

/// Exit status 1: the definitions have errors (or warnings under `--deny-warnings`).
const FAILED: u8 = 1;

fn load_inputs(args: &crate::args::InputArgs) -> Result<Loaded, CliError> {
    let inputs = inputs::collect(args)?;
    Ok(load(&inputs, &inputs::options(args))?)
}

/// A closed pipe (`telemetry-lint check | head`) is not an error worth reporting.
fn ignore_broken_pipe(result: io::Result<()>) -> Result<(), CliError> {
    match result {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

pub fn check(args: &CheckArgs) -> Result<ExitCode, CliError> {
    let loaded = load_inputs(&args.input)?;
    let summary = Summary::of(&loaded);
    let diagnostics = &loaded.diagnostics.items;
    let written = match Format::from(args.format) {
        Format::Human => {
            let choice = args.color.choice(io::stdout().is_terminal());
            let stream = StandardStream::stdout(choice);
            let mut out = stream.lock();
            render::human(&mut out, &loaded.sources, diagnostics)
                .and_then(|()| render::human_summary(&mut out, &summary))
                .and_then(|()| out.flush())
        }
        Format::Concise => write_stdout(&render::concise(&loaded.sources, diagnostics)),
        Format::Json => write_stdout(&render::json(&loaded.sources, diagnostics, &summary)),
    };
    ignore_broken_pipe(written)?;
    let failed = summary.errors > 0 || (args.deny_warnings && summary.warnings > 0);
    Ok(if failed {
        ExitCode::from(FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn resolve(args: &ResolveArgs) -> Result<ExitCode, CliError> {
    let loaded = load_inputs(&args.input)?;
    let summary = Summary::of(&loaded);
    if !loaded.diagnostics.items.is_empty() {
        let choice = args.color.choice(io::stderr().is_terminal());
        let stream = StandardStream::stderr(choice);
        let mut err = stream.lock();
        ignore_broken_pipe(
            render::human(&mut err, &loaded.sources, &loaded.diagnostics.items)
                .and_then(|()| render::human_summary(&mut err, &summary)),
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

pub fn list_rules() -> Result<ExitCode, CliError> {
    let all: Vec<&Rule> = rules::all().collect();
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
    fn explanation_has_summary_verdict_and_help() {
        let text = explanation(&rules::FILE_SYNTAX);
        assert!(text.starts_with("file/syntax: "));
        assert!(text.contains("Firefox:  fatal"));
        assert!(text.contains("help: fix the syntax"));
    }
}
