//! Events.yaml (rules.md §4).
//!
//! The checks follow `parse_events.py` of Firefox ESR 140 in its order (category and name,
//! required and unknown fields, field types, then method/object patterns, collection, processes,
//! products, operating systems, extra keys and expiry), but every problem is reported: where
//! Firefox crashes or stops at a fatal error, the diagnostic says so and checking goes on.

use std::collections::HashMap;

use super::common::{
    ALL_GENERATIONS, FieldSpec, Fields, KnownValue, NOT_2017, ONLY_2017, Probe, ProbeFileChecker,
    ProbeFileKind, Schema, check_probe_files, collection, dict_entries, expiry_has_leading_zero,
    key_text, later_first, missing_fields_message, py_type_name, unknown_fields_diagnostic,
};
use super::common::{
    is_event_identifier, is_py_int, is_valid_expiry, py_iter, py_len, quote, spanned_str,
    string_items,
};
use crate::diagnostic::{Diagnostic, Diagnostics, FirefoxVerdict};
use crate::load::Options;
use crate::model::{Event, Expiry, ExtraKey, Spanned, py_capitalize};
use crate::rules::{self, Generation, Rule};
use crate::source::Span;
use crate::value::{Entry, Node, Value};

const MAX_CATEGORY_NAME_LENGTH: usize = 30;
const MAX_METHOD_NAME_LENGTH: usize = 20;
const MAX_OBJECT_NAME_LENGTH: usize = 20;
const MAX_EXTRA_KEYS_COUNT: usize = 10;
const MAX_EXTRA_KEY_NAME_LENGTH: usize = 15;
const IDENTIFIER_PATTERN: &str = "^[a-zA-Z][a-zA-Z0-9_.]*[a-zA-Z0-9]$";

/// Firefox's type checkers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Checker {
    /// `ListTypeChecker(str)`.
    ListOfStr,
    /// `ListTypeChecker(int)`.
    ListOfInt,
    /// `AtomicTypeChecker(str)`.
    Str,
    /// `DictTypeChecker(str, str)`.
    Dict,
    /// 2017: `expiry_date`, a string or a date.
    StrOrDate,
}

/// Firefox's event fields, required then optional in its order, and the generations that have
/// each: the 2017 parser has no products or operating_systems, but `expiry_date`.
const FIELDS: &[FieldSpec<Checker>] = &[
    FieldSpec::required("objects", Checker::ListOfStr, ALL_GENERATIONS),
    FieldSpec::required("bug_numbers", Checker::ListOfInt, ALL_GENERATIONS),
    FieldSpec::required("notification_emails", Checker::ListOfStr, ALL_GENERATIONS),
    FieldSpec::required("record_in_processes", Checker::ListOfStr, ALL_GENERATIONS),
    FieldSpec::required("description", Checker::Str, ALL_GENERATIONS),
    FieldSpec::required("products", Checker::ListOfStr, NOT_2017),
    FieldSpec::optional("methods", Checker::ListOfStr, ALL_GENERATIONS),
    FieldSpec::optional("release_channel_collection", Checker::Str, ALL_GENERATIONS),
    FieldSpec::optional("expiry_version", Checker::Str, ALL_GENERATIONS),
    FieldSpec::optional("expiry_date", Checker::StrOrDate, ONLY_2017),
    FieldSpec::optional("extra_keys", Checker::Dict, ALL_GENERATIONS),
    FieldSpec::optional("operating_systems", Checker::ListOfStr, NOT_2017),
];

/// List fields whose non-string items crash Firefox's scripts after the type error.
const ITEMS_CRASH: &[&str] = &[
    "objects",
    "methods",
    "record_in_processes",
    "products",
    "operating_systems",
];

pub(super) fn check(
    files: &[&Node],
    options: &Options,
    diagnostics: &mut Diagnostics,
) -> Vec<Event> {
    check_probe_files(
        &mut EventChecker {
            options,
            diagnostics,
        },
        files,
    )
}

struct EventChecker<'a> {
    options: &'a Options,
    diagnostics: &'a mut Diagnostics,
}

/// Firefox's name for an event (`category#name`), which its messages print.
fn identifier(probe: &Probe<'_>) -> String {
    format!("{}#{}", probe.category, probe.name)
}

/// One `string_check` of Firefox: what is checked and how Firefox names it.
struct StringCheck<'s> {
    rule: &'static Rule,
    /// Firefox's first word (`top level structure`, the category, or the identifier).
    firefox_identifier: &'s str,
    /// Firefox's field name (`category`, `event name`, `methods`, `objects`, `extra_keys`).
    firefox_field: &'s str,
    /// Our wording (`category`, `event name`, `method`, …).
    what: &'s str,
    max_length: usize,
    probe: &'s str,
}

