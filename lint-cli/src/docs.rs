//! `telemetry-lint docs`: the Markdown pages and the static docs site.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use telemetry_registry::docs::{self, DocsOptions};
use telemetry_registry::render::{self, BufferedStandardStream, Summary};

use crate::args::{ColorArg, InputArgs};
use crate::error::CliError;

#[derive(Debug, Args)]
pub struct DocsArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// The output directory (created if needed). Only files whose bytes change are rewritten;
    /// pages of probes that no longer exist are removed.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// The Firefox version expiry is measured against (`140`, `140.0a1`): marks probes as
    /// expired or expiring.
    #[arg(long, value_name = "VERSION", value_parser = parse_version)]
    pub current_version: Option<u64>,

    /// "Expiring" means: expires within this many versions of the current one.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub expiring_within: u64,

    /// The link of a bug, with `{id}` for its number.
    #[arg(long, value_name = "TEMPLATE", default_value = docs::DEFAULT_BUG_URL)]
    pub bug_url: String,

    /// Link each definition to its source: a URL with `{path}` and `{line}`.
    #[arg(long, value_name = "TEMPLATE")]
    pub source_url: Option<String>,

    /// The site's title.
    #[arg(long, default_value = "Telemetry probes")]
    pub title: String,

    /// Write only the static site (no `markdown/`).
    #[arg(long, conflicts_with = "no_site")]
    pub no_markdown: bool,

    /// Write only the Markdown pages (`markdown/`).
    #[arg(long)]
    pub no_site: bool,

    /// When to colour the diagnostics printed on stderr.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

fn parse_version(text: &str) -> Result<u64, String> {
    docs::parse_major_version(text)
        .ok_or_else(|| format!("`{text}` is not a Firefox version (expected e.g. 140 or 140.0a1)"))
}

/// Loads, prints any diagnostics on stderr, writes the docs (for everything that was
/// modelled, errors or not) and reports on stderr. Exit 1 when the definitions have errors.
pub fn run(args: &DocsArgs) -> Result<ExitCode, CliError> {
    let loaded = crate::commands::load_inputs(&args.input)?;
    let summary = Summary::of(&loaded);
    if !loaded.diagnostics.items.is_empty() {
        // Buffered: a large report in one write, not one system call per line.
        let mut err = BufferedStandardStream::stderr(args.color.choice(io::stderr().is_terminal()));
        // Diagnostics on a closed stderr are not worth failing the docs for.
        let _ = render::human(&mut err, &loaded.sources, &loaded.diagnostics.items)
            .and_then(|()| render::human_summary(&mut err, &summary))
            .and_then(|()| err.flush());
    }
    let options = DocsOptions {
        title: args.title.clone(),
        current_version: args.current_version,
        expiring_within: args.expiring_within,
        bug_url: args.bug_url.clone(),
        source_url: args.source_url.clone(),
        markdown: !args.no_markdown,
        site: !args.no_site,
    };
    let report = docs::write_docs(&loaded, &options, &args.out)?;
    eprintln!(
        "docs: {} probes → {} ({} files written, {} unchanged, {} removed; site {} KiB, \
         search index {} KiB, Markdown {} KiB)",
        report.probes,
        args.out.display(),
        report.written,
        report.unchanged,
        report.removed,
        report.site_bytes.div_ceil(1024),
        report.search_index_bytes.div_ceil(1024),
        report.markdown_bytes.div_ceil(1024),
    );
    Ok(if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
