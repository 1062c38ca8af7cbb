//! Histograms.json and the allowlist (rules.md §2), in the order of Firefox's
//! `verify_attributes`, without stopping at fatal errors.

use std::collections::{HashMap, HashSet};

use super::AllowlistInput;
use super::common::{
    int_items, is_histogram_name, is_py_int, is_valid_expiry, py_iter, py_len, quote, spanned_str,
    string_items, table_string_diagnostic,
};
use super::expression::{Evaluated, coerce};
use crate::diagnostic::{Diagnostic, Diagnostics, FirefoxVerdict, Severity};
use crate::load::Options;
use crate::model::{Collection, Expiry, Histogram, HistogramKind, Spanned};
use crate::rules::{self, Generation, OPERATING_SYSTEMS, Rule};
use crate::source::Span;
use crate::value::{Entry, Node, Value};

const DOC_URL: &str = "https://firefox-source-docs.mozilla.org/toolkit/components/telemetry/telemetry/collection/histograms.html";
const SCALARS_DOC_URL: &str = "https://firefox-source-docs.mozilla.org/toolkit/components/telemetry/telemetry/collection/scalars.html";
const NAME_PATTERN: &str = "^[a-z][a-z0-9_]+[a-z0-9]$";
const MAX_LABEL_LENGTH: usize = 20;
const MAX_LABEL_COUNT: usize = 100;
const MAX_KEY_COUNT: usize = 30;
const MAX_KEY_LENGTH: usize = 20;
/// Label, key and store index tables hold int16-addressable 4-byte entries.
const MAX_TABLE_ENTRIES: usize = 16_383;
/// The bucket-bounds table uses int16 offsets.
const MAX_BOUNDS_TABLE: usize = 32_767;

/// Fields every kind accepts, per generation.
fn always_allowed(generation: Generation) -> &'static [&'static str] {
    match generation {
        Generation::Esr140 | Generation::Firefox76 => &[
            "kind",
            "description",
            "operating_systems",
            "expires_in_version",
            "alert_emails",
            "keyed",
            "releaseChannelCollection",
            "bug_numbers",
            "keys",
            "record_in_processes",
            "record_into_store",
            "products",
        ],
        Generation::Legacy2017 => &[
            "kind",
            "description",
            "cpp_guard",
            "expires_in_version",
            "alert_emails",
            "keyed",
            "releaseChannelCollection",
            "bug_numbers",
            "record_in_processes",
        ],
    }
}

fn kind_extras(kind: HistogramKind, strict: bool) -> &'static [&'static str] {
    match kind {
        HistogramKind::Enumerated => &["n_values"],
        HistogramKind::Categorical => &["labels", "n_values"],
        HistogramKind::Linear => &["low", "high", "n_buckets"],
        // Non-strict mode tolerates the historical `extended_statistics_ok`.
        HistogramKind::Exponential if strict => &["low", "high", "n_buckets"],
        HistogramKind::Exponential => &["low", "high", "n_buckets", "extended_statistics_ok"],
        HistogramKind::Boolean | HistogramKind::Flag | HistogramKind::Count => &[],
    }
}

fn kind_exists(kind: HistogramKind, generation: Generation) -> bool {
    kind != HistogramKind::Flag || generation != Generation::Esr140
}

/// C++ keywords: a histogram name or label equal to one does not compile as an enumerator.
const CPP_KEYWORDS: &[&str] = &[
    "alignas",
    "alignof",
    "and",
    "and_eq",
    "asm",
    "auto",
    "bitand",
    "bitor",
    "bool",
    "break",
    "case",
    "catch",
    "char",
    "char8_t",
    "char16_t",
    "char32_t",
    "class",
    "compl",
    "concept",
    "const",
    "consteval",
    "constexpr",
    "constinit",
    "const_cast",
    "continue",
    "co_await",
    "co_return",
    "co_yield",
    "decltype",
    "default",
    "delete",
    "do",
    "double",
    "dynamic_cast",
    "else",
    "enum",
    "explicit",
    "export",
    "extern",
    "false",
    "float",
    "for",
    "friend",
    "goto",
    "if",
    "inline",
    "int",
    "long",
    "mutable",
    "namespace",
    "new",
    "noexcept",
    "not",
    "not_eq",
    "nullptr",
    "operator",
    "or",
    "or_eq",
    "private",
    "protected",
    "public",
    "register",
    "reinterpret_cast",
    "requires",
    "return",
    "short",
    "signed",
    "sizeof",
    "static",
    "static_assert",
    "static_cast",
    "struct",
    "switch",
    "template",
    "this",
    "thread_local",
    "throw",
    "true",
    "try",
    "typedef",
    "typeid",
    "typename",
    "union",
    "unsigned",
    "using",
    "virtual",
    "void",
    "volatile",
    "wchar_t",
    "while",
    "xor",
    "xor_eq",
];

mod allowlist;
mod generator;

use allowlist::Allowlist;

struct Checker<'a, 'd> {
    options: &'a Options,
    allowlist: Option<Allowlist<'a>>,
    diagnostics: &'d mut Diagnostics,
}

