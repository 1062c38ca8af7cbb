//! Duplicate keys, at every level of every file.

use super::common::{KeyIdentity, SMALL_MAP};
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
                let mut first_seen: HashMap<KeyIdentity<'_>, &Node> = HashMap::new();
                for (index, entry) in entries.iter().enumerate() {
                    let key = KeyIdentity::of(&entry.key.value);
                    // Definitions have a dozen fields: a scan beats hashing them.
                    let first = if entries.len() <= SMALL_MAP {
                        entries[..index]
                            .iter()
                            .find(|e| KeyIdentity::of(&e.key.value) == key)
                            .map(|e| &e.key)
                    } else {
                        first_seen.get(&key).copied()
                    };
                    match first {
                        Some(first) => {
                            diagnostics.push(duplicate(&entry.key, first, json, options))
                        }
                        None if entries.len() > SMALL_MAP => {
                            first_seen.insert(key, &entry.key);
                        }
                        None => {}
                    }
                    stack.push(&entry.value);
                }
            }
            Value::List(items) => stack.extend(items),
            _ => {}
        }
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
