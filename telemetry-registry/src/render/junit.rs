//! `junit`: JUnit XML, as CI test reports read it. One `<testsuite>` per input file (every file
//! of the run, so clean files show as passing), one `<testcase>` per diagnostic; errors are
//! `<failure>`s, warnings and notes pass with the text in `<system-out>`. A file without
//! diagnostics has one passing `no problems` case; problems without a location go to a suite
//! named after the run.
//!
//! Everything from the definitions is escaped, and characters XML 1.0 cannot carry at all
//! (most control characters, U+FFFE, U+FFFF) become U+FFFD, so any input gives well-formed XML.

use std::collections::BTreeMap;

use super::{Options, Summary, locate, sorted};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{FileId, SourceMap};

/// Escapes text for XML content and attribute values.
pub(crate) fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Kept in attributes by escaping them (attribute normalisation would turn them into
            // spaces).
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// XML 1.0's `Char` production.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

struct Case {
    name: String,
    classname: String,
    file: Option<String>,
    line: Option<usize>,
    severity: Severity,
    rule: &'static str,
    message: String,
    body: String,
}

fn write_case(out: &mut String, case: &Case) {
    out.push_str(&format!(
        "    <testcase name=\"{}\" classname=\"{}\"",
        escape_xml(&case.name),
        escape_xml(&case.classname)
    ));
    if let Some(file) = &case.file {
        out.push_str(&format!(" file=\"{}\"", escape_xml(file)));
    }
    if let Some(line) = case.line {
        out.push_str(&format!(" line=\"{line}\""));
    }
    out.push_str(">\n");
    match case.severity {
        Severity::Error => out.push_str(&format!(
            "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
            escape_xml(case.rule),
            escape_xml(&case.message),
            escape_xml(&case.body)
        )),
        Severity::Warning | Severity::Note => out.push_str(&format!(
            "      <system-out>{}</system-out>\n",
            escape_xml(&case.body)
        )),
    }
    out.push_str("    </testcase>\n");
}

/// The JUnit XML report.
pub fn junit(
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    summary: &Summary,
    options: &Options,
) -> String {
    // Suites in file order, the run's own suite (problems without a location) first.
    let mut suites: BTreeMap<Option<FileId>, (String, Vec<Case>)> = BTreeMap::new();
    for (id, file) in sources.files() {
        suites.insert(Some(id), (options.display_path(&file.path), Vec::new()));
    }
    for diagnostic in sorted(sources, diagnostics) {
        let location = diagnostic.span.and_then(|span| locate(sources, span));
        let file_id = location.as_ref().and(diagnostic.span.map(|s| s.file));
        let suite = suites
            .entry(file_id)
            .or_insert_with(|| (options.title.clone(), Vec::new()));
        // A located diagnostic's suite is its file's: the suite name is the display path.
        let path = file_id.map(|_| suite.0.clone());
        let position = location
            .as_ref()
            .map(|l| format!(" ({}:{})", l.line, l.column))
            .unwrap_or_default();
        let name = match &diagnostic.probe {
            Some(probe) => format!("{} {probe}{position}", diagnostic.rule.id),
            None => format!("{}{position}", diagnostic.rule.id),
        };
        let mut body = format!(
            "{}[{}] {}",
            diagnostic.severity.as_str(),
            diagnostic.rule.id,
            diagnostic.message
        );
        if let (Some(path), Some(location)) = (&path, &location) {
            body.push_str(&format!(
                "\n  at {path}:{}:{}",
                location.line, location.column
            ));
        }
        if let Some(help) = &diagnostic.help {
            body.push_str(&format!("\nhelp: {help}"));
        }
        let classname = suite.0.clone();
        suite.1.push(Case {
            name,
            classname,
            file: path,
            line: location.as_ref().map(|l| l.line),
            severity: diagnostic.severity,
            rule: diagnostic.rule.id,
            message: diagnostic.message.clone(),
            body,
        });
    }

    let mut total_tests = 0;
    let mut body = String::new();
    for (name, cases) in suites.values() {
        let failures = cases
            .iter()
            .filter(|c| c.severity == Severity::Error)
            .count();
        let tests = cases.len().max(1);
        total_tests += tests;
        body.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n",
            escape_xml(name)
        ));
        if cases.is_empty() {
            body.push_str(&format!(
                "    <testcase name=\"no problems\" classname=\"{}\"/>\n",
                escape_xml(name)
            ));
        }
        for case in cases {
            write_case(&mut body, case);
        }
        body.push_str("  </testsuite>\n");
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"{}\" tests=\"{total_tests}\" failures=\"{}\" errors=\"0\">\n",
        escape_xml(&options.title),
        summary.errors
    ));
    out.push_str(&body);
    out.push_str("</testsuites>\n");
    out
}