pub(super) fn check(
    files: &[&Node],
    allowlist: AllowlistInput<'_>,
    options: &Options,
    diagnostics: &mut Diagnostics,
) -> Vec<Histogram> {
    let mut checker = Checker {
        options,
        allowlist: None,
        diagnostics,
    };
    // The 2017 scripts loaded the whitelist into a local variable, so every allowlist-based
    // check was dead code (rules.md §6); non-strict mode never loads it.
    if options.strict && options.generation != Generation::Legacy2017 {
        checker.allowlist = Some(checker.read_allowlist(allowlist));
    }

    let definitions = checker.collect(files);
    if let AllowlistInput::Parsed(root) = allowlist {
        checker.check_orphans(&definitions, root);
    }

    let mut histograms = Vec::with_capacity(definitions.len());
    for (name, definition) in &definitions {
        if let Some(histogram) = checker.check_one(name, definition) {
            histograms.push(histogram);
        }
    }
    // Only when the files are readable objects: a non-object top level is file/top-level.
    if definitions.is_empty() && files.iter().all(|f| f.as_map().is_some()) {
        if let Some(file) = files.first() {
            checker.push(
                Diagnostic::new(&rules::HISTOGRAM_NONE_DEFINED, "no histograms are defined")
                    .at(file.span.start_point()),
            );
        }
    }
    checker.check_tables(&histograms);
    histograms
}