impl ProbeFileChecker for EventChecker<'_> {
    type Probe = Event;
    const KIND: ProbeFileKind = ProbeFileKind {
        file_name: "Events.yaml",
        probe_noun: "event",
        non_string_name: &rules::EVENT_NON_STRING_NAME,
        category_not_a_mapping: &rules::EVENT_CATEGORY_NOT_A_MAPPING,
        not_a_mapping: &rules::EVENT_NOT_A_MAPPING,
        string_table_comment: &rules::EVENT_STRING_TABLE_COMMENT,
        string_table_char: &rules::EVENT_STRING_TABLE_CHAR,
        obsolete_operating_systems: &rules::EVENT_OBSOLETE_OPERATING_SYSTEMS,
        unknown_process: &rules::EVENT_UNKNOWN_PROCESS,
        unknown_product: &rules::EVENT_UNKNOWN_PRODUCT,
        unknown_operating_system: &rules::EVENT_UNKNOWN_OPERATING_SYSTEM,
    };

    fn diagnostics(&mut self) -> &mut Diagnostics {
        self.diagnostics
    }

    fn generation(&self) -> Generation {
        self.options.generation
    }

    fn check_category_name(&mut self, category: &str, key: &Node) {
        let category_ok = self.string_check(
            &StringCheck {
                rule: &rules::EVENT_INVALID_CATEGORY,
                firefox_identifier: "top level structure",
                firefox_field: "category",
                what: "category",
                max_length: MAX_CATEGORY_NAME_LENGTH,
                probe: category,
            },
            category,
            key.span,
        );
        if category_ok {
            self.check_table_string("category", category, key.span, category);
        }
    }

    fn empty_category(category: &str, key: &Node, _: &Value) -> Diagnostic {
        Diagnostic::new(
            &rules::EVENT_EMPTY_CATEGORY,
            format!("category {} has no events", quote(category)),
        )
        .at(key.span)
        .probe(category)
        .firefox_message(format!(
            "Category {category} must contain at least one entry."
        ))
    }

    fn check_probe_name(&mut self, probe: &Probe<'_>) -> bool {
        self.string_check(
            &StringCheck {
                rule: &rules::EVENT_INVALID_NAME,
                firefox_identifier: probe.category,
                firefox_field: "event name",
                what: "event name",
                max_length: MAX_METHOD_NAME_LENGTH,
                probe: &probe.label,
            },
            probe.name,
            probe.entry.key.span,
        )
    }

    fn shown_name(probe: &Probe<'_>) -> String {
        identifier(probe)
    }

    fn check_definition(&mut self, probe: &Probe<'_>, _: bool, fields: &Fields<'_>) -> Event {
        self.check_fields(probe, fields);
        let strings = self.check_values(probe, fields);
        for (what, text, span) in strings {
            self.check_table_string(what, &text, span, &probe.label);
        }
        build_event(probe, fields)
    }

    /// Duplicate C++ enumerators `<Category>_<Method>_<Object>` in `enum class EventID`.
    fn check_enum_collisions(&mut self, events: &[Event]) {
        // enumerator → (event index, method, object)
        let mut seen: HashMap<String, (usize, &Spanned<String>, &Spanned<String>)> = HashMap::new();
        for (index, event) in events.iter().enumerate() {
            let methods = self.distinct(event, &event.methods, "method");
            let objects = self.distinct(event, &event.objects, "object");
            let category = event.cpp_category();
            let mut reported: Vec<usize> = Vec::new();
            for method in &methods {
                for object in &objects {
                    let enumerator =
                        format!("{category}_{}_{}", cpp_part(method), cpp_part(object));
                    let Some(&(other, other_method, other_object)) = seen.get(&enumerator) else {
                        seen.insert(enumerator, (index, method, object));
                        continue;
                    };
                    if reported.contains(&other) {
                        continue;
                    }
                    reported.push(other);
                    let first = &events[other];
                    let shown = quote(&format!("EventID::{enumerator}"));
                    let message = if other == index {
                        format!(
                            "in event {}, method {} × object {} and method {} × object {} both \
                             generate the C++ enumerator {}",
                            quote(&event.identifier()),
                            quote(other_method),
                            quote(other_object),
                            quote(method),
                            quote(object),
                            shown
                        )
                    } else if first.identifier() == event.identifier() {
                        format!(
                            "event {} is defined again (in another file); both definitions \
                             generate the C++ enumerator {}",
                            quote(&event.identifier()),
                            shown
                        )
                    } else {
                        format!(
                            "events {} and {} both generate the C++ enumerator \
                             {} (method {}, object {})",
                            quote(&first.identifier()),
                            quote(&event.identifier()),
                            shown,
                            quote(method),
                            quote(object)
                        )
                    };
                    // Point at whichever of the two comes later in the files.
                    let this = (*method, event);
                    let that = (other_method, first);
                    let ((here, here_event), (there, _)) =
                        later_first(&this, &that, |(m, _)| m.span);
                    self.push(
                        Diagnostic::new(&rules::EVENT_ENUM_COLLISION, message)
                            .at(here.span)
                            .label(there.span, "the same enumerator comes from here")
                            .probe(format!(
                                "{}.{}",
                                here_event.category.value, here_event.name.value
                            )),
                    );
                }
            }
        }
    }
}

