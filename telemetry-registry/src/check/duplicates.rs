//! Duplicate keys, at every level of every file.

use crate::diagnostic::{Diagnostic, Diagnostics, FirefoxVerdict, Severity};
use crate::load::Options;
use crate::rules;
use crate::value::{Node, Value};
use std::collections::HashMap;

/// JSON (strict): an error, as Firefox's loader raises. YAML: a warning, since PyYAML silently
/// keeps the last value.
pub(super) fn report(root: &Node, json: bool, options: &Options, diagnostics: &mut Diagnostics) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Map(entries) => {
                let mut first_seen: HashMap<String, &Node> = HashMap::new();
                for entry in entries {
                    let key = key_identity(&entry.key.value);
                    if let Some(first) = first_seen.get(&key) {
                        diagnostics.push(duplicate(&entry.key, first, json, options));
                    } else {
                        first_seen.insert(key, &entry.key);
                    }
                    stack.push(&entry.value);
                }
            }
            Value::List(items) => stack.extend(items),
            _ => {}
        }
    }
}

/// What makes two keys the same key (type and value).
fn key_identity(value: &Value) -> String {
    match value {
        Value::Str(s) => format!("s{s}"),
        other => format!("v{other:?}"),
    }
}

fn duplicate(key: &Node, first: &Node, json: bool, options: &Options) -> Diagnostic {
    let name = match &key.value {
        Value::Str(s) => crate::check::common::quote(s),
        other => format!("{other:?}"),
    };
    if json {
        let diagnostic =
            Diagnostic::new(&rules::FILE_DUPLICATE_KEY, format!("duplicate key {name}"))
                .at(key.span)
                .label(first.span, "first defined here")
                .firefox_message(format!("Found duplicate key in histogram file: {name}"));
        if options.strict {
            diagnostic
        } else {
            // Non-strict mode keeps the last value silently.
            diagnostic
                .severity(Severity::Warning)
                .firefox(FirefoxVerdict::Accepted)
        }
    } else {
        Diagnostic::new(
            &rules::YAML_DUPLICATE_KEY,
            format!("duplicate key {name}: the last value silently wins"),
        )
        .at(key.span)
        .label(first.span, "first defined here")
    }
}