impl<'a> Checker<'a, '_> {
    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn strict(&self) -> bool {
        self.options.strict
    }

    fn generation(&self) -> Generation {
        self.options.generation
    }

    /// All histograms of all files in Firefox's order: the first position and the last
    /// definition of a repeated name.
    fn collect(&mut self, files: &[&'a Node]) -> Vec<(&'a Node, &'a Node)> {
        let mut definitions: Vec<(&Node, &Node)> = Vec::new();
        let mut position: HashMap<&str, (usize, usize)> = HashMap::new();
        for (file_index, file) in files.iter().enumerate() {
            let Some(entries) = super::top_level_map(file, "Histograms.json", self.diagnostics)
            else {
                continue;
            };
            for Entry { key, value } in entries {
                let Some(name) = key.as_str() else { continue };
                match position.get(name) {
                    Some(&(index, first_file)) => {
                        if first_file != file_index {
                            let first = definitions[index].0.span;
                            self.push(
                                Diagnostic::new(
                                    &rules::FILE_DUPLICATE_DEFINITION,
                                    format!("histogram {} is defined in two files", quote(name)),
                                )
                                .at(key.span)
                                .label(first, "first defined here")
                                .probe(name)
                                .firefox_message(format!("Duplicate histogram name \"{name}\".")),
                            );
                        }
                        definitions[index].1 = value;
                    }
                    None => {
                        position.insert(name, (definitions.len(), file_index));
                        definitions.push((key, value));
                    }
                }
            }
        }
        definitions
    }

    fn check_one(&mut self, key: &Node, definition: &Node) -> Option<Histogram> {
        let name = key.as_str().unwrap_or_default();
        let report = |rule: &'static Rule, message: String, span: Span| {
            Diagnostic::new(rule, message).at(span).probe(name)
        };
        let Some(_) = definition.as_map() else {
            self.push(report(
                &rules::HISTOGRAM_NOT_AN_OBJECT,
                format!(
                    "histogram {} must be an object, found {}",
                    quote(name),
                    definition.value.type_name()
                ),
                definition.span,
            ));
            return None;
        };
        let field = |field: &str| definition.get(field);

        // Kind: required (KeyError otherwise), and one of the generation's kinds (fatal).
        let kind = match field("kind") {
            None => {
                self.push(report(
                    &rules::HISTOGRAM_MISSING_FIELD,
                    format!("histogram {} has no \"kind\"", quote(name)),
                    key.span,
                ));
                None
            }
            Some(entry) => match entry.value.as_str().and_then(HistogramKind::parse) {
                Some(kind) if kind_exists(kind, self.generation()) => {
                    Some(Spanned::new(kind, entry.value.span))
                }
                _ => {
                    let shown = match &entry.value.value {
                        Value::Str(s) => s.clone(),
                        other => format!("{other:?}"),
                    };
                    let mut diagnostic = report(
                        &rules::HISTOGRAM_UNKNOWN_KIND,
                        format!("unknown histogram kind {}", quote(&shown)),
                        entry.value.span,
                    )
                    .firefox_message(format!(
                        "Unknown kind \"{shown}\" for histogram \"{name}\"."
                    ));
                    if shown == "flag" {
                        diagnostic = diagnostic.help(
                            "`flag` was removed after Firefox 76: use a boolean histogram or a \
                             boolean scalar (or check with --rules 2020 for a 2020 file)",
                        );
                    }
                    self.push(diagnostic);
                    None
                }
            },
        };

        self.check_name(name, key);
        self.check_allowed_fields(name, definition, kind.as_ref().map(|k| k.value));
        self.check_keys_field(name, definition);
        let parameters = self.check_field_types(name, definition);
        if let Some(kind) = &kind {
            self.check_allowlisted_kind(name, kind, definition);
        }
        self.check_allowlistable_fields(name, key, definition);
        let expires = self.check_expiration(name, key, definition);
        let labels = self.check_labels(name, definition);
        let record_in_processes = self.check_processes(name, key, definition);
        let products = self.check_products(name, key, definition);
        let operating_systems = self.check_operating_systems(name, definition);
        let record_into_store = self.check_stores(name, definition);
        let collection = self.check_collection(name, definition);
        self.check_generator_strings(name, definition);

        if field("description").is_none() {
            self.push(report(
                &rules::HISTOGRAM_MISSING_FIELD,
                format!("histogram {} has no \"description\"", quote(name)),
                key.span,
            ));
        }
        let kind = kind?;
        let keyed = field("keyed").is_some_and(|e| {
            e.value.is_truthy() && (matches!(e.value.value, Value::Bool(_)) || !self.strict())
        });
        let histogram = Histogram {
            name: Spanned::new(name.to_string(), key.span),
            span: definition.span,
            kind,
            description: field("description").and_then(|e| spanned_str(&e.value)),
            expires,
            alert_emails: field("alert_emails").map(|e| string_items(&e.value)),
            bug_numbers: field("bug_numbers").map(|e| int_items(&e.value)),
            keyed,
            keys: field("keys")
                .map(|e| string_items(&e.value))
                .unwrap_or_default(),
            labels,
            low: parameters.low,
            high: parameters.high,
            n_buckets: parameters.n_buckets,
            n_values: parameters.n_values,
            record_in_processes,
            record_into_store,
            products,
            operating_systems,
            collection,
            cpp_guard: field("cpp_guard").and_then(|e| spanned_str(&e.value)),
        };
        self.check_bucket_parameters(&histogram, key, definition);
        Some(histogram)
    }

    fn check_name(&mut self, name: &str, key: &Node) {
        let report = |rule: &'static Rule, message: String, firefox: String| {
            Diagnostic::new(rule, message)
                .at(key.span)
                .probe(name)
                .firefox_message(firefox)
        };
        if name.contains('#') {
            self.push(report(
                &rules::HISTOGRAM_NAME_HASH,
                format!("histogram name {} contains `#`", quote(name)),
                format!("Error for histogram name \"{name}\": \"#\" is not allowed."),
            ));
        }
        if name.starts_with("LABELS_") {
            self.push(report(
                &rules::HISTOGRAM_NAME_LABELS_PREFIX,
                format!("histogram name {} starts with `LABELS_`", quote(name)),
                format!("Error for histogram name \"{name}\":  can not start with \"LABELS_\"."),
            ));
        }
        if self.strict() {
            if !is_histogram_name(name) {
                self.push(report(
                    &rules::HISTOGRAM_NAME_PATTERN,
                    format!("histogram name {} does not match {NAME_PATTERN}", quote(name)),
                    format!(
                        "Error for histogram name \"{name}\": name does not conform to \"{NAME_PATTERN}\""
                    ),
                ));
            } else if !name.is_ascii() {
                self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_NON_ASCII_NAME,
                        format!(
                            "histogram name {} contains a non-ASCII letter; Firefox's perfect-hash generator fails on it",
                            quote(name)
                        ),
                    )
                    .at(key.span)
                    .probe(name),
                );
            }
        }
        if name == "HistogramCount" || CPP_KEYWORDS.contains(&name) {
            self.push(
                Diagnostic::new(
                    &rules::HISTOGRAM_CPP_RESERVED,
                    format!(
                        "histogram name {} clashes with a C++ keyword or generated identifier",
                        quote(name)
                    ),
                )
                .at(key.span)
                .probe(name),
            );
        }
    }

    fn check_allowed_fields(&mut self, name: &str, definition: &Node, kind: Option<HistogramKind>) {
        if !self.strict() {
            return;
        }
        let always = always_allowed(self.generation());
        let extras: &[&str] = match kind {
            Some(kind) => kind_extras(kind, true),
            // Unknown kind: Firefox stops here; we only flag fields no kind allows.
            None => &["low", "high", "n_buckets", "n_values", "labels"],
        };
        for entry in definition.as_map().unwrap_or_default() {
            let Some(field) = entry.key.as_str() else {
                continue;
            };
            if always.contains(&field) || extras.contains(&field) {
                continue;
            }
            let kind_name = kind.map_or("this", HistogramKind::as_str);
            self.push(
                Diagnostic::new(
                    &rules::HISTOGRAM_FIELD_NOT_ALLOWED,
                    format!(
                        "field {} is not allowed for a {kind_name} histogram",
                        quote(field)
                    ),
                )
                .at(entry.key.span)
                .probe(name)
                .firefox_message(format!(
                    "Key \"{field}\" is not allowed for histogram \"{name}\"."
                )),
            );
        }
    }

    fn check_keys_field(&mut self, name: &str, definition: &Node) {
        if !self.strict() || self.generation() == Generation::Legacy2017 {
            return;
        }
        let Some(entry) = definition.get("keys") else {
            return;
        };
        if matches!(entry.value.value, Value::Null) {
            return;
        }
        let report = |rule: &'static Rule, message: String, firefox: String| {
            Diagnostic::new(rule, message)
                .at(entry.value.span)
                .probe(name)
                .firefox_message(firefox)
        };
        let keyed = definition.get("keyed").is_some_and(|e| e.value.is_truthy());
        if !keyed {
            self.push(report(
                &rules::HISTOGRAM_KEYS_NOT_KEYED,
                format!("histogram {} declares `keys` but is not keyed", quote(name)),
                format!("'keys' field is not valid for {name}; only allowed for keyed histograms."),
            ));
        }
        let Some(keys) = py_iter(&entry.value) else {
            self.push(
                Diagnostic::new(
                    &rules::HISTOGRAM_FIELD_TYPE,
                    format!(
                        "`keys` must be a list of strings, found {}",
                        entry.value.value.type_name()
                    ),
                )
                .at(entry.value.span)
                .probe(name)
                .firefox(FirefoxVerdict::Crash),
            );
            return;
        };
        if keys.is_empty() {
            self.push(report(
                &rules::HISTOGRAM_KEYS_EMPTY,
                "the `keys` list is empty".to_string(),
                format!("The key list for {name} cannot be empty"),
            ));
        }
        if keys.len() > MAX_KEY_COUNT {
            self.push(report(
                &rules::HISTOGRAM_TOO_MANY_KEYS,
                format!(
                    "{} keys declared; at most {MAX_KEY_COUNT} are allowed",
                    keys.len()
                ),
                format!("Label count for {name} exceeds limit of {MAX_KEY_COUNT}"),
            ));
        }
        let long: Vec<&Node> = keys
            .iter()
            .filter(|k| k.as_str().is_some_and(|s| py_len(s) > MAX_KEY_LENGTH))
            .collect();
        if !long.is_empty() {
            let joined: Vec<&str> = long.iter().filter_map(|k| k.as_str()).collect();
            for key in &long {
                self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_KEY_TOO_LONG,
                        format!(
                            "key {} is {} characters long; at most {MAX_KEY_LENGTH} are allowed",
                            quote(key.as_str().unwrap_or_default()),
                            py_len(key.as_str().unwrap_or_default())
                        ),
                    )
                    .at(key.span)
                    .probe(name)
                    .firefox_message(format!(
                        "\"keys\" values for {name} are exceeding length \"{MAX_KEY_LENGTH}\": {}",
                        joined.join(", ")
                    )),
                );
            }
        }
    }

    /// Type checks (both modes), non-strict coercion, the INT_MAX check and the bool/string
    /// quirks. Returns the bucket parameters as read.
    fn check_field_types(&mut self, name: &str, definition: &Node) -> Parameters {
        let mut parameters = Parameters::default();
        for field in ["n_buckets", "n_values", "low", "high"] {
            let Some(entry) = definition.get(field) else {
                continue;
            };
            let value = &entry.value;
            let read = match &value.value {
                Value::Str(text) if !self.strict() => match coerce(text) {
                    Some(Evaluated::Int(v)) => {
                        self.push(
                            Diagnostic::new(
                                &rules::HISTOGRAM_NON_STRICT_COERCION,
                                format!("{} is evaluated as {v}", quote(text)),
                            )
                            .at(value.span)
                            .probe(name),
                        );
                        Some(v)
                    }
                    _ => None,
                },
                Value::Bool(b) => {
                    // Python passes it as an int; the generator then prints `True`.
                    self.push(
                        Diagnostic::new(
                            &rules::HISTOGRAM_BOOL_AS_INT,
                            format!("`{b}` is not a number; Python reads it as {}, and the generated C++ gets `{}`", i64::from(*b), if *b { "True" } else { "False" }),
                        )
                        .at(value.span)
                        .probe(name)
                        .severity(Severity::Error)
                        .firefox(FirefoxVerdict::Generator),
                    );
                    Some(i64::from(*b))
                }
                Value::Int(i) => match i.as_i64() {
                    Some(v) => Some(v),
                    None if field == "high" => None, // the INT_MAX check reports it
                    None => {
                        self.push(
                            Diagnostic::new(
                                &rules::HISTOGRAM_BUCKET_LAYOUT,
                                format!("{field} is far too large"),
                            )
                            .at(value.span)
                            .probe(name),
                        );
                        None
                    }
                },
                _ => None,
            };
            let spanned = read.map(|v| Spanned::new(v, value.span));
            match field {
                "n_buckets" => parameters.n_buckets = spanned,
                "n_values" => parameters.n_values = spanned,
                "low" => parameters.low = spanned,
                _ => parameters.high = spanned,
            }
            // A string that non-strict mode could not evaluate stays a string.
            if !is_py_int(&value.value) && read.is_none() {
                self.type_error(name, field, "int", value);
            }
        }
        for (field, expected) in [
            ("keyed", "bool"),
            ("expires_in_version", "string"),
            ("kind", "string"),
            ("description", "string"),
            ("releaseChannelCollection", "string"),
        ] {
            let Some(entry) = definition.get(field) else {
                continue;
            };
            let ok = match (&entry.value.value, expected) {
                (Value::Bool(_), "bool") => true,
                (Value::Str(s), "bool") => !self.strict() && s == "true",
                (Value::Str(_), "string") => true,
                _ => false,
            };
            if !ok {
                self.type_error(name, field, expected, &entry.value);
            }
        }

        // INT_MAX: `high` squeezed into a C int must be > 0 (both modes).
        if let Some(entry) = definition.get("high") {
            let value = &entry.value;
            let c_int = match &value.value {
                Value::Int(i) => Some(i.as_c_int()),
                Value::Bool(b) => Some(i32::from(*b)),
                _ => parameters.high.as_ref().map(|h| h.value as i32),
            };
            match c_int {
                Some(c) if c > 0 => {
                    let wrapped = matches!(&value.value, Value::Int(i) if !i.exact || i.value != i128::from(c));
                    if wrapped {
                        self.push(
                            Diagnostic::new(
                                &rules::HISTOGRAM_HIGH_INT_MAX,
                                format!("high = {} passes Firefox's INT_MAX check only by wrapping to {c}; the generated C++ gets the unwrapped value", self_text(value)),
                            )
                            .at(value.span)
                            .probe(name)
                            .firefox(FirefoxVerdict::Generator),
                        );
                    }
                }
                Some(_) => self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_HIGH_INT_MAX,
                        format!("high = {} does not fit a positive 32-bit int", self_text(value)),
                    )
                    .at(value.span)
                    .probe(name)
                    .firefox_message("Value for high in histogram \"c_int\" should be lower or equal to INT_MAX."),
                ),
                None => self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_HIGH_INT_MAX,
                        format!("high must be an int, found {}; Firefox crashes on it", value.value.type_name()),
                    )
                    .at(value.span)
                    .probe(name)
                    .firefox(FirefoxVerdict::Crash),
                ),
            }
        }

        for (field, expected) in [
            ("bug_numbers", "int"),
            ("alert_emails", "string"),
            ("labels", "string"),
            ("record_in_processes", "string"),
            ("keys", "string"),
            ("products", "string"),
            ("operating_systems", "string"),
            ("record_into_store", "string"),
        ] {
            let Some(entry) = definition.get(field) else {
                continue;
            };
            let value = &entry.value;
            let Some(items) = py_iter(value) else {
                // Python raises TypeError iterating a non-iterable; `null` keys are skipped
                // by the keys check but still crash here.
                self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_FIELD_TYPE,
                        format!(
                            "`{field}` must be a list, found {}",
                            value.value.type_name()
                        ),
                    )
                    .at(value.span)
                    .probe(name)
                    .firefox(FirefoxVerdict::Crash),
                );
                continue;
            };
            match &value.value {
                Value::Str(_) | Value::Map(_) => self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_STRING_AS_LIST,
                        format!(
                            "`{field}` is a {}, not a list; Firefox iterates it as {}",
                            value.value.type_name(),
                            if matches!(value.value, Value::Str(_)) {
                                "its characters"
                            } else {
                                "its keys"
                            }
                        ),
                    )
                    .at(value.span)
                    .probe(name),
                ),
                _ => {}
            }
            let bad = items.iter().find(|item| match expected {
                "int" => !is_py_int(&item.value),
                _ => !matches!(item.value, Value::Str(_)),
            });
            if let Some(bad) = bad {
                self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_FIELD_TYPE,
                        format!("every item of `{field}` must be {expected}, found {}", bad.value.type_name()),
                    )
                    .at(bad.span)
                    .probe(name)
                    .firefox_message(format!(
                        "All values for list \"{field}\" in histogram \"{name}\" should be of type {expected}."
                    )),
                );
            }
            if expected == "int" {
                for item in items.iter() {
                    if let Value::Bool(b) = item.value {
                        self.push(
                            Diagnostic::new(
                                &rules::HISTOGRAM_BOOL_AS_INT,
                                format!("`{b}` in `{field}` is read as {}", i64::from(b)),
                            )
                            .at(item.span)
                            .probe(name),
                        );
                    }
                }
            }
        }
        parameters
    }

    fn type_error(&mut self, name: &str, field: &str, expected: &str, value: &Node) {
        let article = if expected == "int" { "an" } else { "a" };
        self.push(
            Diagnostic::new(
                &rules::HISTOGRAM_FIELD_TYPE,
                format!(
                    "`{field}` must be {article} {expected}, found {}",
                    value.value.type_name()
                ),
            )
            .at(value.span)
            .probe(name)
            .firefox_message(format!(
                "Value for key \"{field}\" in histogram \"{name}\" should be {expected}."
            )),
        );
    }

    fn check_allowlisted_kind(
        &mut self,
        name: &str,
        kind: &Spanned<HistogramKind>,
        definition: &Node,
    ) {
        if !self.strict() || self.allowlist.is_none() {
            return;
        }
        if !matches!(kind.value, HistogramKind::Count | HistogramKind::Flag) {
            return;
        }
        let android = definition
            .get("operating_systems")
            .and_then(|e| py_iter(&e.value))
            .is_some_and(|items| items.iter().any(|i| i.as_str() == Some("android")));
        if android || self.allowlisted("kind", name) {
            return;
        }
        let kind_name = kind.value.as_str();
        self.push(
            Diagnostic::new(
                &rules::HISTOGRAM_KIND_NOT_ALLOWLISTED,
                format!("new `{kind_name}` histograms are not allowed: use a uint scalar"),
            )
            .at(kind.span)
            .probe(name)
            .firefox_message(format!(
                "Unsupported kind \"{kind_name}\" for histogram \"{name}\":\nNew \"{kind_name}\" histograms are not supported on Desktop, you should use scalars instead:\n{SCALARS_DOC_URL}\nAre you trying to add a histogram on Android? Add \"operating_systems\": [\"android\"] to your histogram definition."
            )),
        );
    }

    fn check_allowlistable_fields(&mut self, name: &str, key: &Node, definition: &Node) {
        if !self.strict() || self.allowlist.is_none() {
            return;
        }
        for (field, rule) in [
            ("alert_emails", &rules::HISTOGRAM_MISSING_ALERT_EMAILS),
            ("bug_numbers", &rules::HISTOGRAM_MISSING_BUG_NUMBERS),
        ] {
            let present = definition.get(field);
            let listed = self.allowlisted(field, name);
            match (present, listed) {
                (None, false) => self.push(
                    Diagnostic::new(rule, format!("histogram {} has no `{field}`", quote(name)))
                        .at(key.span)
                        .probe(name)
                        .firefox_message(format!("New histogram \"{name}\" must have a \"{field}\" field.")),
                ),
                (Some(entry), true) => self.push(
                    Diagnostic::new(
                        &rules::ALLOWLIST_NOT_NEEDED,
                        format!("histogram {} has `{field}` but is still in that allowlist", quote(name)),
                    )
                    .at(entry.key.span)
                    .probe(name)
                    .firefox_message(format!(
                        "Histogram \"{name}\" should be removed from the allowlist for \"{field}\" in histogram-allowlists.json."
                    )),
                ),
                _ => {}
            }
        }
        // Firefox checks nothing else; a comma or space means several addresses in one string.
        if let Some(entry) = definition.get("alert_emails") {
            for email in string_items(&entry.value) {
                if matches!(entry.value.value, Value::List(_)) && email.value.contains([',', ' ']) {
                    self.push(
                        Diagnostic::new(
                            &rules::HISTOGRAM_EMAIL_SEPARATOR,
                            format!(
                                "{} looks like several addresses in one string",
                                quote(&email.value)
                            ),
                        )
                        .at(email.span)
                        .probe(name),
                    );
                }
            }
        }
    }

    fn check_expiration(&mut self, name: &str, key: &Node, definition: &Node) -> Option<Expiry> {
        let Some(entry) = definition.get("expires_in_version") else {
            self.push(
                Diagnostic::new(
                    &rules::HISTOGRAM_EXPIRY_MISSING,
                    format!("histogram {} has no `expires_in_version`", quote(name)),
                )
                .at(key.span)
                .probe(name),
            );
            return None;
        };
        let value = &entry.value;
        let text = match &value.value {
            Value::Str(s) => s.as_str(),
            Value::Null => {
                self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_EXPIRY_MISSING,
                        "`expires_in_version` is null",
                    )
                    .at(value.span)
                    .probe(name),
                );
                return None;
            }
            other if !other.is_truthy() => return None, // false, 0: skipped by `if not expiration`
            other => {
                self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_FIELD_TYPE,
                        format!("`expires_in_version` must be a string, found {}; Firefox crashes on it", other.type_name()),
                    )
                    .at(value.span)
                    .probe(name)
                    .firefox(FirefoxVerdict::Crash),
                );
                return None;
            }
        };
        let raw = Spanned::new(text.to_string(), value.span);
        if text.is_empty() {
            return Some(Expiry::new(raw));
        }
        if text == "default" {
            if self.allowlist.is_some() && !self.allowlisted("expiry_default", name) {
                self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_EXPIRY_DEFAULT,
                        "`\"default\"` expiry is only allowed for allowlisted legacy histograms",
                    )
                    .at(value.span)
                    .probe(name)
                    .firefox_message(format!(
                        "New histogram \"{name}\" cannot have \"default\" expires_in_version value."
                    )),
                );
            }
        } else if self.strict() && self.generation() != Generation::Legacy2017 {
            if !is_valid_expiry(text) {
                self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_EXPIRY_INVALID,
                        format!("invalid expiry {}: use `never` or a major version of 1–3 digits", quote(text)),
                    )
                    .at(value.span)
                    .probe(name)
                    .firefox_message(format!(
                        "Error for histogram {name} - invalid expires_in_version: {text}.\nSee: {DOC_URL}#expires-in-version"
                    )),
                );
            } else if text != "never"
                && text.is_ascii()
                && !text.contains('\n')
                && !is_plain_version(text)
            {
                self.push(expiry_quirk(text, value.span, name));
            }
        }
        Some(Expiry::new(raw))
    }

    fn check_labels(&mut self, name: &str, definition: &Node) -> Vec<Spanned<String>> {
        let Some(entry) = definition.get("labels") else {
            return Vec::new();
        };
        let Some(items) = py_iter(&entry.value) else {
            return Vec::new();
        };
        if items.is_empty() {
            return Vec::new();
        }
        let long: Vec<&Node> = items
            .iter()
            .filter(|l| l.as_str().is_some_and(|s| py_len(s) > MAX_LABEL_LENGTH))
            .collect();
        for label in long {
            let text = label.as_str().unwrap_or_default();
            self.push(
                Diagnostic::new(
                    &rules::HISTOGRAM_LABEL_TOO_LONG,
                    format!(
                        "label {} is {} characters long; at most {MAX_LABEL_LENGTH} are allowed",
                        quote(text),
                        py_len(text)
                    ),
                )
                .at(label.span)
                .probe(name)
                .firefox_message(format!(
                    "Label values for \"{name}\" exceed length limit of {MAX_LABEL_LENGTH}: "
                )),
            );
        }
        if items.len() > MAX_LABEL_COUNT {
            self.push(
                Diagnostic::new(
                    &rules::HISTOGRAM_TOO_MANY_LABELS,
                    format!(
                        "{} labels; at most {MAX_LABEL_COUNT} are allowed",
                        items.len()
                    ),
                )
                .at(entry.value.span)
                .probe(name)
                .firefox_message(format!(
                    "Label count for \"{name}\" exceeds limit of {MAX_LABEL_COUNT}"
                )),
            );
        }
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for label in items.iter() {
            let Some(text) = label.as_str() else {
                self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_FIELD_TYPE,
                        format!(
                            "a label must be a string, found {}; Firefox crashes on it",
                            label.value.type_name()
                        ),
                    )
                    .at(label.span)
                    .probe(name)
                    .firefox(FirefoxVerdict::Crash),
                );
                continue;
            };
            if !is_histogram_name(text) {
                self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_LABEL_PATTERN,
                        format!("label {} does not match {NAME_PATTERN}", quote(text)),
                    )
                    .at(label.span)
                    .probe(name)
                    .firefox_message(format!(
                        "Label values for {name} are not matching pattern \"{NAME_PATTERN}\": "
                    )),
                );
            } else if CPP_KEYWORDS.contains(&text) {
                self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_CPP_RESERVED,
                        format!("label {} is a C++ keyword", quote(text)),
                    )
                    .at(label.span)
                    .probe(name),
                );
            }
            if let Some(first) = seen.get(text) {
                self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_DUPLICATE_LABEL,
                        format!("label {} is repeated", quote(text)),
                    )
                    .at(label.span)
                    .label(*first, "first used here")
                    .probe(name),
                );
            } else {
                seen.insert(text, label.span);
            }
        }
        string_items(&entry.value)
    }

    fn check_processes(
        &mut self,
        name: &str,
        key: &Node,
        definition: &Node,
    ) -> Vec<Spanned<String>> {
        let entry = definition.get("record_in_processes");
        let items = entry.map(|e| string_items(&e.value)).unwrap_or_default();
        if !self.strict() {
            return items;
        }
        let doc = DocLink("#record-in-processes");
        if entry.is_none_or(|e| !e.value.is_truthy()) {
            self.push(
                Diagnostic::new(
                    &rules::HISTOGRAM_MISSING_PROCESSES,
                    format!("histogram {} has no `record_in_processes`", quote(name)),
                )
                .at(entry.map_or(key.span, |e| e.value.span))
                .probe(name)
                .firefox_message(format!(
                    "Histogram \"{name}\" must have a \"record_in_processes\" field:\n{doc}"
                )),
            );
        }
        let known = self.generation().processes();
        for process in items.iter() {
            if !known.contains(&process.value.as_str()) {
                self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_UNKNOWN_PROCESS,
                        format!("unknown process {}", quote(&process.value)),
                    )
                    .at(process.span)
                    .probe(name)
                    .help(format!("known processes: {}", known.join(", ")))
                    .firefox_message(format!(
                        "Histogram \"{name}\" has unknown process \"{}\" in record_in_processes.\n{doc}",
                        process.value
                    )),
                );
            }
        }
        items
    }

    fn check_products(
        &mut self,
        name: &str,
        key: &Node,
        definition: &Node,
    ) -> Option<Vec<Spanned<String>>> {
        let entry = definition.get("products");
        let items = entry.map(|e| string_items(&e.value));
        let Some(known) = self.generation().products() else {
            return items;
        };
        if !self.strict() {
            return items;
        }
        let doc = DocLink("#products");
        if entry.is_none_or(|e| !e.value.is_truthy()) {
            self.push(
                Diagnostic::new(
                    &rules::HISTOGRAM_MISSING_PRODUCTS,
                    format!("histogram {} has no `products`", quote(name)),
                )
                .at(entry.map_or(key.span, |e| e.value.span))
                .probe(name)
                .firefox_message(format!(
                    "Histogram \"{name}\" must have a \"products\" field:\n{doc}"
                )),
            );
        }
        for product in items.iter().flatten() {
            if !known.contains(&product.value.as_str()) {
                self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_UNKNOWN_PRODUCT,
                        format!("unknown product {}", quote(&product.value)),
                    )
                    .at(product.span)
                    .probe(name)
                    .help(format!("known products: {}", known.join(", ")))
                    .firefox_message(format!(
                        "Histogram \"{name}\" has unknown product \"{}\" in products.\n{doc}",
                        product.value
                    )),
                );
            }
        }
        if self.generation() == Generation::Firefox76
            && items
                .iter()
                .flatten()
                .any(|p| p.value == "geckoview_streaming")
        {
            let kind = definition
                .get("kind")
                .and_then(|e| e.value.as_str())
                .unwrap_or("");
            let keyed = definition.get("keyed").is_some_and(|e| e.value.is_truthy());
            if !matches!(kind, "linear" | "exponential" | "boolean" | "categorical") || keyed {
                self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_GECKOVIEW_STREAMING,
                        format!(
                            "a geckoview_streaming histogram cannot be {}",
                            if keyed {
                                "keyed".to_string()
                            } else {
                                format!("of kind {}", quote(kind))
                            }
                        ),
                    )
                    .at(entry.map_or(key.span, |e| e.value.span))
                    .probe(name),
                );
            }
        }
        items
    }

    fn check_operating_systems(&mut self, name: &str, definition: &Node) -> Vec<Spanned<String>> {
        let Some(entry) = definition.get("operating_systems") else {
            return vec![Spanned::new("all".to_string(), Span::default())];
        };
        let items = string_items(&entry.value);
        if self.strict() {
            match self.generation() {
                Generation::Esr140 => self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_OBSOLETE_OPERATING_SYSTEMS,
                        "`operating_systems` is obsolete",
                    )
                    .at(entry.key.span)
                    .probe(name)
                    .firefox_message(format!(
                        "Histogram {name} uses obsolete field 'operating_systems'."
                    )),
                ),
                Generation::Firefox76 => {
                    for os in items.iter() {
                        if !OPERATING_SYSTEMS.contains(&os.value.as_str()) {
                            self.push(
                                Diagnostic::new(
                                    &rules::HISTOGRAM_UNKNOWN_OPERATING_SYSTEM,
                                    format!("unknown operating system {}", quote(&os.value)),
                                )
                                .at(os.span)
                                .probe(name)
                                .help(format!("known: {}", OPERATING_SYSTEMS.join(", "))),
                            );
                        }
                    }
                }
                Generation::Legacy2017 => {}
            }
        }
        items
    }

    fn check_stores(&mut self, name: &str, definition: &Node) -> Vec<Spanned<String>> {
        let Some(entry) = definition.get("record_into_store") else {
            return vec![Spanned::new("main".to_string(), Span::default())];
        };
        if self.strict() && !entry.value.is_truthy() {
            self.push(
                Diagnostic::new(&rules::HISTOGRAM_EMPTY_STORES, "`record_into_store` is empty")
                    .at(entry.value.span)
                    .probe(name)
                    .firefox_message(format!(
                        "Histogram \"{name}\" has empty list of stores, which is not allowed.\n{DOC_URL}#record-into-store"
                    )),
            );
        }
        string_items(&entry.value)
    }

    fn check_collection(&mut self, name: &str, definition: &Node) -> Spanned<Collection> {
        let Some(entry) = definition.get("releaseChannelCollection") else {
            return Spanned::new(Collection::OptIn, Span::default());
        };
        match entry.value.as_str() {
            Some("opt-in") => Spanned::new(Collection::OptIn, entry.value.span),
            Some("opt-out") => Spanned::new(Collection::OptOut, entry.value.span),
            _ => {
                self.push(
                    Diagnostic::new(
                        &rules::HISTOGRAM_UNKNOWN_COLLECTION,
                        "releaseChannelCollection must be \"opt-in\" or \"opt-out\"",
                    )
                    .at(entry.value.span)
                    .probe(name)
                    .firefox_message(format!(
                        "Unknown value for releaseChannelCollection policy for histogram \"{name}\"."
                    )),
                );
                Spanned::new(Collection::OptIn, entry.value.span)
            }
        }
    }
}

