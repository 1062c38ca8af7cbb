//! Processes.yaml: process name → gecko_enum, description.
//!
//! Firefox reads this file only in its generators (`gen_process_enum.py`,
//! `gen_process_data.py`): the names, sorted, become `enum class ProcessID` (title-cased, `_`
//! removed, ending in `Count`) and `ProcessIDToString[]`; each `gecko_enum` is printed verbatim
//! into `ProcessIDToGeckoProcessType[]`. Nothing is validated there, so every problem is either
//! a Python crash or a C++ compile failure.

use std::collections::HashMap;

use super::common::{Fields, dict_entries, key_text, later_first, non_string_name, sorted_names};
use super::common::{quote, spanned_str};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{ProcessInfo, Spanned};
use crate::rules;
use crate::value::{Node, Value};

pub(super) fn check(root: &Node, diagnostics: &mut Diagnostics) -> Vec<ProcessInfo> {
    let Some(entries) = super::top_level_map(root, "Processes.yaml", diagnostics) else {
        return Vec::new();
    };
    let (names, others) = sorted_names(entries);
    for entry in others {
        diagnostics.push(non_string_name(
            &rules::PROCESS_NON_STRING_NAME,
            "process",
            entry,
            None,
        ));
    }

    let mut processes = Vec::new();
    // enumerator → the name that produced it (`Count` is the enum's sentinel).
    let mut enumerators: HashMap<String, Option<&Node>> = HashMap::new();
    enumerators.insert("Count".to_string(), None);
    for (name, entry) in names {
        if !is_enumerator_name(name) {
            diagnostics.push(
                Diagnostic::new(
                    &rules::PROCESS_INVALID_NAME,
                    format!(
                        "process name {} must be ASCII letters, digits and `_`, not starting \
                         with a digit: it becomes a C++ enumerator",
                        quote(name)
                    ),
                )
                .at(entry.key.span)
                .probe(name),
            );
        } else {
            let enumerator = py_title(name).replace('_', "");
            match enumerators.get(&enumerator) {
                Some(None) => diagnostics.push(
                    Diagnostic::new(
                        &rules::PROCESS_ENUM_COLLISION,
                        format!(
                            "process {} generates {}, which clashes with \
                             the enum's sentinel",
                            quote(name),
                            quote(&format!("ProcessID::{enumerator}"))
                        ),
                    )
                    .at(entry.key.span)
                    .probe(name),
                ),
                Some(Some(first)) => {
                    // Point at whichever of the two comes later in the file.
                    let (here, there) = later_first(*first, &entry.key, |k| k.span);
                    let here_name = here.as_str().unwrap_or("");
                    diagnostics.push(
                        Diagnostic::new(
                            &rules::PROCESS_ENUM_COLLISION,
                            format!(
                                "processes {} and {} both generate the C++ enumerator \
                                 {}",
                                quote(there.as_str().unwrap_or("")),
                                quote(here_name),
                                quote(&format!("ProcessID::{enumerator}"))
                            ),
                        )
                        .at(here.span)
                        .label(there.span, "the other process")
                        .probe(here_name),
                    );
                }
                None => {
                    enumerators.insert(enumerator, Some(&entry.key));
                }
            }
        }

        let Some(map) = entry.value.as_map() else {
            diagnostics.push(
                Diagnostic::new(
                    &rules::PROCESS_NOT_A_MAPPING,
                    format!(
                        "process {} must be a mapping with `gecko_enum` and `description`, \
                         found {}; Firefox's generator crashes on it",
                        quote(name),
                        entry.value.value.type_name()
                    ),
                )
                .at(entry.value.span)
                .probe(name),
            );
            continue;
        };
        let fields = dict_entries(map);
        let fields = Fields(&fields);

        for field in fields.0 {
            if !matches!(field.key.as_str(), Some("gecko_enum" | "description")) {
                diagnostics.push(
                    Diagnostic::new(
                        &rules::PROCESS_UNKNOWN_FIELD,
                        format!(
                            "unknown field {}: Firefox only reads `gecko_enum` and `description`",
                            quote(&key_text(&field.key))
                        ),
                    )
                    .at(field.key.span)
                    .probe(name),
                );
            }
        }

        let gecko_enum = match fields.get("gecko_enum") {
            None => {
                diagnostics.push(
                    Diagnostic::new(
                        &rules::PROCESS_MISSING_GECKO_ENUM,
                        format!(
                            "process {} has no `gecko_enum`; Firefox's generator crashes without \
                             it",
                            quote(name)
                        ),
                    )
                    .at(entry.key.span)
                    .probe(name),
                );
                Vec::new()
            }
            Some(field) => check_gecko_enum(name, &field.value, diagnostics),
        };

        let description = fields
            .get("description")
            .and_then(|e| spanned_str(&e.value));
        if description.is_none() {
            let (message, span) = match fields.get("description") {
                Some(e) => (
                    format!(
                        "the description of process {} should be a string, found {}",
                        quote(name),
                        e.value.value.type_name()
                    ),
                    e.value.span,
                ),
                None => (
                    format!("process {} has no description", quote(name)),
                    entry.key.span,
                ),
            };
            diagnostics.push(
                Diagnostic::new(&rules::PROCESS_DESCRIPTION, message)
                    .at(span)
                    .probe(name),
            );
        }

        processes.push(ProcessInfo {
            name: Spanned::new(name.to_string(), entry.key.span),
            gecko_enum,
            description,
        });
    }
    processes
}