impl EventChecker<'_> {
    /// Firefox's `string_check`: minimum length 1, a maximum length, the identifier pattern.
    /// Each failure is its own deferred error. Returns whether the value passed.
    fn string_check(&mut self, check: &StringCheck<'_>, value: &str, span: Span) -> bool {
        let StringCheck {
            rule,
            firefox_identifier: id,
            firefox_field: field,
            what,
            max_length,
            probe,
        } = *check;
        let mut ok = true;
        let length = py_len(value);
        if length < 1 {
            ok = false;
            self.push(
                Diagnostic::new(rule, format!("the {what} is empty"))
                    .at(span)
                    .probe(probe)
                    .firefox_message(format!(
                        "{id}: Value '{value}' for field {field} is less than minimum length of 1."
                    )),
            );
        }
        if length > max_length {
            ok = false;
            self.push(
                Diagnostic::new(
                    rule,
                    format!(
                        "{what} {} is {length} characters long; the limit is {max_length}",
                        quote(value)
                    ),
                )
                .at(span)
                .probe(probe)
                .firefox_message(format!(
                    "{id}: Value '{value}' for field {field} is greater than maximum length of \
                     {max_length}."
                )),
            );
        }
        if !is_event_identifier(value) {
            ok = false;
            self.push(
                Diagnostic::new(
                    rule,
                    format!(
                        "{what} {} must start with an ASCII letter, end with a letter or digit, \
                         and contain only ASCII letters, digits, `_` and `.` (at least 2 \
                         characters)",
                        quote(value)
                    ),
                )
                .at(span)
                .probe(probe)
                .firefox_message(format!(
                    "{id}: String value \"{value}\" for {field} is not matching pattern \
                     \"{IDENTIFIER_PATTERN}\"."
                )),
            );
        }
        ok
    }

    /// `type_check_event_fields` (both modes).
    fn check_fields(&mut self, probe: &Probe<'_>, fields: &Fields<'_>) {
        let schema = Schema::new(FIELDS, self.generation());
        let id = &identifier(probe);

        let missing = schema.missing(fields);
        if !missing.is_empty() {
            self.push(
                probe
                    .diag(
                        &rules::EVENT_MISSING_FIELD,
                        missing_fields_message("event", id, &missing),
                        probe.entry.key.span,
                    )
                    .firefox_message(format!(
                        "{id}: Missing required fields: {}",
                        missing.join(", ")
                    )),
            );
        }

        let unknown = schema.unknown(fields);
        if let Some(mut diagnostic) =
            unknown_fields_diagnostic(probe, &rules::EVENT_UNKNOWN_FIELD, &unknown, |names| {
                format!("{id}: Unknown fields: {names}")
            })
        {
            if self.generation() != Generation::Legacy2017
                && unknown
                    .iter()
                    .any(|e| e.key.as_str() == Some("expiry_date"))
            {
                diagnostic = diagnostic.help(
                    "`expiry_date` was replaced by `expiry_version` in 2018 (or check with \
                     --generation 2017)",
                );
            }
            self.push(diagnostic);
        }

        for entry in fields.0 {
            let Some(spec) = schema.spec(&entry.key) else {
                continue;
            };
            match spec.ty {
                Checker::ListOfStr | Checker::ListOfInt => self.check_list(probe, spec, entry),
                Checker::Str => {
                    if entry.value.as_str().is_none() {
                        let mut diagnostic = probe
                            .diag(
                                &rules::EVENT_FIELD_TYPE,
                                format!(
                                    "`{}` must be a string, found {}",
                                    spec.name,
                                    entry.value.value.type_name()
                                ),
                                entry.value.span,
                            )
                            .firefox_message(format!(
                                "{id}: Failed type check for {} - expected string, got {}.",
                                spec.name,
                                nice_type_name(&entry.value.value)
                            ));
                        if spec.name == "expiry_version" {
                            diagnostic = diagnostic.firefox(FirefoxVerdict::Crash);
                        }
                        self.push(diagnostic);
                    }
                }
                Checker::StrOrDate => {
                    if !matches!(entry.value.value, Value::Str(_) | Value::Date(_)) {
                        self.push(probe.diag(
                            &rules::EVENT_FIELD_TYPE,
                            format!(
                                "`{}` must be a string or a date, found {}",
                                spec.name,
                                entry.value.value.type_name()
                            ),
                            entry.value.span,
                        ));
                    }
                }
                Checker::Dict => self.check_extra_keys_types(probe, entry),
            }
        }
    }

    /// `ListTypeChecker`: Firefox takes `len()` and iterates, so a string is its characters
    /// and a mapping its keys.
    fn check_list(&mut self, probe: &Probe<'_>, spec: &FieldSpec<Checker>, entry: &Entry) {
        let id = identifier(probe);
        let field = spec.name;
        let value = &entry.value;
        match &value.value {
            Value::List(_) => {}
            Value::Str(s) if !s.is_empty() => self.push(probe.diag(
                &rules::EVENT_STRING_AS_LIST,
                format!(
                    "`{field}` is a string: Firefox reads it as the list of its {} characters",
                    py_len(s)
                ),
                value.span,
            )),
            Value::Map(entries) if !entries.is_empty() => self.push(probe.diag(
                &rules::EVENT_STRING_AS_LIST,
                format!("`{field}` is a mapping: Firefox reads it as the list of its keys"),
                value.span,
            )),
            _ => {}
        }
        let Some(items) = py_iter(value) else {
            self.push(
                probe
                    .diag(
                        &rules::EVENT_FIELD_TYPE,
                        format!(
                            "`{field}` must be a list, found {}; Firefox's parser crashes on it",
                            value.value.type_name()
                        ),
                        value.span,
                    )
                    .firefox(FirefoxVerdict::Crash),
            );
            return;
        };
        if items.is_empty() {
            self.push(
                probe
                    .diag(
                        &rules::EVENT_EMPTY_LIST,
                        format!("`{field}` must not be empty"),
                        value.span,
                    )
                    .firefox_message(format!(
                        "{id}: Failed check for {field} - list should not be empty."
                    )),
            );
            return;
        }
        let (want, english) = match spec.ty {
            Checker::ListOfInt => ("int", "integers"),
            _ => ("string", "strings"),
        };
        for item in items.iter() {
            let ok = match spec.ty {
                Checker::ListOfInt => is_py_int(&item.value),
                _ => item.as_str().is_some(),
            };
            if !ok {
                let mut diagnostic = probe
                    .diag(
                        &rules::EVENT_FIELD_TYPE,
                        format!(
                            "`{field}` must only contain {english}, found {}",
                            item.value.type_name()
                        ),
                        item.span,
                    )
                    .firefox_message(format!(
                        "{id}: Failed type check for {field} - expected list value type {want}, \
                         got {}.",
                        nice_type_name(&item.value)
                    ));
                if ITEMS_CRASH.contains(&field) {
                    diagnostic = diagnostic.firefox(FirefoxVerdict::Crash);
                }
                self.push(diagnostic);
            } else if let Value::Bool(b) = item.value {
                self.push(probe.diag(
                    &rules::EVENT_BOOL_AS_INT,
                    format!(
                        "`{field}` holds a boolean, which Firefox accepts as the number {}",
                        i32::from(b)
                    ),
                    item.span,
                ));
            }
        }
    }

    /// `DictTypeChecker(str, str)` on `extra_keys`.
    fn check_extra_keys_types(&mut self, probe: &Probe<'_>, entry: &Entry) {
        let id = identifier(probe);
        let Some(map) = entry.value.as_map() else {
            self.push(
                probe
                    .diag(
                        &rules::EVENT_FIELD_TYPE,
                        format!(
                            "`extra_keys` must be a mapping of key names to descriptions, found \
                             {}; Firefox's parser crashes on it",
                            entry.value.value.type_name()
                        ),
                        entry.value.span,
                    )
                    .firefox(FirefoxVerdict::Crash),
            );
            return;
        };
        let keys = dict_entries(map);
        if keys.is_empty() {
            self.push(
                probe
                    .diag(
                        &rules::EVENT_EMPTY_LIST,
                        "`extra_keys` must not be empty",
                        entry.value.span,
                    )
                    .firefox_message(format!(
                        "{id}: Failed check for extra_keys - dict should not be empty."
                    )),
            );
            return;
        }
        for key in &keys {
            if key.key.as_str().is_none() {
                self.push(
                    probe
                        .diag(
                            &rules::EVENT_FIELD_TYPE,
                            format!(
                                "extra key {} is not a string (YAML reads it as {})",
                                quote(&key_text(&key.key)),
                                key.key.value.type_name()
                            ),
                            key.key.span,
                        )
                        .firefox_message(format!(
                            "{id}: Failed dict type check for extra_keys - expected key type \
                             string, got {}.",
                            nice_type_name(&key.key.value)
                        ))
                        .firefox(FirefoxVerdict::Crash),
                );
            }
        }
        for key in &keys {
            if key.value.as_str().is_none() {
                let name = key_text(&key.key);
                self.push(
                    probe
                        .diag(
                            &rules::EVENT_FIELD_TYPE,
                            format!(
                                "the description of extra key {} must be a string, found {}",
                                quote(&name),
                                key.value.value.type_name()
                            ),
                            key.value.span,
                        )
                        .firefox_message(format!(
                            "{id}: Failed dict type check for extra_keys - expected value type \
                             string for key {name}, got {}.",
                            nice_type_name(&key.value.value)
                        )),
                );
            }
        }
    }

    /// The checks of `EventData.__init__` after the type checks. Returns the strings that go
    /// into the C++ string table and passed their own checks (for the table check).
    fn check_values(
        &mut self,
        probe: &Probe<'_>,
        fields: &Fields<'_>,
    ) -> Vec<(&'static str, String, Span)> {
        let id = identifier(probe);
        let generation = self.generation();
        let strict = self.options.strict;
        let mut table_strings = Vec::new();

        // Methods and objects: strict only (2017: both modes).
        let check_identifiers = strict || generation == Generation::Legacy2017;
        let methods: Vec<(Node, bool)> = match fields.get("methods") {
            Some(m) => py_iter(&m.value)
                .unwrap_or_default()
                .iter()
                .map(|n| (n.clone(), false))
                .collect(),
            None => vec![(
                Node::new(Value::Str(probe.name.to_string()), probe.entry.key.span),
                true,
            )],
        };
        let objects: Vec<(Node, bool)> = fields
            .get("objects")
            .and_then(|o| py_iter(&o.value))
            .unwrap_or_default()
            .iter()
            .map(|n| (n.clone(), false))
            .collect();
        for (list, rule, firefox_field, max_length) in [
            (
                &methods,
                &rules::EVENT_INVALID_METHOD,
                "methods",
                MAX_METHOD_NAME_LENGTH,
            ),
            (
                &objects,
                &rules::EVENT_INVALID_OBJECT,
                "objects",
                MAX_OBJECT_NAME_LENGTH,
            ),
        ] {
            for (node, is_default) in list {
                let Some(text) = node.as_str() else {
                    continue; // a type error above, then a crash
                };
                let what = match (firefox_field, is_default) {
                    ("methods", true) => "event name (the default method)",
                    ("methods", false) => "method",
                    _ => "object",
                };
                let ok = !check_identifiers
                    || self.string_check(
                        &StringCheck {
                            rule,
                            firefox_identifier: &id,
                            firefox_field,
                            what,
                            max_length,
                            probe: &probe.label,
                        },
                        text,
                        node.span,
                    );
                if ok {
                    let what = if firefox_field == "methods" {
                        "method"
                    } else {
                        "object"
                    };
                    table_strings.push((what, text.to_string(), node.span));
                }
            }
        }

        // release_channel_collection (both modes; any value but the two strings fails).
        if let Some(collection) = fields.get("release_channel_collection") {
            let value = collection.value.as_str();
            if !matches!(value, Some("opt-in" | "opt-out")) {
                let shown = match value {
                    Some(text) => quote(text),
                    None => collection.value.value.type_name().to_string(),
                };
                self.push(
                    probe
                        .diag(
                            &rules::EVENT_UNKNOWN_COLLECTION,
                            format!(
                                "unknown release_channel_collection {shown}; use opt-in or opt-out"
                            ),
                            collection.value.span,
                        )
                        .firefox_message(format!(
                            "{id}: Value for release_channel_collection should be one of: \
                             opt-in, opt-out"
                        )),
                );
            }
        }

        self.check_known_values(probe, fields, KnownValue::Process, |text| {
            format!("{id}: Unknown value in record_in_processes: {text}")
        });
        if strict {
            self.check_known_values(probe, fields, KnownValue::Product, |text| {
                format!("{id}: Unknown value in products: {text}")
            });
        }
        if let Some(systems) = fields.get("operating_systems") {
            if strict && generation == Generation::Esr140 {
                self.push(
                    Self::obsolete_operating_systems(probe, systems)
                        .firefox_message(format!("{id}: Uses obsolete field 'operating_systems'.")),
                );
            }
        }
        self.check_known_values(probe, fields, KnownValue::OperatingSystem, |text| {
            format!("{id}: Unknown value in operating_systems: {text}")
        });

        if let Some(extra_keys) = fields.get("extra_keys") {
            if let Some(map) = extra_keys.value.as_map() {
                let keys = dict_entries(map);
                if keys.len() > MAX_EXTRA_KEYS_COUNT {
                    self.push(
                        probe
                            .diag(
                                &rules::EVENT_TOO_MANY_EXTRA_KEYS,
                                format!(
                                    "{} extra keys are declared; the limit is \
                                     {MAX_EXTRA_KEYS_COUNT}",
                                    keys.len()
                                ),
                                keys[MAX_EXTRA_KEYS_COUNT].key.span,
                            )
                            .label(extra_keys.key.span, "in these extra keys")
                            .firefox_message(format!(
                                "{id}: Number of extra_keys exceeds limit {MAX_EXTRA_KEYS_COUNT}."
                            )),
                    );
                }
                for key in keys {
                    let Some(text) = key.key.as_str() else {
                        continue; // a type error above, then a crash
                    };
                    let ok = self.string_check(
                        &StringCheck {
                            rule: &rules::EVENT_INVALID_EXTRA_KEY,
                            firefox_identifier: &id,
                            firefox_field: "extra_keys",
                            what: "extra key",
                            max_length: MAX_EXTRA_KEY_NAME_LENGTH,
                            probe: &probe.label,
                        },
                        text,
                        key.key.span,
                    );
                    if ok {
                        table_strings.push(("extra key", text.to_string(), key.key.span));
                    }
                }
            }
        }

        // Expiry.
        let version = fields.get("expiry_version");
        let date = fields.get("expiry_date");
        if generation == Generation::Legacy2017 {
            if version.is_none() && date.is_none() {
                self.push(probe.diag(
                    &rules::EVENT_EXPIRY_MISSING,
                    format!(
                        "event {} needs an expiry_version or an expiry_date",
                        quote(&id)
                    ),
                    probe.entry.key.span,
                ));
            }
            if let Some(date) = date {
                if let Some(text) = date.value.as_str() {
                    if text != "never" && !is_iso_date(text) {
                        self.push(probe.diag(
                            &rules::EVENT_EXPIRY_INVALID,
                            format!(
                                "invalid expiry_date {}: use `never` or a YYYY-MM-DD date",
                                quote(text)
                            ),
                            date.value.span,
                        ));
                    }
                }
            }
        } else if version.is_none() {
            self.push(
                probe
                    .diag(
                        &rules::EVENT_EXPIRY_MISSING,
                        format!(
                            "event {} has no expiry_version (Firefox assumes `never`)",
                            quote(&id)
                        ),
                        probe.entry.key.span,
                    )
                    .firefox_message(format!(
                        "{id}: event is missing required field expiry_version"
                    )),
            );
        }
        if let Some(version) = version {
            if let Some(text) = version.value.as_str() {
                let checked = strict && generation != Generation::Legacy2017;
                if checked && !is_valid_expiry(text) {
                    self.push(
                        probe
                            .diag(
                                &rules::EVENT_EXPIRY_INVALID,
                                format!(
                                    "invalid expiry_version {}: use `never` or a major version \
                                     of 1–3 digits",
                                    quote(text)
                                ),
                                version.value.span,
                            )
                            .firefox_message(format!("{id}: invalid expiry_version: {text}.")),
                    );
                } else {
                    if checked && expiry_has_leading_zero(text) {
                        self.push(probe.diag(
                            &rules::EVENT_EXPIRY_QUIRK,
                            format!(
                                "expiry_version {} has a leading zero: it is not normalised to \
                                 N.0a1",
                                quote(text)
                            ),
                            version.value.span,
                        ));
                    }
                    table_strings.push(("expiry", text.to_string(), version.value.span));
                }
            }
        }
        table_strings
    }

    /// The distinct values of a method or object list; each exact repeat is reported (it
    /// generates the same enumerators twice).
    fn distinct<'e>(
        &mut self,
        event: &Event,
        values: &'e [Spanned<String>],
        what: &str,
    ) -> Vec<&'e Spanned<String>> {
        let mut out: Vec<&Spanned<String>> = Vec::new();
        for value in values {
            match out.iter().find(|v| v.value == value.value) {
                Some(first) => self.push(
                    Diagnostic::new(
                        &rules::EVENT_ENUM_COLLISION,
                        format!(
                            "{what} {} is listed twice in event {}: its C++ enumerators are \
                             generated twice",
                            quote(value),
                            quote(&event.identifier())
                        ),
                    )
                    .at(value.span)
                    .label(first.span, "first listed here")
                    .probe(format!("{}.{}", event.category.value, event.name.value)),
                ),
                None => out.push(value),
            }
        }
        out
    }
}