/// A link into Firefox's histogram docs, formatted only when a message needs it.
#[derive(Clone, Copy)]
struct DocLink(&'static str);

impl std::fmt::Display for DocLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{DOC_URL}{}", self.0)
    }
}

/// The bucket parameters as declared (after non-strict coercion).
#[derive(Default)]
struct Parameters {
    low: Option<Spanned<i64>>,
    high: Option<Spanned<i64>>,
    n_buckets: Option<Spanned<i64>>,
    n_values: Option<Spanned<i64>>,
}

fn self_text(value: &Node) -> String {
    match &value.value {
        Value::Int(i) if i.exact => i.value.to_string(),
        Value::Int(_) => "a number beyond 2^127".to_string(),
        Value::Bool(b) => b.to_string(),
        other => other.type_name().to_string(),
    }
}

/// `1`–`999` without a leading zero, ASCII, no trailing newline.
fn is_plain_version(text: &str) -> bool {
    !text.starts_with('0') && text.len() <= 3 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The warning for an expiry that passes only thanks to a leading zero.
fn expiry_quirk(text: &str, span: Span, probe: &str) -> Diagnostic {
    Diagnostic::new(
        &rules::HISTOGRAM_EXPIRY_QUIRK,
        format!(
            "expiry {} has a leading zero, so it is not normalised to N.0a1",
            quote(text)
        ),
    )
    .at(span)
    .probe(probe)
}
