//! Firefox's rules, applied to the parsed documents, building the typed model.
//!
//! Each checker follows the order of Firefox's own checks (so the first errors match what
//! Firefox prints), but never stops at a fatal one: every problem of the run is reported, and
//! the diagnostic records what Firefox would have done.

pub mod common;
mod duplicates;
mod events;
mod expression;
mod histograms;
mod processes;
mod scalars;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{Document, InputKind, Options};
use crate::model::Registry;
use crate::rules;
use crate::source::SourceMap;
use crate::value::Node;

pub(crate) fn run(
    documents: &[Document],
    _sources: &SourceMap,
    options: &Options,
    diagnostics: &mut Diagnostics,
) -> Registry {
    let of_kind = |kind: InputKind| -> Vec<&Node> {
        documents
            .iter()
            .filter(|d| d.kind == kind)
            .filter_map(|d| d.root.as_ref())
            .collect()
    };

    for document in documents {
        if let Some(root) = &document.root {
            let json = matches!(document.kind, InputKind::Histograms | InputKind::Allowlist);
            duplicates::report(root, json, options, diagnostics);
        }
    }

    let allowlist = match documents.iter().find(|d| d.kind == InputKind::Allowlist) {
        None => AllowlistInput::Absent,
        Some(Document { root: None, .. }) => AllowlistInput::Unreadable,
        Some(Document {
            root: Some(root), ..
        }) => AllowlistInput::Parsed(root),
    };
    let histogram_files = of_kind(InputKind::Histograms);
    let scalar_files = of_kind(InputKind::Scalars);
    let event_files = of_kind(InputKind::Events);
    let check_histograms = |diagnostics: &mut Diagnostics| {
        if histogram_files.is_empty() {
            Vec::new()
        } else {
            histograms::check(&histogram_files, allowlist, options, diagnostics)
        }
    };
    let check_scalars_and_events = |diagnostics: &mut Diagnostics| {
        let scalars = scalars::check(&scalar_files, options, diagnostics);
        let events = events::check(&event_files, options, diagnostics);
        (scalars, events)
    };
    // Histograms and the YAML probes are independent: on two cores or more, with both to
    // check, the histograms go to a thread of their own. The diagnostics keep the same order.
    let yaml_probes = !scalar_files.is_empty() || !event_files.is_empty();
    let parallel = !histogram_files.is_empty()
        && yaml_probes
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    let checked = if parallel {
        let (histograms, yaml, yaml_diagnostics) = std::thread::scope(|scope| {
            let yaml = scope.spawn(|| {
                let mut yaml_diagnostics = Diagnostics::default();
                let probes = check_scalars_and_events(&mut yaml_diagnostics);
                (probes, yaml_diagnostics)
            });
            let histograms = check_histograms(diagnostics);
            match yaml.join() {
                Ok((probes, yaml_diagnostics)) => (histograms, Some(probes), yaml_diagnostics),
                // Only a bug gets here; the sequential run below reports it the same way.
                Err(_) => (histograms, None, Diagnostics::default()),
            }
        });
        diagnostics.extend(yaml_diagnostics);
        (histograms, yaml)
    } else {
        (check_histograms(diagnostics), None)
    };
    let (histograms, (scalars, events)) = match checked {
        (histograms, Some(probes)) => (histograms, probes),
        (histograms, None) => (histograms, check_scalars_and_events(diagnostics)),
    };
    let processes = of_kind(InputKind::Processes)
        .into_iter()
        .flat_map(|root| processes::check(root, diagnostics))
        .collect();
    let allowlist = match allowlist {
        AllowlistInput::Parsed(root) => read_allowlist(root),
        AllowlistInput::Absent | AllowlistInput::Unreadable => None,
    };
    let registry = Registry {
        histograms,
        scalars,
        events,
        processes,
        allowlist,
    };
    // What the Rust code generator cannot turn into an API (name collisions, layouts): checked
    // with everything else, so `check` reports it before a build script does.
    crate::codegen::check(&registry, diagnostics);
    registry
}

/// The allowlist's lists as written (for policy and emitters; the histogram checks report its
/// problems).
fn read_allowlist(root: &Node) -> Option<crate::model::Allowlist> {
    use crate::model::{AllowlistList, Spanned};
    let entries = root.as_map()?;
    let lists = entries
        .iter()
        .filter_map(|entry| {
            let name = entry.key.as_str()?;
            let items = entry.value.as_list().unwrap_or_default();
            Some(AllowlistList {
                name: Spanned::new(name.to_string(), entry.key.span),
                entries: items.iter().filter_map(common::spanned_str).collect(),
            })
        })
        .collect();
    Some(crate::model::Allowlist { lists })
}

/// The histogram allowlist as the run has it.
#[derive(Clone, Copy)]
pub(crate) enum AllowlistInput<'a> {
    /// No file was given.
    Absent,
    /// A file was given but could not be parsed (already reported).
    Unreadable,
    Parsed(&'a Node),
}

/// The top level of a definition file must be a mapping.
pub(crate) fn top_level_map<'a>(
    root: &'a Node,
    what: &str,
    diagnostics: &mut Diagnostics,
) -> Option<&'a [crate::value::Entry]> {
    match root.as_map() {
        Some(entries) => Some(entries),
        None => {
            diagnostics.push(
                Diagnostic::new(
                    &rules::FILE_TOP_LEVEL,
                    format!(
                        "the top level of {what} must be a mapping, found {}",
                        root.value.type_name()
                    ),
                )
                .at(root.span),
            );
            None
        }
    }
}