/// `convert_to_cpp_identifier(s, "_")`: capitalise each `_`-separated part, join.
fn cpp_part(s: &str) -> String {
    s.split('_').map(py_capitalize).collect()
}

/// `YYYY-MM-DD` (the 2017 expiry_date format).
fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// Firefox's `nice_type_name`: `string` for str, else the Python type name.
fn nice_type_name(value: &Value) -> &'static str {
    match value {
        Value::Str(_) => "string",
        other => py_type_name(other),
    }
}

/// The typed event, with Firefox's defaults.
fn build_event(probe: &Probe<'_>, fields: &Fields<'_>) -> Event {
    let key_span = probe.entry.key.span;
    let strings = |field: &str| fields.get(field).map(|e| string_items(&e.value));
    let mut extra_keys: Vec<ExtraKey> = fields
        .get("extra_keys")
        .and_then(|e| e.value.as_map())
        .map(|map| {
            dict_entries(map)
                .into_iter()
                .filter_map(|e| {
                    Some(ExtraKey {
                        name: spanned_str(&e.key)?,
                        description: spanned_str(&e.value),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    extra_keys.sort_by(|a, b| a.name.value.cmp(&b.name.value));
    let expires = match fields.get("expiry_version") {
        Some(e) => spanned_str(&e.value).map(Expiry::new),
        None => Some(Expiry::new(Spanned::new("never".to_string(), key_span))),
    };
    let expiry_date = fields
        .get("expiry_date")
        .and_then(|e| match &e.value.value {
            Value::Str(s) | Value::Date(s) => Some(Spanned::new(s.clone(), e.value.span)),
            _ => None,
        });
    Event {
        category: Spanned::new(probe.category.to_string(), probe.category_key.span),
        name: Spanned::new(probe.name.to_string(), key_span),
        span: probe.entry.value.span,
        description: fields
            .get("description")
            .and_then(|e| spanned_str(&e.value)),
        methods: strings("methods")
            .unwrap_or_else(|| vec![Spanned::new(probe.name.to_string(), key_span)]),
        objects: strings("objects").unwrap_or_default(),
        extra_keys,
        bug_numbers: fields
            .get("bug_numbers")
            .map(|e| super::common::int_items(&e.value))
            .unwrap_or_default(),
        notification_emails: strings("notification_emails").unwrap_or_default(),
        record_in_processes: strings("record_in_processes").unwrap_or_default(),
        products: strings("products"),
        collection: collection(fields.get("release_channel_collection"), key_span),
        expires,
        expiry_date,
        operating_systems: strings("operating_systems")
            .unwrap_or_else(|| vec![Spanned::new("all".to_string(), key_span)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::common::tests::{
        STRUCTURE_PROBLEMS, definition_json, every_mode, ids, options, structure_problem_rules,
        tree,
    };

    fn run(json: &str, options: &Options) -> (Vec<Event>, Diagnostics) {
        let root = tree(json);
        let mut diagnostics = Diagnostics::default();
        let events = check(&[&root], options, &mut diagnostics);
        (events, diagnostics)
    }

    /// Firefox's minimal test event (`CATEGORY#test_event`) with `extra` fields merged in.
    fn event_json(extra: &str) -> String {
        let base = r#""objects": ["object1", "object2"], "bug_numbers": [12345],
            "notification_emails": ["test01@mozilla.com", "test02@mozilla.com"],
            "record_in_processes": ["main"], "description": "This is a test entry for Telemetry.",
            "products": ["firefox"], "expiry_version": "never""#;
        definition_json("CATEGORY", "test_event", base, extra)
    }

    fn strict() -> Options {
        options(true, Generation::Esr140)
    }

    fn one(extra: &str) -> (Vec<Event>, Diagnostics) {
        run(&event_json(extra), &strict())
    }

    #[test]
    fn firefox_case_26_defaults() {
        let (events, diagnostics) = one("");
        assert!(diagnostics.items.is_empty(), "{:?}", ids(&diagnostics));
        let e = &events[0];
        assert_eq!(e.identifier(), "CATEGORY#test_event");
        assert_eq!(e.methods.len(), 1);
        assert_eq!(e.methods[0].value, "test_event");
        assert_eq!(e.operating_systems[0].value, "all");
        assert!(e.extra_keys.is_empty());
        assert_eq!(e.cpp_category(), "Category");
        assert_eq!(e.enum_labels(), ["TestEvent_Object1", "TestEvent_Object2"]);
    }

    #[test]
    fn firefox_case_27_collection_none_is_an_error() {
        let (_, diagnostics) = one(r#""release_channel_collection": "none""#);
        assert_eq!(ids(&diagnostics), ["event/unknown-collection"]);
        assert_eq!(
            diagnostics.items[0].firefox_message.as_deref(),
            Some(
                "CATEGORY#test_event: Value for release_channel_collection should be one of: \
                 opt-in, opt-out"
            )
        );
    }

    #[test]
    fn firefox_case_28_custom_fields_and_sorted_extra_keys() {
        let (events, diagnostics) = one(
            r#""methods": ["method1", "method2"], "record_in_processes": ["content"],
               "products": ["fennec"], "extra_keys": {"key2": "b", "key1": "a", "Zed": "c"}"#,
        );
        assert!(diagnostics.items.is_empty(), "{:?}", ids(&diagnostics));
        let keys: Vec<&str> = events[0]
            .extra_keys
            .iter()
            .map(|k| k.name.value.as_str())
            .collect();
        assert_eq!(keys, ["Zed", "key1", "key2"]);
        assert_eq!(events[0].methods.len(), 2);
        assert_eq!(events[0].products.as_ref().unwrap()[0].value, "fennec");
    }

    #[test]
    fn firefox_cases_29_30_products_missing_or_empty_are_fatal() {
        let (events, diagnostics) = one(r#""products": "!remove""#);
        assert_eq!(ids(&diagnostics), ["event/missing-field"]);
        assert_eq!(diagnostics.items[0].firefox, FirefoxVerdict::Fatal);
        assert_eq!(
            diagnostics.items[0].firefox_message.as_deref(),
            Some("CATEGORY#test_event: Missing required fields: products")
        );
        assert_eq!(events[0].products, None);

        let (_, diagnostics) = one(r#""products": []"#);
        assert_eq!(ids(&diagnostics), ["event/empty-list"]);
        assert_eq!(diagnostics.items[0].firefox, FirefoxVerdict::Fatal);
        assert_eq!(
            diagnostics.items[0].firefox_message.as_deref(),
            Some("CATEGORY#test_event: Failed check for products - list should not be empty.")
        );
    }

    #[test]
    fn products_values_only_in_strict_mode() {
        let (_, diagnostics) = run(
            &event_json(r#""products": ["geckoview"]"#),
            &options(false, Generation::Esr140),
        );
        assert!(diagnostics.items.is_empty());
        let (_, diagnostics) = one(r#""products": ["geckoview"]"#);
        assert_eq!(
            diagnostics.items[0].firefox_message.as_deref(),
            Some("CATEGORY#test_event: Unknown value in products: geckoview")
        );
        let (_, diagnostics) = run(
            &event_json(r#""products": ["geckoview"], "operating_systems": ["mac"]"#),
            &options(true, Generation::Firefox76),
        );
        assert!(diagnostics.items.is_empty());
    }

    #[test]
    fn strings_as_lists_are_iterated() {
        let (events, diagnostics) = run(
            &event_json(r#""objects": "abc""#),
            &options(false, Generation::Esr140),
        );
        assert_eq!(ids(&diagnostics), ["event/string-as-list"]);
        assert_eq!(events[0].objects.len(), 3);
        let (_, diagnostics) = one(r#""objects": "abc""#);
        assert_eq!(
            ids(&diagnostics),
            [
                "event/string-as-list",
                "event/invalid-object",
                "event/invalid-object",
                "event/invalid-object"
            ]
        );
        let (_, diagnostics) = one(r#""record_in_processes": "main""#);
        assert_eq!(diagnostics.items.len(), 5);
        let (_, diagnostics) = one(r#""objects": """#);
        assert_eq!(ids(&diagnostics), ["event/empty-list"]);
    }

    #[test]
    fn identifiers_lengths_and_extra_keys() {
        let keys: serde_json::Map<String, serde_json::Value> = (0..11)
            .map(|i| (format!("key{i}"), serde_json::Value::from("d")))
            .chain([("a_very_long_extra_key".to_string(), "d".into())])
            .collect();
        let (_, diagnostics) = one(&format!(
            r#""methods": ["m", "a_method_name_longer_than_20"], "extra_keys": {}"#,
            serde_json::Value::Object(keys)
        ));
        assert_eq!(
            ids(&diagnostics),
            [
                "event/invalid-method",
                "event/invalid-method",
                "event/too-many-extra-keys",
                "event/invalid-extra-key",
            ]
        );
        assert_eq!(
            diagnostics.items[0].firefox_message.as_deref(),
            Some(
                "CATEGORY#test_event: String value \"m\" for methods is not matching pattern \
                 \"^[a-zA-Z][a-zA-Z0-9_.]*[a-zA-Z0-9]$\"."
            )
        );
        // An event named `e` fails through its default method.
        let (_, diagnostics) = run(&event_json("").replace("test_event", "e"), &strict());
        assert_eq!(
            ids(&diagnostics),
            ["event/invalid-name", "event/invalid-method"]
        );
        // Empty category: two errors.
        let (_, diagnostics) = run(&event_json("").replace("CATEGORY", ""), &strict());
        assert_eq!(
            ids(&diagnostics)[..2],
            ["event/invalid-category", "event/invalid-category"]
        );
    }

    #[test]
    fn expiry_rules() {
        let (events, diagnostics) = one(r#""expiry_version": "!remove""#);
        assert_eq!(ids(&diagnostics), ["event/expiry-missing"]);
        assert!(events[0].expires.as_ref().unwrap().is_never());
        let (_, diagnostics) = one(r#""expiry_version": "58.0""#);
        assert_eq!(ids(&diagnostics), ["event/expiry-invalid"]);
        assert_eq!(diagnostics.items[0].firefox, FirefoxVerdict::Fatal);
        let (events, diagnostics) = one(r#""expiry_version": "60""#);
        assert!(diagnostics.items.is_empty());
        assert_eq!(events[0].expires.as_ref().unwrap().normalized, "60.0a1");
        let (_, diagnostics) = one(r#""expiry_date": "never""#);
        assert_eq!(ids(&diagnostics), ["event/unknown-field"]);
        assert_eq!(diagnostics.items[0].firefox, FirefoxVerdict::Crash);
    }

    #[test]
    fn legacy_generation() {
        let legacy = options(true, Generation::Legacy2017);
        let (events, diagnostics) = run(
            &event_json(
                r#""products": "!remove", "expiry_version": "!remove",
                   "expiry_date": "!date:2014-01-28""#,
            ),
            &legacy,
        );
        assert!(diagnostics.items.is_empty(), "{:?}", ids(&diagnostics));
        assert_eq!(events[0].expiry_date.as_ref().unwrap().value, "2014-01-28");
        assert!(events[0].expires.as_ref().unwrap().is_never());
        let (_, diagnostics) = run(
            &event_json(r#""products": "!remove", "expiry_version": "3.6""#),
            &legacy,
        );
        assert!(diagnostics.items.is_empty());
        let (_, diagnostics) = run(
            &event_json(r#""products": "!remove", "expiry_version": "!remove""#),
            &legacy,
        );
        assert_eq!(ids(&diagnostics), ["event/expiry-missing"]);
    }

    #[test]
    fn type_errors() {
        let (_, diagnostics) = one(
            r#""bug_numbers": ["x", true], "description": 5, "objects": 5,
               "extra_keys": {"kk": 5, "!int:3": "d"}"#,
        );
        assert_eq!(
            ids(&diagnostics),
            [
                "event/field-type",
                "event/field-type",
                "event/bool-as-int",
                "event/field-type",
                "event/field-type",
                "event/field-type",
            ]
        );
        let messages: Vec<Option<&str>> = diagnostics
            .items
            .iter()
            .map(|d| d.firefox_message.as_deref())
            .collect();
        assert_eq!(messages[0], None, "objects: 5 is a plain crash");
        assert_eq!(
            messages[1],
            Some(
                "CATEGORY#test_event: Failed type check for bug_numbers - expected list value \
                 type int, got string."
            )
        );
        assert_eq!(
            messages[3],
            Some(
                "CATEGORY#test_event: Failed type check for description - expected string, got int."
            )
        );
        assert_eq!(
            messages[5],
            Some(
                "CATEGORY#test_event: Failed dict type check for extra_keys - expected value \
                 type string for key kk, got int."
            )
        );
    }

    #[test]
    fn enum_collisions() {
        let (_, diagnostics) = one(r#""methods": ["openIt", "openit", "close", "close"]"#);
        let collisions: Vec<&str> = diagnostics
            .items
            .iter()
            .filter(|d| d.rule.id == "event/enum-collision")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(collisions.len(), 2, "{collisions:?}");
        assert!(collisions[0].contains("listed twice"));
        assert!(collisions[1].contains("EventID::Category_Openit_Object1"));

        // Two categories with the same C++ name and the same pairs.
        let (_, diagnostics) = run(
            r#"{"my.cat": {"ev": {"objects": ["obj"], "expiry_version": "never"}},
                "mycat": {"ev": {"objects": ["obj"], "expiry_version": "never"}}}"#,
            &options(false, Generation::Esr140),
        );
        let collisions: Vec<&Diagnostic> = diagnostics
            .items
            .iter()
            .filter(|d| d.rule.id == "event/enum-collision")
            .collect();
        assert_eq!(collisions.len(), 0, "MyCat and Mycat differ");
        let (_, diagnostics) = run(
            r#"{"my.cat": {"ev": {"objects": ["obj"], "expiry_version": "never"}},
                "my.Cat": {"ev": {"objects": ["obj"], "expiry_version": "never"}}}"#,
            &options(false, Generation::Esr140),
        );
        assert!(
            diagnostics
                .items
                .iter()
                .any(|d| d.rule.id == "event/enum-collision"
                    && d.message.contains("EventID::MyCat_Ev_Obj"))
        );
    }

    #[test]
    fn structure_problems_are_clean_errors() {
        let (events, diagnostics) = run(STRUCTURE_PROBLEMS, &options(false, Generation::Esr140));
        assert!(events.is_empty());
        assert_eq!(ids(&diagnostics), structure_problem_rules("event"));
    }

    #[test]
    fn table_strings() {
        let (_, diagnostics) = run(
            &event_json(r#""objects": ["a*/b", "ok\n"], "expiry_version": "60\n""#),
            &options(false, Generation::Esr140),
        );
        assert_eq!(
            ids(&diagnostics),
            [
                "event/string-table-comment",
                "event/string-table-char",
                "event/string-table-char"
            ]
        );
    }

    #[test]
    fn never_panics_on_odd_trees() {
        for json in [
            "null",
            "[]",
            r#"{"c": {"e": {"methods": 5, "objects": {"a": 1, "!int:2": 3}, "extra_keys": [],
                "expiry_version": "!date:2018-01-01", "record_in_processes": [[1]],
                "products": [null], "operating_systems": "x", "release_channel_collection": []}}}"#,
            r#"{"c": {"e": {"extra_keys": {}, "expiry_date": 5, "bug_numbers": null}}}"#,
        ] {
            for options in every_mode() {
                let _ = run(json, &options);
            }
        }
    }
}