/// `gecko_enum` is printed verbatim into C++: it must be one identifier (optionally qualified).
fn check_gecko_enum(
    name: &str,
    value: &Node,
    diagnostics: &mut Diagnostics,
) -> Vec<Spanned<String>> {
    let problem = match &value.value {
        Value::Str(s) if is_cpp_name(s) => return vec![Spanned::new(s.clone(), value.span)],
        Value::Str(s) => format!(
            "`gecko_enum` {} is not a C++ identifier such as GeckoProcessType_Content",
            quote(s)
        ),
        Value::List(_) => "`gecko_enum` is a list: Firefox's generator prints it as a Python \
                           list, which is not C++"
            .to_string(),
        other => format!(
            "`gecko_enum` must be a GeckoProcessType constant, found {}",
            other.type_name()
        ),
    };
    diagnostics.push(
        Diagnostic::new(&rules::PROCESS_INVALID_GECKO_ENUM, problem)
            .at(value.span)
            .probe(name),
    );
    match &value.value {
        Value::List(items) => items.iter().filter_map(spanned_str).collect(),
        Value::Str(s) => vec![Spanned::new(s.clone(), value.span)],
        _ => Vec::new(),
    }
}

/// `[A-Za-z_][A-Za-z0-9_]*`, optionally `::`-qualified.
fn is_cpp_name(s: &str) -> bool {
    s.split("::").all(|part| {
        let mut chars = part.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// A name whose title-cased, `_`-less form is a C++ identifier.
fn is_enumerator_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s.chars().any(|c| c.is_ascii_alphanumeric())
}

/// Python's `str.title()`: a cased character is upper-cased after an uncased one (or at the
/// start) and lower-cased after a cased one.
fn py_title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut previous_cased = false;
    for c in s.chars() {
        let cased = c.is_lowercase() || c.is_uppercase();
        if cased && previous_cased {
            out.extend(c.to_lowercase());
        } else if cased {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        previous_cased = cased;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::common::tests::tree;

    fn run(json: &str) -> (Vec<ProcessInfo>, Vec<&'static str>) {
        let root = tree(json);
        let mut diagnostics = Diagnostics::default();
        let processes = check(&root, &mut diagnostics);
        (
            processes,
            diagnostics.items.iter().map(|d| d.rule.id).collect(),
        )
    }

    #[test]
    fn title_case_like_python() {
        assert_eq!(py_title("all_children"), "All_Children");
        assert_eq!(py_title("a1b"), "A1B");
        assert_eq!(py_title("gPU"), "Gpu");
    }

    #[test]
    fn valid_file_is_clean_and_sorted() {
        let (processes, ids) = run(
            r#"{"socket": {"gecko_enum": "GeckoProcessType_Socket", "description": "Net."},
                "parent": {"gecko_enum": "GeckoProcessType_Default", "description": "Main."}}"#,
        );
        assert!(ids.is_empty(), "{ids:?}");
        let names: Vec<&str> = processes.iter().map(|p| p.name.value.as_str()).collect();
        assert_eq!(names, ["parent", "socket"]);
        assert_eq!(processes[1].gecko_enum[0].value, "GeckoProcessType_Socket");
    }

    #[test]
    fn problems() {
        let (processes, ids) = run(
            r#"{"!bool:true": {}, "a-b": {"gecko_enum": "X", "description": "d"},
                "gpu_a": {"gecko_enum": "X", "description": "d"},
                "gpu__a": {"gecko_enum": ["X"], "description": 5, "extra": 1},
                "count": "text", "rdd": {"description": "d"}}"#,
        );
        assert_eq!(
            ids,
            [
                "process/non-string-name",
                "process/invalid-name",
                "process/enum-collision",
                "process/not-a-mapping",
                "process/unknown-field",
                "process/invalid-gecko-enum",
                "process/description",
                "process/enum-collision",
                "process/missing-gecko-enum",
            ]
        );
        assert_eq!(processes.len(), 4);
    }
}
